import { cleanUp, startDatabase, stopDatabase } from './test-env.js';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    await startDatabase();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await stopDatabase({ drop: true });
    cleanUp();
  },
};
