import { expect } from 'chai';
import mongoose from 'mongoose';
import { clearDatabase } from '../helpers/test-env.js';
import { csrfFor, loggedIn, postForm } from '../helpers/http.js';
import { accountFromRecord, createResident, giveNotice, postEntry, twoLeaders } from '../helpers/residents-fixtures.js';
import { runRetention } from '../../src/features/record/index.js';
import { setValidation } from '../../src/features/progress/index.js';
import { catalogue } from '../../src/features/workshops/index.js';
import { listAuditEvents } from '../../src/platform/audit.repository.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('residents: personal-data rights (export, erasure, retention)', () => {
  beforeEach(async () => {
    await clearDatabase();
  });

  it('exports a resident’s data as JSON and as a readable page, and audits it', async () => {
    const { a } = await twoLeaders();
    const id = await createResident(a);
    await giveNotice(a, id);
    await postEntry(a, id, 'installation', {}, 303);
    await postEntry(a, id, 'abonnement', {}, 303);
    const json = await a.get(`/residents/${id}/export.json`).expect(200);
    expect(json.headers['content-type']).to.match(/^application\/json/);
    expect(json.headers['content-disposition']).to.include('attachment');
    const data = JSON.parse(json.text) as {
      resident: { lastName: string };
      household: { dwelling: { flat: string }; subscription: { status: string } };
      supportEntries: { kind: string }[];
      exportedBy: string;
    };
    expect(data.resident.lastName).to.equal('Le Guérec');
    expect(data.household.dwelling.flat).to.equal('41');
    expect(data.household.subscription.status).to.equal('souscrit');
    expect(data.supportEntries.map((e) => e.kind).sort()).to.deep.equal(['abonnement', 'installation']);
    expect(data.exportedBy).to.equal('anim.a');
    const page = await a.get(`/residents/${id}/export`).expect(200);
    expect(page.text).to.include('Données du dossier').and.include('Wi-Fi absent dans la chambre').and.include('Imprimer');
    const actions = (await listAuditEvents({ subject: `resident:${id}` })).map((e) => e.action);
    expect(actions.filter((x) => x === 'resident.export')).to.have.length(2);
  });

  it('erases a record by anonymisation: no name, no files, no login, counts kept', async function () {
    // Heavy: three password hashes, two logins, an upload, on a shared machine.
    this.timeout(40_000);
    const { a } = await twoLeaders();
    const id = await createResident(a, { email: 'marie@example.org' });
    await giveNotice(a, id);
    await postEntry(a, id, 'installation', { notes: 'Sa fille Sophie passe le mardi' }, 303);
    await postEntry(a, id, 'aide', {}, 303);
    const { username, password } = await accountFromRecord(a, id);
    const token = await csrfFor(a, `/residents/${id}`);
    await a
      .post(`/residents/${id}/pieces`)
      .field('_csrf', token)
      .field('label', 'notice')
      .attach('fichiers', PDF, 'notice.pdf')
      .expect(303);

    // The resident is logged in somewhere when the record is erased.
    const open = await loggedIn(username, password);
    await open.get('/mot-de-passe').expect(200);

    const confirm = await a.get(`/residents/${id}/effacer`).expect(200);
    expect(confirm.text).to.include('On ne peut pas revenir en arrière');
    const unconfirmed = await postForm(a, `/residents/${id}/effacer`, `/residents/${id}/effacer`, {}, 422);
    expect(unconfirmed.text).to.include('Cochez la case pour confirmer');
    await postForm(a, `/residents/${id}/effacer`, `/residents/${id}/effacer`, { confirm: 'oui' }, 303);

    const page = await a.get(`/residents/${id}`).expect(200);
    expect(page.text).to.include('anonymisé').and.not.include('Le Guérec').and.not.include('marie@example.org');
    expect(page.text).to.not.include('Sophie').and.not.include('Wi-Fi absent');
    // Counts stay: two entries, their kinds.
    expect(page.text.match(/timeline-item timeline-entry/g)).to.have.length(2);
    const db = mongoose.connection.db!;
    expect(await db.collection('attachments.files').countDocuments()).to.equal(0);
    expect(await db.collection('attachments.chunks').countDocuments()).to.equal(0);
    expect(await db.collection('supportentries').countDocuments()).to.equal(2);
    expect((await a.get('/residents')).text).to.not.include(`/residents/${id}`);
    // Their open session has ended, and the account no longer logs in.
    const ended = await open.get('/mot-de-passe').expect(303);
    expect(ended.headers.location).to.match(/^\/connexion/);
    let loginFailed = false;
    await loggedIn(username, password).catch(() => (loginFailed = true));
    expect(loginFailed).to.equal(true);
    // No more changes to an anonymised record.
    await postEntry(a, id, 'aide', {}, 403);
    const actions = (await listAuditEvents({ subject: `resident:${id}` })).map((e) => e.action);
    expect(actions).to.include('resident.erase');
  });

  it('erases the name from validation comments and from the audit trail, keeping the events', async () => {
    const { a } = await twoLeaders();
    const id = await createResident(a);
    await giveNotice(a, id);
    const { username } = await accountFromRecord(a, id);
    const db = mongoose.connection.db!;
    const user = (await db.collection('users').findOne({ username }))!;
    const now = new Date();
    const skill = catalogue().moduleById.get('decouvrir-ordinateur')!.skills[0]!.id;
    const comment = 'Marie-Hélène a réussi seule, bravo Mme Le Guérec';
    await setValidation(
      String(user._id),
      skill,
      { by: user._id, byName: 'anim.a', date: now, method: 'atelier', level: 'seul', comment, at: now },
      now,
    );
    await db
      .collection('validation_events')
      .insertOne({ user: user._id, skill, kind: 'validation', by: user._id, byName: 'anim.a', comment, at: now });
    const accountEvent = async () =>
      (await listAuditEvents({ subject: `resident:${id}` })).find((e) => e.action === 'resident.account');
    expect((await accountEvent())?.details?.username).to.equal(username);

    await postForm(a, `/residents/${id}/effacer`, `/residents/${id}/effacer`, { confirm: 'oui' }, 303);
    const history = await db.collection('validation_events').find({ user: user._id }).toArray();
    expect(history).to.have.length(1);
    expect(history[0]!.comment).to.equal('');
    const progress = await db.collection('progress').findOne({ _id: user._id });
    expect(progress!.skills[skill].validation).to.include({ comment: '', level: 'seul' });
    expect((await accountEvent())?.details?.username).to.equal('[effacé]');
    expect(JSON.stringify(await listAuditEvents({ subject: `resident:${id}` }))).to.not.match(/Guérec|Marie/);
  });

  it('erases the name from the resident’s certificates and revokes them, keeping the code answerable', async () => {
    const { a } = await twoLeaders();
    const id = await createResident(a);
    await giveNotice(a, id);
    const { username } = await accountFromRecord(a, id);
    const user = await mongoose.connection.db!.collection('users').findOne({ username });
    const userId = String(user!._id);
    const now = new Date();
    for (const s of catalogue().moduleById.get('decouvrir-ordinateur')!.skills) {
      await setValidation(
        userId,
        s.id,
        { by: user!._id, byName: 'anim.a', date: now, method: 'atelier', level: 'seul', at: now },
        now,
      );
    }
    const issued = await postForm(
      a,
      `/validation/residents/${userId}`,
      `/validation/residents/${userId}/certificats`,
      { ref: 'decouvrir-ordinateur' },
      303,
    );
    const certificate = await a.get(issued.headers.location as string).expect(200);
    const code = /KRN-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/.exec(certificate.text)![0];
    const before = await a.get(`/verifier/${code}`).expect(200);
    expect(before.text).to.include('Marie');

    await postForm(a, `/residents/${id}/effacer`, `/residents/${id}/effacer`, { confirm: 'oui' }, 303);
    const after = await a.get(`/verifier/${code}`).expect(200);
    expect(after.text).to.not.include('Marie').and.not.include('Le Guérec').and.not.include('Le G.');
    expect(after.text).to.match(/révoquée|retirée|annulée/i);
  });

  it('anonymises residents with no contact for two years when the retention rule runs', async () => {
    const { a } = await twoLeaders();
    const old = await createResident(a, { firstName: 'Ancien', lastName: 'Résident' });
    const recent = await createResident(a, { firstName: 'Récent', lastName: 'Contact', flat: '7' });
    await giveNotice(a, recent);
    await postEntry(a, recent, 'aide', { date: '2026-01-10' }, 303);
    const residents = mongoose.connection.db!.collection('residents');
    await residents.updateOne(
      { _id: new mongoose.Types.ObjectId(old) },
      { $set: { createdAt: new Date('2023-01-01'), lastContactAt: new Date('2024-01-09') } },
    );
    const count = await runRetention(new Date('2026-01-10T12:00:00Z'));
    expect(count).to.equal(1);
    const after = await residents.find().toArray();
    const byId = new Map(after.map((r) => [String(r._id), r]));
    expect(byId.get(old)!.firstName).to.equal('Anonyme');
    expect(byId.get(old)!.anonymisedAt).to.be.instanceOf(Date);
    expect(byId.get(recent)!.firstName).to.equal('Récent');
    expect(await runRetention(new Date('2026-01-10T12:00:00Z'))).to.equal(0);
    const trail = await listAuditEvents({ subject: `resident:${old}` });
    expect(trail.find((e) => e.action === 'resident.erase')).to.include({ actorName: 'système' });
  });
});
