/**
 * The issuing organisation on the certificate: a coordinator edits it per site, with a
 * logo; the PDF (read back as text) prints it with the signatory, the holder's birth
 * year, the skills by CRCN area with their codes, a legend and what the certificate is
 * not, on one A4 page for the largest certificate. Issued PDFs never change afterwards.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { expect } from 'chai';
import { frenchTypography } from '../../src/platform/typography.js';
import mongoose from 'mongoose';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { SessionUser } from '../../src/features/accounts/index.js';
import { Certificate } from '../../src/features/certificates/certificate.model.js';
import { issueCertificate } from '../../src/features/certificates/certificate-issue.service.js';
import { renderCertificatePdf } from '../../src/features/certificates/certificate-pdf.js';
import { rules } from '../../src/features/certificates/certificate-settings.js';
import { setValidation } from '../../src/features/progress/index.js';
import { Resident } from '../../src/features/residents/resident.model.js';
import { findOrCreateSite } from '../../src/features/sites/index.js';
import { DEMO_SITE, seedDemoAccounts } from '../../src/features/accounts/accounts.demo.js';
import { seedDemoOrganisation } from '../../src/features/sites/sites.demo.js';
import { seedDemoResidents } from '../../src/features/residents/residents.demo.js';
import { seedDemoSessions } from '../../src/features/sessions/sessions.demo.js';
import { seedDemoProgress } from '../../src/features/workshops/workshops.demo.js';
import { seedDemoValidations } from '../../src/features/validation/validation.demo.js';
import { seedDemoCertificates } from '../../src/features/certificates/certificates.demo.js';
import { aLeader, SITE } from '../helpers/certificate-builders.js';
import { csrfFor, getBinary, loggedIn, makeUser, newAgent, postForm, type Agent } from '../helpers/http.js';
import { pdfText } from '../helpers/pdf.js';
import { createResident, giveNotice } from '../helpers/residents-fixtures.js';
import { clearDatabase, getApp } from '../helpers/test-env.js';

const ORGANISATION = {
  legalName: 'Association Ti Kérourien',
  address: '3 rue de Kérourien, 29200 Brest',
  phone: '02 98 00 00 00',
  website: 'https://www.ti-kerourien.example',
  signatoryName: 'Anne Le Bris',
  signatoryRole: 'Directrice du centre social',
};

/** A valid 2×2 PNG, made here (CRC-32 by hand: Node 20 has no zlib.crc32). */
function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.from([0, 11, 79, 138, 255, 255, 255, 0, 255, 255, 255, 11, 79, 138]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function pageCount(data: Buffer): Promise<number> {
  const pdf = await getDocument({ data: new Uint8Array(data), isEvalSupported: false, useSystemFonts: false }).promise;
  const n = pdf.numPages;
  await pdf.destroy();
  return n;
}

const flat = (s: string) => s.replace(/\s+/g, ' ');
const METHODS = ['atelier', 'mise-en-pratique'] as const;

/** A text as layout 3 prints it (French typography), read back with plain spaces. */
const printed = (text: string) => frenchTypography(text).replace(/[\u00A0\u202F]/g, ' ');
describe('the issuing organisation on certificates (HTTP, real database)', function () {
  this.timeout(60_000);
  let coordinator: Agent;
  let leader: { user: SessionUser; agent: Agent };
  let siteId: string;
  let marie: string;

  beforeEach(async () => {
    await clearDatabase();
    await getApp();
    leader = await aLeader();
    await makeUser('coord.test', 'coordinator');
    coordinator = await loggedIn('coord.test');
    siteId = (await findOrCreateSite({ name: SITE })).id;
    // Marie has a support record with her birth year, and an account.
    const record = await createResident(leader.agent, { firstName: 'Marie-Hélène', lastName: 'Le Guérec', birthYear: '1956' });
    await giveNotice(leader.agent, record);
    await postForm(leader.agent, `/residents/${record}`, `/residents/${record}/compte`, {}, 303);
    marie = String((await Resident.findById(record).lean())!.user);
  });

  /** Every skill of the socle validated, by two methods in turn. */
  async function validateSocle() {
    const now = new Date();
    const socle = rules().find((r) => r.ref === 'socle')!;
    let i = 0;
    for (const s of socle.skills)
      await setValidation(
        marie,
        s.id,
        {
          by: new mongoose.Types.ObjectId(leader.user.id),
          byName: leader.user.displayName,
          date: now,
          method: METHODS[i++ % 2]!,
          level: 'seul',
          at: now,
        },
        now,
      );
    return socle;
  }

  async function saveOrganisation(values = ORGANISATION) {
    await postForm(coordinator, `/espaces/${siteId}`, `/espaces/${siteId}`, values, 303);
  }

  async function uploadLogo(file: Buffer, name: string, status: number) {
    const token = await csrfFor(coordinator, `/espaces/${siteId}`);
    return coordinator.post(`/espaces/${siteId}/logo`).field('_csrf', token).attach('logo', file, name).expect(status);
  }

  it('lets a coordinator edit a site’s organisation and logo; refuses a wrong address or file and shows the form again', async () => {
    const page = await coordinator.get(`/espaces/${siteId}`).expect(200);
    expect(page.text).to.include('Nom officiel').and.include('enctype="multipart/form-data"');
    const refused = await postForm(
      coordinator,
      `/espaces/${siteId}`,
      `/espaces/${siteId}`,
      { ...ORGANISATION, website: 'www sans protocole' },
      422,
    );
    expect(refused.text).to.include('doit commencer par https://').and.include('value="Anne Le Bris"');
    await saveOrganisation();
    expect((await coordinator.get(`/espaces/${siteId}`)).text).to.include('value="Association Ti Kérourien"');

    const pdfAsLogo = await uploadLogo(Buffer.from('%PDF-1.4\n%%EOF\n'), 'logo.png', 422);
    expect(pdfAsLogo.text).to.include('PNG ou un JPEG');
    await uploadLogo(Buffer.alloc(201 * 1024, 1), 'gros.png', 422);
    await uploadLogo(png(), 'logo.png', 303);
    const logo = await getBinary(coordinator, `/espaces/${siteId}/logo`).expect(200).expect('Content-Type', 'image/png');
    expect((logo.body as Buffer).equals(png())).to.equal(true);
    await leader.agent.get(`/espaces/${siteId}`).expect(403);
  });

  it('prints the organisation, the signatory, the birth year, the CRCN codes, the legend and the limits, on one page for the socle', async () => {
    await saveOrganisation();
    await uploadLogo(png(), 'logo.png', 303);
    const socle = await validateSocle();
    const { certificate } = await issueCertificate(leader.user, marie, 'socle', new Date());
    const pdf = (await getBinary(leader.agent, `/certificats/${certificate.id}.pdf`).expect(200)).body as Buffer;
    expect(await pageCount(pdf)).to.equal(1);
    const text = flat(await pdfText(pdf));
    for (const v of Object.values(ORGANISATION)) expect(text).to.include(v);
    expect(text).to.include('Marie-Hélène Le Guérec').and.include('Année de naissance : 1956');
    expect(text).to.include('Compétences validées par').and.include('anim.test');
    expect(text).to.include('Domaine 1 · Information et données').and.include('Domaine 4 · Protection et sécurité');
    expect(text).to.include('4.1 Sécuriser l’environnement numérique');
    expect(text)
      .to.include('Sans aide : la personne a fait le geste seule')
      .and.include('Mise en pratique : pendant une séance individuelle');
    expect(text).to.include('vu en atelier').and.include('mise en pratique');
    expect(text)
      .to.include('Ce n’est pas une certification professionnelle')
      .and.include('Pix (pix.fr)')
      .and.include('CléA numérique');
    expect(text).to.include(certificate.code).and.include(`/verifier/${certificate.code}`);
    for (const s of socle.skills) expect(text, s.id).to.include(printed(s.title));
    // Each skill with its code in front of it.
    const stored = (await Certificate.findById(certificate.id).lean())!;
    for (const s of stored.skills) expect(text).to.include(`${s.crcn} ${printed(s.title)}`);
    expect(stored.pdfSha256).to.equal(createHash('sha256').update(pdf).digest('hex'));

    // The public check masks what the PDF shows in full.
    const check = await (await newAgent()).get(`/verifier/${certificate.code}`).expect(200);
    expect(check.text).to.include('Marie-Hélène L.').and.not.include('1956').and.not.include('Guérec');
  });

  it('keeps an issued PDF as it was when the site’s organisation or logo changes later', async () => {
    await saveOrganisation();
    await uploadLogo(png(), 'logo.png', 303);
    await validateSocle();
    const { certificate } = await issueCertificate(leader.user, marie, 'socle', new Date());
    const before = (await getBinary(leader.agent, `/certificats/${certificate.id}.pdf`).expect(200)).body as Buffer;

    await saveOrganisation({ ...ORGANISATION, legalName: 'Nouvelle association', signatoryName: 'Paul Nouveau' });
    await postForm(coordinator, `/espaces/${siteId}`, `/espaces/${siteId}/logo/retrait`, {}, 303);
    const after = (await getBinary(leader.agent, `/certificats/${certificate.id}.pdf`).expect(200)).body as Buffer;
    expect(after.equals(before)).to.equal(true);
    const text = flat(await pdfText(after));
    expect(text).to.include('Association Ti Kérourien').and.include('Anne Le Bris').and.not.include('Paul Nouveau');
  });

  it('gives a certificate issued before the organisation was printed the very file it had (layout 1, same checksum)', async () => {
    // Layout 1 of a fixed certificate, as main rendered it before this change.
    const d = {
      code: 'KRN-ABCD-EFGH',
      kind: 'module' as const,
      title: 'Découvrir l’ordinateur',
      holderName: 'Marie-Hélène Le Guérec',
      siteName: 'Kérourien (test)',
      leaderName: 'Yann Animateur',
      issuedAt: new Date('2026-03-02T10:00:00Z'),
      skills: [
        { title: 'Allumer et éteindre', level: 'seul' as const, date: new Date('2026-02-20T10:00:00Z') },
        { title: 'Utiliser la souris', level: 'avec-aide' as const, date: new Date('2026-02-21T10:00:00Z') },
      ],
      status: 'valid' as const,
      rulesVersion: 2,
      validUntil: new Date('2029-03-02T10:00:00Z'),
      verifyUrl: 'https://exemple.test/verifier/KRN-ABCD-EFGH',
    };
    const sha = createHash('sha256')
      .update(await renderCertificatePdf(d))
      .digest('hex');
    expect(sha).to.equal('c60ce12e3d85f8612b28fcfe0f2ee5b0da8bc0133a88581e67cd43e60300edd0');
  });

  it('marks the demo site’s organisation, and so its certificate, as a demonstration (seed:demo)', async () => {
    for (const step of [
      seedDemoAccounts,
      () => seedDemoOrganisation(DEMO_SITE),
      seedDemoResidents,
      seedDemoSessions,
      seedDemoProgress,
      seedDemoValidations,
      seedDemoCertificates,
    ])
      await step();
    expect((await seedDemoOrganisation(DEMO_SITE)).created).to.deep.equal([]);
    const demo = (await Certificate.findOne({ siteName: DEMO_SITE }).lean())!;
    expect(demo.issuer?.demo).to.equal(true);
    const anim = await loggedIn('anim.demo', 'demo-kerourien-2026');
    const text = flat(await pdfText((await getBinary(anim, `/certificats/${String(demo._id)}.pdf`).expect(200)).body as Buffer));
    expect(text)
      .to.include('Démonstration — Centre social de Kérourien (fictif)')
      .and.include('DÉMONSTRATION : attestation fictive');
  });

  it('indents the wrapped lines of a skill under its title, right of its code', async () => {
    const long = 'Remplir un formulaire en ligne de demande d’aide au logement, joindre les pièces et garder le récépissé';
    const pdf = await renderCertificatePdf({
      layout: 2,
      code: 'KRN-ABCD-EFGH',
      kind: 'module',
      title: 'Démarches en ligne',
      holderName: 'Marie-Hélène Le Guérec',
      siteName: SITE,
      leaderName: 'Yann Animateur',
      issuedAt: new Date('2026-03-02T10:00:00Z'),
      skills: [{ title: long, crcn: '2.4', level: 'seul', method: 'entretien', date: new Date('2026-02-20T10:00:00Z') }],
      status: 'valid',
      verifyUrl: 'https://exemple.test/verifier/KRN-ABCD-EFGH',
    });
    const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false }).promise;
    const items = (await (await doc.getPage(1)).getTextContent()).items.flatMap((it) =>
      'str' in it && it.str.trim() ? [{ str: it.str, x: it.transform[4] as number, y: it.transform[5] as number }] : [],
    );
    await doc.destroy();
    const code = items.find((it) => it.str === '2.4')!;
    const lines = items.filter((it) => it.y <= code.y && it.y > code.y - 40 && it.x > code.x);
    expect(lines.length, JSON.stringify(lines)).to.be.greaterThan(1);
    // The first line beside the code, the next one starting at the same x, not under the code.
    expect(lines[0]!.y).to.equal(code.y);
    expect(lines[1]!.y).to.be.lessThan(code.y);
    expect(lines[1]!.x)
      .to.equal(lines[0]!.x)
      .and.be.greaterThan(code.x + 10);
    expect(flat(await pdfText(pdf)))
      .to.include('entretien')
      .and.include(long.slice(0, 40));
  });
});
