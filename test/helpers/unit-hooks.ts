/**
 * Root hooks of the unit tier (`npm run test:unit`): no database is started, and a test
 * that reaches for one fails at once instead of waiting for a connection that never comes.
 */
import mongoose from 'mongoose';

export const mochaHooks = {
  beforeAll() {
    mongoose.set('bufferCommands', false);
  },
};
