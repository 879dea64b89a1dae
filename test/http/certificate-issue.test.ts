import { expect } from 'chai';
import { rebuildCertificateListPlaces } from '../../src/features/certificates/index.js';
import { CertificateListCounter } from '../../src/features/certificates/certificate-list-counter.model.js';
import { listCounterId } from '../../src/features/certificates/certificate-list-keys.js';
import { Certificate } from '../../src/features/certificates/certificate.model.js';
import { monthInBrest } from '../../src/platform/day.js';
import { Resident } from '../../src/features/residents/resident.model.js';
import { aLeader, aResident, MODULE, validatedModule } from '../helpers/certificate-builders.js';
import { csrfFor } from '../helpers/http.js';
import { clearDatabase, getApp } from '../helpers/test-env.js';

describe('issuing a certificate (HTTP, real database)', function () {
  this.timeout(60_000);
  beforeEach(async () => {
    await clearDatabase();
    await getApp();
  });

  it('stops with an error page, issuing nothing, when the holder’s record cannot be read', async () => {
    const leader = await aLeader();
    const marie = await aResident('marie.test', 'marie.test');
    await validatedModule(marie.id, leader.user);
    const page = `/validation/residents/${marie.id}`;
    const token = await csrfFor(leader.agent, page);
    // The read of the holder's record fails (as when the database stops answering):
    // fault injected on that one query, the rest of the database as it is.
    const collection = Resident.collection as unknown as { findOne: (...args: unknown[]) => unknown };
    const findOne = collection.findOne;
    collection.findOne = function (this: unknown, ...args: unknown[]) {
      if ((args[0] as { user?: unknown } | undefined)?.user) return Promise.reject(new Error('read failed'));
      return findOne.apply(this, args);
    };
    try {
      const res = await leader.agent.post(`${page}/certificats`).type('form').send({ _csrf: token, ref: MODULE });
      expect(res.status).to.equal(500);
      expect(res.text).to.include('<h1');
    } finally {
      collection.findOne = findOne;
    }
    // Not issued under the account's name as a fallback: not issued at all.
    expect(await Certificate.countDocuments({ user: marie.id })).to.equal(0);
  });

  it('issues under the account’s name when the resident has no support record', async () => {
    const leader = await aLeader();
    const karim = await aResident('karim.test', 'Karim Benali');
    await validatedModule(karim.id, leader.user);
    const page = `/validation/residents/${karim.id}`;
    const token = await csrfFor(leader.agent, page);
    await leader.agent.post(`${page}/certificats`).type('form').send({ _csrf: token, ref: MODULE }).expect(303);
    const issued = await Certificate.findOne({ user: karim.id }).lean();
    expect(issued).to.deep.include({ holderName: 'Karim Benali', status: 'valid', ref: MODULE });
  });

  it('gives each certificate its own place in its site’s month, even issued at once, and the list shows them newest first', async () => {
    const leader = await aLeader();
    const people: Awaited<ReturnType<typeof aResident>>[] = [];
    for (const n of ['Aline', 'Brieuc', 'Corentin', 'Dana', 'Erwan']) {
      const p = await aResident(`${n.toLowerCase()}.test`, `${n} Le Gall`);
      await validatedModule(p.id, leader.user);
      people.push(p);
    }
    const tokens: string[] = [];
    for (const p of people) tokens.push(await csrfFor(leader.agent, `/validation/residents/${p.id}`));
    await Promise.all(
      people.map((p, i) =>
        leader.agent
          .post(`/validation/residents/${p.id}/certificats`)
          .type('form')
          .send({ _csrf: tokens[i], ref: MODULE })
          .expect(303),
      ),
    );
    const month = monthInBrest(new Date());
    const docs = await Certificate.find({ site: leader.user.siteId }).lean();
    expect(docs.map((d) => d.listSeq).sort()).to.deep.equal([0, 1, 2, 3, 4]);
    expect(new Set(docs.map((d) => d.listBucket))).to.deep.equal(new Set([`${month}:0`]));
    const counter = await CertificateListCounter.findById(listCounterId(leader.user.siteId!, month)).lean();
    expect(counter?.taken).to.equal(5);
    expect((await rebuildCertificateListPlaces({ dryRun: true })).differences).to.deep.equal([]);
    const list = await leader.agent.get('/certificats').expect(200);
    const names = [...list.text.matchAll(/(Aline|Brieuc|Corentin|Dana|Erwan) Le Gall/g)].map((m) => m[1]);
    const newestFirst = [...docs]
      .sort((a, b) => b.issuedAt.getTime() - a.issuedAt.getTime())
      .map((d) => d.holderName.split(' ')[0]);
    expect(names).to.deep.equal(newestFirst);
  });

  it('stats:rebuild finds a counter behind its certificates, and a certificate without its place, and repairs both', async () => {
    const leader = await aLeader();
    const p = await aResident('fanch.test', 'Fañch Morvan');
    await validatedModule(p.id, leader.user);
    const page = `/validation/residents/${p.id}`;
    const token = await csrfFor(leader.agent, page);
    await leader.agent.post(`${page}/certificats`).type('form').send({ _csrf: token, ref: MODULE }).expect(303);
    const month = monthInBrest(new Date());
    await CertificateListCounter.updateOne({ _id: listCounterId(leader.user.siteId!, month) }, { $set: { taken: 0 } });
    const check = await rebuildCertificateListPlaces({ dryRun: true });
    expect(check.differences).to.have.length(1);
    expect(check.differences[0]).to.include('compteur').and.include('0 → 1');
    expect((await rebuildCertificateListPlaces()).written).to.equal(1);
    // An older certificate, written before the places: the rebuild gives it the next one.
    await Certificate.updateOne({ user: p.id }, { $unset: { listSeq: 1, listBucket: 1 } });
    expect((await rebuildCertificateListPlaces({ dryRun: true })).differences[0]).to.include('sans place');
    await rebuildCertificateListPlaces();
    const fixed = await Certificate.findOne({ user: p.id }).lean();
    expect(fixed).to.deep.include({ listSeq: 1, listBucket: `${month}:0` });
    expect((await rebuildCertificateListPlaces({ dryRun: true })).differences).to.deep.equal([]);
  });
});
