/**
 * Paged and searchable lists: residents, certificates, the journal, accounts, workshop
 * sessions. 50 rows a page, "page suivante / précédente" as plain links; bad page
 * numbers answer a 400 page; each list keeps to the actor's site; each page full of rows
 * stays within the page-weight budget (15 KB of gzip HTML on a second visit, DESIGN.md).
 */
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { ensureAccount, rebuildAccountParts, type SessionUser } from '../../src/features/accounts/index.js';
import { User } from '../../src/features/accounts/user.model.js';
import { Certificate } from '../../src/features/certificates/certificate.model.js';
import { certificateListKeys } from '../../src/features/certificates/certificate-list-keys.js';
import { certificateListSlotsMigration } from '../../src/features/certificates/index.js';
import { directContext } from '../../src/platform/background.js';
import { createResident } from '../../src/features/residents/resident.service.js';
import { createSession } from '../../src/features/sessions/index.js';
import { audit } from '../../src/platform/audit.js';
import { loggedIn, makeUser, PASSWORD, type Agent } from '../helpers/http.js';
import { giveNotice, postEntry, identityInput } from '../helpers/residents-fixtures.js';
import { clearDatabase, getApp } from '../helpers/test-env.js';

const SITE_A = 'Kérourien (listes)';
const SITE_B = 'Bellevue (listes)';
const BUDGET_SECOND_VISIT = 15 * 1024;

const links = (html: string, pattern: RegExp) => [...html.matchAll(pattern)].length;
const residentLinks = (html: string) => links(html, /href="\/residents\/[a-f0-9]{24}"/g);
const hrefOf = (html: string, rel: 'next' | 'prev') =>
  new RegExp(`rel="${rel}" href="([^"]+)"`).exec(html)?.[1]?.replace(/&amp;/g, '&');

function withinBudget(html: string, page: string) {
  const bytes = gzipSync(html).length;
  expect(bytes, `${page}: ${bytes} bytes of gzip HTML`).to.be.below(BUDGET_SECOND_VISIT);
}

const dwelling = (building: string, flat: string) => ({ building, flat, entrance: '', address: '', landlordRef: '' });

