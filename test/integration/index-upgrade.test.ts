import { expect } from 'chai';
import mongoose from 'mongoose';
import { ensureIndexes } from '../../src/platform/db.js';
import '../../src/features/residents/index.js';

describe('indexes of an older version', () => {
  it('makes an index unique that an older version declared without it', async () => {
    const households = mongoose.connection.db!.collection('households');
    await households.dropIndex('site_1_key_1').catch(() => undefined);
    await households.createIndex({ site: 1, key: 1 }, { name: 'site_1_key_1' });
    expect((await households.indexes()).find((i) => i.name === 'site_1_key_1')?.unique).to.not.equal(true);
    await ensureIndexes();
    expect((await households.indexes()).find((i) => i.name === 'site_1_key_1')?.unique).to.equal(true);
  });
});
