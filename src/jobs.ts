/**
 * The features' background jobs, handed to platform/maintenance.ts (which imports no
 * feature): server.ts starts them, tests and scripts run them.
 */
import { runRetention } from './features/record/index.js';
import { addMissingSearchKeys } from './features/residents/index.js';
import type { FeatureJobs } from './platform/maintenance.js';

export const featureJobs: FeatureJobs = {
  retention: runRetention,
  // Residents written before the lists' search keys.
  atStart: async () => ({ residentSearchKeys: await addMissingSearchKeys() }),
};
