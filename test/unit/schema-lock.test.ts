import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../../src/config.js';
import { SCHEMA_INTENT_KEY, SCHEMA_LOCK_KEY } from '../../src/platform/schema-lock.js';

describe('the schema lock between a restore and the engine’s index keeper', () => {
  it('has the same number in the app and in the launcher', () => {
    const launcher = readFileSync(path.join(ROOT_DIR, 'tools/ferretdb/main.go'), 'utf8');
    const m = /const SchemaLockKey int64 = (0x[0-9a-f]+)/.exec(launcher);
    expect(m, 'SchemaLockKey in main.go').to.not.equal(null);
    expect(BigInt(m![1]!)).to.equal(SCHEMA_LOCK_KEY);
    expect(launcher).to.include('const SchemaIntentKey int64 = SchemaLockKey + 1');
    expect(SCHEMA_INTENT_KEY).to.equal(SCHEMA_LOCK_KEY + 1n);
  });
});
