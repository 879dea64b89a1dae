/**
 * One direction of dependency between features (`npm run lint:deps`, part of `npm run lint`).
 * From the bottom up, each layer may import only the layers below it:
 *
 *   record            the resident's record page and erasure, composed from each feature
 *   certificates      policy, issue, revoke and re-issue, verify, PDF, erasure
 *   validation        leaders validate skills
 *   sessions          workshop sessions: attendance of residents     learning (beside):
 *   residents         identity, household, support entries           workshops, exercises,
 *   accounts, sites                                                   progress, curriculum
 *   platform          plumbing; imports no feature
 *
 * Learning knows no resident; sessions may read the catalogue. Any cycle fails too.
 */
const feature = (names) => `^src/features/(${names.join('|')})/`;
const LEARNING = ['workshops', 'exercises', 'progress', 'curriculum'];

/** `from` may not import any of `to`. */
const upward = (name, from, to) => ({
  name,
  severity: 'error',
  from: { path: from },
  to: { path: to },
});

export default {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'A cycle between modules: the layers must point one way.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    upward('platform-imports-no-feature', '^src/platform/', '^src/features/'),
    upward(
      'accounts-and-sites-below-everything',
      feature(['accounts', 'sites']),
      feature(['residents', 'sessions', 'validation', 'certificates', 'record', 'home', ...LEARNING]),
    ),
    upward(
      'residents-below-sessions-and-up',
      feature(['residents']),
      feature(['sessions', 'validation', 'certificates', 'record', 'home', ...LEARNING]),
    ),
    upward(
      'learning-knows-no-resident',
      feature(LEARNING),
      feature(['residents', 'sessions', 'validation', 'certificates', 'record', 'home']),
    ),
    upward('sessions-below-validation', feature(['sessions']), feature(['validation', 'certificates', 'record', 'home'])),
    upward('validation-below-certificates', feature(['validation']), feature(['certificates', 'record', 'home'])),
    upward('certificates-below-record', feature(['certificates']), feature(['record', 'home'])),
    {
      name: 'catalogue-at-the-bottom-of-learning',
      comment: 'Exercises and progress read the catalogue types, never the workshop pages.',
      severity: 'error',
      from: { path: feature(['exercises', 'progress']) },
      to: { path: '^src/features/workshops/', pathNot: '^src/features/workshops/catalogue[.]types[.]ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
