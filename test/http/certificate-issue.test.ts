import { expect } from 'chai';
import { Certificate } from '../../src/features/certificates/certificate.model.js';
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
});