describe('paged and searchable lists (HTTP, real database)', function () {
  this.timeout(120_000);
  let leaderA: SessionUser;
  let leaderB: SessionUser;
  let a: Agent;
  let b: Agent;
  let c: Agent;
  let helene: string;

  before(async () => {
    await clearDatabase();
    // The services below record activity in the app's scope.
    await getApp();
    leaderA = (await makeUser('anim.listes.a', 'leader', SITE_A)).user;
    leaderB = (await makeUser('anim.listes.b', 'leader', SITE_B)).user;
    await makeUser('coord.listes', 'coordinator');
    for (let i = 1; i <= 51; i++) {
      await createResident(leaderA, {
        ...identityInput('Yann', `Abgrall ${String(i).padStart(2, '0')}`),
        dwelling: dwelling('A', String(i)),
      });
    }
    helene = await createResident(leaderA, { ...identityInput('Hélène', 'Guéguen'), dwelling: dwelling('K2', '104') });
    await createResident(leaderB, { ...identityInput('Hervé', 'Guéguen'), dwelling: dwelling('K2', '104') });
    a = await loggedIn('anim.listes.a');
    b = await loggedIn('anim.listes.b');
    c = await loggedIn('coord.listes');
  });
  after(clearDatabase);

  describe('residents', () => {
    it('shows at most 50 a page: 51 residents under one letter make two parts, in order, all listed once', async () => {
      const first = await a.get('/residents?lettre=a').expect(200);
      const shown = residentLinks(first.text);
      expect(shown).to.be.within(1, 50);
      expect(first.text).to.include('Page suivante').and.include('Abgrall 01').and.not.include('Abgrall 51');
      withinBudget(first.text, '/residents');
      const next = hrefOf(first.text, 'next');
      expect(next).to.equal('/residents?lettre=a&page=2');
      const second = await a.get(next!).expect(200);
      expect(residentLinks(second.text)).to.equal(51 - shown).and.be.at.most(50);
      expect(second.text).to.include('Abgrall 51').and.include('Page précédente').and.not.include('Abgrall 01');
      // In order: the first page ends just before the second begins.
      expect(first.text).to.include(`Abgrall ${String(shown).padStart(2, '0')}`);
      expect(second.text).to.include(`Abgrall ${String(shown + 1).padStart(2, '0')}`);
      expect(hrefOf(second.text, 'prev')).to.equal('/residents?lettre=a');
      // At the end of a letter, "next page" goes on to the next letter.
      expect(hrefOf(second.text, 'next')).to.equal('/residents?lettre=b');
    });

    it('opens on the letter A and lists the other letters as links', async () => {
      const page = await a.get('/residents').expect(200);
      expect(residentLinks(page.text)).to.equal(residentLinks((await a.get('/residents?lettre=a').expect(200)).text));
      expect(page.text).to.include('Abgrall 01').and.include('href="/residents?lettre=g"');
      const g = await a.get('/residents?lettre=g').expect(200);
      expect(g.text).to.include(`/residents/${helene}`);
      expect(residentLinks(g.text)).to.equal(1);
      // What the list shows of the household comes with the resident: building and flat.
      expect(g.text).to.include('K2');
    });

    it('finds a resident by name, ignoring case and accents, by the start of a word', async () => {
      for (const q of ['GUEGUEN', 'guéguen', 'helene', 'Hél', 'gueg hel']) {
        const page = await a.get(`/residents?q=${encodeURIComponent(q)}`).expect(200);
        expect(residentLinks(page.text), q).to.equal(1);
        expect(page.text, q).to.include(`/residents/${helene}`);
      }
      const none = await a.get('/residents?q=gueguen%20yann').expect(200);
      expect(residentLinks(none.text)).to.equal(0);
      expect(none.text).to.include('Aucun résident ne correspond.');
    });

    it('finds residents by building and by flat', async () => {
      const building = await a.get('/residents?q=k2').expect(200);
      expect(residentLinks(building.text)).to.equal(1);
      expect(building.text).to.include(`/residents/${helene}`);
      const flat = await a.get('/residents?q=104').expect(200);
      expect(residentLinks(flat.text)).to.equal(1);
      const both = await a.get('/residents?q=k2%20104').expect(200);
      expect(residentLinks(both.text)).to.equal(1);
    });

    it('pages a search too', async () => {
      const first = await a.get('/residents?q=abgrall').expect(200);
      expect(residentLinks(first.text)).to.equal(50);
      const next = hrefOf(first.text, 'next');
      expect(next).to.equal('/residents?q=abgrall&page=2');
      expect(residentLinks((await a.get(next!).expect(200)).text)).to.equal(1);
    });

    it('filters the residents with something to follow up ("à suivre")', async () => {
      await giveNotice(a, helene);
      await postEntry(a, helene, 'installation', {}, 303);
      const page = await a.get('/residents?filtre=suivi').expect(200);
      expect(residentLinks(page.text)).to.equal(1);
      expect(page.text).to.include(`/residents/${helene}`);
      const searched = await a.get('/residents?filtre=suivi&q=abgrall').expect(200);
      expect(residentLinks(searched.text)).to.equal(0);
    });

    it('opens on the first letter that has someone', async () => {
      const page = await b.get('/residents').expect(200);
      expect(residentLinks(page.text)).to.equal(1);
      expect(page.text).to.include('Hervé').and.include('Noms en G');
    });

    it('never shows another site’s residents', async () => {
      const searched = await b.get('/residents?q=gueguen').expect(200);
      expect(residentLinks(searched.text)).to.equal(1);
      expect(searched.text).to.include('Hervé').and.not.include(`/residents/${helene}`);
      const letter = await b.get('/residents?lettre=a').expect(200);
      expect(residentLinks(letter.text)).to.equal(0);
      await c.get('/residents').expect(403);
    });
  });

  describe('workshop sessions', () => {
    const sessionLinks = (html: string) => links(html, /href="\/seances\/[a-f0-9]{24}"/g);
    before(async () => {
      // 51 sessions in January 2025 (two a day, Brest time), one in February, one this month.
      for (let i = 0; i < 51; i++) {
        await createSession(leaderA, {
          moduleId: i === 50 ? 'naviguer-internet' : 'decouvrir-ordinateur',
          date: new Date(Date.UTC(2025, 0, 1 + Math.floor(i / 2), 9 + (i % 2))),
          durationMinutes: 90,
          notes: '',
        });
      }
      await createSession(leaderA, {
        moduleId: 'decouvrir-ordinateur',
        date: new Date(Date.UTC(2025, 1, 3)),
        durationMinutes: 90,
        notes: '',
      });
      await createSession(leaderA, { moduleId: 'decouvrir-ordinateur', date: new Date(), durationMinutes: 90, notes: '' });
    });

    it('shows one month at a time (this one by default), 50 a page, newest first, and keeps to the leader’s site', async () => {
      const now = await a.get('/seances').expect(200);
      expect(sessionLinks(now.text)).to.equal(1);
      const first = await a.get('/seances?mois=2025-01').expect(200);
      expect(sessionLinks(first.text)).to.equal(50);
      expect(first.text).to.include('Séances en janvier 2025');
      withinBudget(first.text, '/seances');
      const next = hrefOf(first.text, 'next');
      expect(next).to.equal('/seances?mois=2025-01&page=2');
      const second = await a.get(next!).expect(200);
      expect(sessionLinks(second.text)).to.equal(1);
      const filtered = await a.get('/seances?mois=2025-01&atelier=naviguer-internet').expect(200);
      expect(sessionLinks(filtered.text)).to.equal(1);
      const other = await b.get('/seances?mois=2025-01').expect(200);
      expect(sessionLinks(other.text)).to.equal(0);
      expect(other.text).to.include('Aucune séance ce mois-là.');
    });

    it('goes from month to month with plain links and a month field that works without JavaScript', async () => {
      const jan = await a.get('/seances?mois=2025-01&atelier=decouvrir-ordinateur').expect(200);
      expect(jan.text)
        .to.include('href="/seances?atelier=decouvrir-ordinateur&amp;mois=2024-12"')
        .and.include('href="/seances?atelier=decouvrir-ordinateur&amp;mois=2025-02"')
        .and.match(/<input id="mois" name="mois" type="month" value="2025-01"/)
        .and.include('<input type="hidden" name="atelier" value="decouvrir-ordinateur">');
      const feb = await a.get('/seances?mois=2025-02').expect(200);
      expect(sessionLinks(feb.text)).to.equal(1);
      expect(feb.text).to.include('février 2025');
    });
  });

  describe('certificates', () => {
    before(async () => {
      const make = (site: string, siteName: string, i: number, issuedBy: string) => ({
        code: `KRN-TEST-${String(i).padStart(4, '2')}`,
        user: new mongoose.Types.ObjectId(),
        site: new mongoose.Types.ObjectId(site),
        siteName,
        kind: 'module',
        ref: 'decouvrir-ordinateur',
        title: 'Découvrir l’ordinateur',
        holderName: `Titulaire ${siteName} ${i}`,
        issuedAt: new Date(Date.UTC(2025, 1, 1, 0, i)),
        ...certificateListKeys({ issuedAt: new Date(Date.UTC(2025, 1, 1, 0, i)), holderName: `Titulaire ${siteName} ${i}` }),
        issuedBy: new mongoose.Types.ObjectId(issuedBy),
        issuedByName: 'anim',
        status: 'valid',
        activeKey: `test:${site}:${i}`,
      });
      const docs = Array.from({ length: 51 }, (_, i) => make(leaderA.siteId!, SITE_A, i + 100, leaderA.id));
      docs.push(make(leaderB.siteId!, SITE_B, 999, leaderB.id));
      // Written as an older version did (no place in the list): the start-up migration gives them theirs.
      await Certificate.insertMany(docs);
      expect(await certificateListSlotsMigration.run(directContext)).to.equal(52);
    });

    it('shows a leader the certificates of their site, one month at a time, 40 a page read by its key, newest first', async () => {
      const now = await a.get('/certificats').expect(200);
      expect(links(now.text, /href="\/certificats\/[a-f0-9]{24}"/g)).to.equal(0);
      expect(now.text).to.include('Aucune attestation délivrée ce mois-là.');
      const first = await a.get('/certificats?mois=2025-02').expect(200);
      expect(first.text).to.include('Attestations délivrées en février 2025');
      // Page 1 is the month's latest page of 40: the 11 newest (51 = 40 + 11).
      expect(links(first.text, /href="\/certificats\/[a-f0-9]{24}"/g)).to.equal(11);
      const shown = [...first.text.matchAll(new RegExp(`Titulaire ${SITE_A.replace(/[()]/g, '\\$&')} (\\d+)`, 'g'))].map((m) => Number(m[1]));
      expect(shown).to.deep.equal(Array.from({ length: 11 }, (_, i) => 150 - i));
      expect(first.text).to.not.include(SITE_B);
      const second = await a.get(hrefOf(first.text, 'next')!).expect(200);
      expect(links(second.text, /href="\/certificats\/[a-f0-9]{24}"/g)).to.equal(40);
      expect(second.text).to.include(`Titulaire ${SITE_A} 139`).and.include(`Titulaire ${SITE_A} 100`);
      expect(hrefOf(second.text, 'next')).to.equal(undefined);
      withinBudget(second.text, '/certificats');
      expect(hrefOf(first.text, 'next')).to.equal('/certificats?mois=2025-02&page=2');
      const other = await b.get('/certificats?mois=2025-02').expect(200);
      expect(links(other.text, /href="\/certificats\/[a-f0-9]{24}"/g)).to.equal(1);
      expect(other.text).to.include(`Titulaire ${SITE_B}`).and.not.include(`Titulaire ${SITE_A}`);
    });

    it('goes from month to month, never after this one', async () => {
      const feb = await a.get('/certificats?mois=2025-02').expect(200);
      expect(feb.text)
        .to.include('href="/certificats?mois=2025-01"')
        .and.include('href="/certificats?mois=2025-03"')
        .and.match(/<input id="mois" name="mois" type="month" value="2025-02"/);
      const jan = await a.get('/certificats?mois=2025-01').expect(200);
      expect(links(jan.text, /href="\/certificats\/[a-f0-9]{24}"/g)).to.equal(0);
      const now = await a.get('/certificats').expect(200);
      expect(now.text).to.include('Mois précédent');
      expect(now.text).to.not.include('Mois suivant');
    });

    it('finds a certificate by a word of the holder’s name in any month, only in the leader’s site', async () => {
      const found = await a.get('/certificats?q=titulaire%20kerourien%20150').expect(200);
      const part = found.text.split('id="trouvees"')[1]!.split('</section>')[0]!;
      expect(links(part, /href="\/certificats\/[a-f0-9]{24}"/g)).to.equal(1);
      const elsewhere = await b.get('/certificats?q=kerourien').expect(200);
      expect(elsewhere.text).to.include('Aucune attestation pour');
    });

    it('shows a coordinator every site, or one', async () => {
      // Each site's latest page: site A's 11 newest and site B's one, newest first across sites.
      const first = await c.get('/certificats?mois=2025-02').expect(200);
      expect(links(first.text, /href="\/certificats\/[a-f0-9]{24}"/g)).to.equal(12);
      expect(first.text.indexOf(`Titulaire ${SITE_B}`))
        .to.be.greaterThan(-1)
        .and.below(first.text.indexOf(`Titulaire ${SITE_A}`));
      const second = await c.get('/certificats?mois=2025-02&page=2').expect(200);
      expect(links(second.text, /href="\/certificats\/[a-f0-9]{24}"/g)).to.equal(40);
      const onlyB = await c.get(`/certificats?mois=2025-02&espace=${leaderB.siteId}`).expect(200);
      expect(links(onlyB.text, /href="\/certificats\/[a-f0-9]{24}"/g)).to.equal(1);
    });
  });

  describe('the journal', () => {
    before(async () => {
      for (let i = 0; i < 51; i++) {
        await audit(leaderA, 'resident.view', `resident:${helene}`, {}, new Date(Date.UTC(2025, 2, 10, 8, i)));
      }
    });

    it('shows one month at a time, 50 a page, to coordinators only', async () => {
      const first = await c.get('/journal?mois=2025-03').expect(200);
      expect(links(first.text, /href="\/journal\?sujet=/g)).to.equal(50);
      withinBudget(first.text, '/journal');
      const next = hrefOf(first.text, 'next');
      expect(next).to.equal('/journal?mois=2025-03&page=2');
      expect(links((await c.get(next!).expect(200)).text, /href="\/journal\?sujet=/g)).to.equal(1);
      const empty = await c.get('/journal?mois=2024-03').expect(200);
      expect(links(empty.text, /href="\/journal\?sujet=/g)).to.equal(0);
      const subject = await c.get(`/journal?sujet=resident:${helene}&page=2`).expect(200);
      expect(links(subject.text, /href="\/journal\?sujet=/g)).to.be.greaterThan(0);
      await a.get('/journal').expect(403);
    });
  });

  describe('accounts', () => {
    before(async () => {
      // One account through the service, 50 more with its hash: 51 argon2 hashes would
      // only measure the machine's load.
      const { user } = await ensureAccount({
        username: 'resident.1',
        password: PASSWORD,
        role: 'resident',
        displayName: 'Résident 01',
        siteId: leaderA.siteId,
      });
      const first = await User.findById(user.id).lean<{ passwordHash: string }>();
      await User.insertMany(
        Array.from({ length: 50 }, (_, i) => ({
          username: `resident.${i + 2}`,
          passwordHash: first!.passwordHash,
          role: 'resident',
          displayName: `Résident ${String(i + 2).padStart(2, '0')}`,
          initial: 'r',
          site: new mongoose.Types.ObjectId(leaderA.siteId!),
        })),
      );
      // Written straight into the collection, as before the lists' parts: laid out as the start-up migration does.
      await rebuildAccountParts();
      await ensureAccount({
        username: 'zoe.t',
        password: PASSWORD,
        role: 'resident',
        displayName: 'Zoé Tanguy',
        siteId: leaderA.siteId,
      });
    });
    const accountLinks = (html: string) => links(html, /href="\/progression\/[a-f0-9]{24}"/g);
    const validationLinks = (html: string) => links(html, /href="\/validation\/residents\/[a-f0-9]{24}"/g);

    it('shows a leader the accounts of their site one letter at a time (the first with someone), at most 50 a page', async () => {
      const first = await a.get('/comptes').expect(200);
      const shown = accountLinks(first.text);
      expect(shown).to.be.within(1, 50);
      expect(first.text).to.include('Lettre R').and.include('Résident 01').and.not.include('Zoé Tanguy');
      withinBudget(first.text, '/comptes');
      expect(hrefOf(first.text, 'next')).to.equal('/comptes?lettre=r&page=2');
      const second = await a.get(hrefOf(first.text, 'next')!).expect(200);
      expect(accountLinks(second.text)).to.equal(51 - shown);
      expect(second.text).to.include('Résident 51').and.not.include('Résident 01');
      // At the end of a letter, the next one.
      expect(hrefOf(second.text, 'next')).to.equal('/comptes?lettre=s');
      const z = await a.get('/comptes?lettre=Z').expect(200);
      expect(accountLinks(z.text)).to.equal(1);
      expect(z.text).to.include('Zoé Tanguy').and.include('href="/comptes?lettre=a"');
      const other = await b.get('/comptes').expect(200);
      expect(accountLinks(other.text)).to.equal(0);
    });

    it('lists the residents to validate one letter at a time, with the same letter bar', async () => {
      const first = await a.get('/validation').expect(200);
      expect(validationLinks(first.text)).to.equal(accountLinks((await a.get('/comptes').expect(200)).text));
      expect(first.text).to.include('Lettre R').and.include('href="/validation?lettre=z"');
      const z = await a.get('/validation?lettre=z').expect(200);
      expect(validationLinks(z.text)).to.equal(1);
      expect(z.text).to.include('Zoé Tanguy');
      const none = await b.get('/validation?lettre=z').expect(200);
      expect(validationLinks(none.text)).to.equal(0);
      await c.get('/validation').expect(403);
    });

    it('shows a coordinator the leaders, with no letter bar', async () => {
      const page = await c.get('/comptes').expect(200);
      expect(page.text).to.include('anim.listes.a').and.not.include('class="letters"');
    });
  });

  describe('bad input', () => {
    it('answers a 400 page in French for a page number that does not exist', async () => {
      const lists: [Agent, string][] = [
        [a, '/residents'],
        [a, '/seances'],
        [a, '/certificats'],
        [a, '/comptes'],
        [a, '/validation'],
        [c, '/journal'],
      ];
      for (const [agent, path] of lists) {
        for (const page of ['0', '-1', 'abc', '1.5', '1001', '99999999999']) {
          const res = await agent.get(`${path}?page=${page}`).expect(400);
          expect(res.text, `${path}?page=${page}`).to.include('Ce numéro de page n’existe pas.');
        }
        await agent.get(`${path}?page=1000`).expect(200);
      }
    });

    it('refuses a search that is too long and a month that does not exist', async () => {
      const res = await a.get(`/residents?q=${'a'.repeat(81)}`).expect(400);
      expect(res.text).to.include('La recherche est trop longue.');
      const month = await c.get('/journal?mois=2025-13').expect(400);
      expect(month.text).to.include('Ce mois n’existe pas.');
      for (const path of ['/seances', '/certificats']) {
        for (const mois of ['2025-13', '2025-1', 'janvier', '1999-01', '2025-01-01']) {
          const res = await a.get(`${path}?mois=${mois}`).expect(400);
          expect(res.text, `${path}?mois=${mois}`).to.include('Ce mois n’existe pas.');
        }
      }
      for (const path of ['/comptes', '/validation', '/residents']) {
        for (const lettre of ['aa', '1', 'é', '%24']) {
          const res = await a.get(`${path}?lettre=${lettre}`).expect(400);
          expect(res.text, `${path}?lettre=${lettre}`).to.include('lettre');
        }
      }
    });
  });
});
