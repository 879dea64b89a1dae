/**
 * The queries rewritten as indexed equalities (issue 20) still do what they did: a new
 * resident's username past ten homonyms, a contact date that moves forward only, and
 * the attached files of a record, including those stored before `resident` was copied
 * to the top level of a file's document.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import { createResidentAccount, findSessionUser } from '../../src/features/accounts/index.js';
import { addMissingFileResidents, listAttachments, recordContact } from '../../src/features/residents/index.js';
import { AttachmentFile } from '../../src/features/residents/attachment.model.js';
import { writeFile } from '../../src/features/residents/attachment.repository.js';
import { Resident } from '../../src/features/residents/resident.model.js';
import { makeUser } from '../helpers/http.js';
import { createResident, twoLeaders } from '../helpers/residents-fixtures.js';
import { clearDatabase } from '../helpers/test-env.js';

describe('queries rewritten as indexed equalities: same results', () => {
  beforeEach(clearDatabase);

  it('gives homonyms base, base2 … base11, across the batches of ten names looked up', async function () {
    this.timeout(90_000); // eleven accounts, each a password hash
    const leader = (await findSessionUser((await makeUser('anim.a', 'leader')).user.id))!;
    const names: string[] = [];
    for (let i = 0; i < 11; i++) {
      names.push((await createResidentAccount(leader, { firstName: 'Marie', lastName: 'Le Guérec' })).user.username);
    }
    expect(names).to.deep.equal(['marie.le-guerec', ...Array.from({ length: 10 }, (_, i) => `marie.le-guerec${i + 2}`)]);
  });

  it('moves a contact date forward, never back, for each resident given', async () => {
    const { a } = await twoLeaders();
    const [first, second] = [await createResident(a), await createResident(a, { firstName: 'Karim', flat: '12' })];
    const contactOf = async (id: string) =>
      (await Resident.findById(id, { lastContactAt: 1 }).lean<{ lastContactAt?: Date }>())?.lastContactAt?.toISOString();
    await Resident.updateOne({ _id: first }, { $unset: { lastContactAt: 1 } });
    await Resident.updateOne({ _id: second }, { $set: { lastContactAt: new Date('2026-03-01') } });
    await recordContact([first, second], new Date('2026-02-01'));
    expect(await contactOf(first)).to.equal('2026-02-01T00:00:00.000Z');
    expect(await contactOf(second)).to.equal('2026-03-01T00:00:00.000Z');
    await recordContact([first, second], new Date('2026-04-01'));
    expect([await contactOf(first), await contactOf(second)]).to.deep.equal([
      '2026-04-01T00:00:00.000Z',
      '2026-04-01T00:00:00.000Z',
    ]);
  });

  it('lists a record’s files by their top-level resident, older files once completed at start', async () => {
    const { a } = await twoLeaders();
    const id = await createResident(a);
    const resident = new mongoose.Types.ObjectId(id);
    const meta = { site: new mongoose.Types.ObjectId(), resident, contentType: 'application/pdf', uploadedBy: 'anim.a' };
    await writeFile('bail.pdf', Buffer.from('%PDF-1.4'), { ...meta, label: 'lease', originalName: 'bail.pdf' });
    const older = await writeFile('facture.pdf', Buffer.from('%PDF-1.4'), {
      ...meta,
      label: 'invoice',
      originalName: 'facture.pdf',
    });
    // As stored before this version: the resident only in the metadata.
    await AttachmentFile.collection.updateOne({ _id: older }, { $unset: { resident: 1 } });
    expect((await listAttachments(id)).map((f) => f.name)).to.deep.equal(['bail.pdf']);
    expect(await addMissingFileResidents()).to.equal(1);
    expect((await listAttachments(id)).map((f) => f.name).sort()).to.deep.equal(['bail.pdf', 'facture.pdf']);
    expect(await addMissingFileResidents()).to.equal(0);
  });
});
