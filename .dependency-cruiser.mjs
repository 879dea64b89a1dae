/**
 * Where data is touched and which way dependencies point (`npm run lint:deps`, part of
 * `npm run lint`). From the bottom up, each feature may import only the features of the
 * layers below it, and only through their index.ts:
 *
 *   home                            a person's home page, composed from the features
 *   record, statistics, audit       a whole record; the figures (from the activity log);
 *                                   the journal (each feature declares its actions);
 *   login-cards                     printed login cards (accounts' one-time codes)
 *   certificates                    policy, issue, revoke and re-issue, verify, PDF
 *   validation | session-codes      leaders validate skills | a workshop's short codes
 *     | self-assessment             that open a resident's session | "je sais / pas
 *                                   encore" before and after, the skills booklet
 *   sessions                        workshop sessions: attendance of residents
 *   residents      | curriculum     identity, household, support entries |
 *                  | workshops      learning, which knows no resident:
 *                  | exercises,     the workshop pages; exercises' scoring and a
 *                  |   progress     learner's progress;
 *                  | catalogue      the content's shape
 *   accounts                        who signs in
 *   sites                           the spaces
 *   platform                        plumbing, the activity log and the audit trail;
 *                                   imports no feature
 *
 * Two features of one layer never import each other, so no two folders of src/features
 * import each other in either direction. A feature's `*.model.ts` is imported only by
 * the repository and models of its own folder: its repository is the only code that
 * reads or writes its collections.
 */
const LEARNING = ['catalogue', 'exercises', 'progress', 'workshops', 'curriculum'];
const LAYERS = [
  ['sites'],
  ['accounts'],
  ['catalogue'],
  ['exercises', 'progress'],
  ['workshops'],
  ['curriculum'],
  ['residents'],
  ['sessions'],
  ['validation', 'session-codes', 'self-assessment'],
  ['certificates'],
  ['record', 'statistics', 'audit', 'login-cards'],
  ['home'],
];
/** Features that sit beside each other although listed one above the other. */
const BESIDE = { residents: LEARNING };

const feature = (names) => `^src/features/(${names.join('|')})/`;

/** A feature may import the features of lower layers, but those it sits beside. */
const layerRules = LAYERS.flatMap((layer, i) =>
  layer.map((name) => {
    const notBelow = [...LAYERS.slice(i).flat(), ...(BESIDE[name] ?? [])].filter((n) => n !== name);
    return {
      name: `layers-${name}`,
      comment: `${name} imports only the features below it.`,
      severity: 'error',
      from: { path: feature([name]) },
      to: { path: feature(notBelow) },
    };
  }),
);

export default {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'A cycle between modules: the layers must point one way.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'platform-imports-no-feature',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/features/' },
    },
    {
      name: 'every-feature-in-a-layer',
      comment: 'A new feature folder takes its place in LAYERS.',
      severity: 'error',
      from: { path: '^src/features/', pathNot: feature(LAYERS.flat()) },
      to: {},
    },
    ...layerRules,
    {
      name: 'only-through-index',
      comment: 'Another feature is used through what its index.ts exports.',
      severity: 'error',
      from: { path: '^src/features/([^/]+)/' },
      to: { path: '^src/features/', pathNot: ['^src/features/$1/', '^src/features/[^/]+/index[.]ts$'] },
    },
    {
      name: 'app-through-index',
      comment: 'createApp, the jobs and the server compose the features through their index.ts.',
      severity: 'error',
      from: { path: '^src/[^/]+[.]ts$' },
      to: { path: '^src/features/', pathNot: '^src/features/[^/]+/index[.]ts$' },
    },
    {
      name: 'model-only-in-repository',
      comment: 'A model is read and written by its repository only: services call the repository.',
      severity: 'error',
      from: { path: '^src/', pathNot: '[.](repository|model)[.]ts$' },
      to: { path: '[.]model[.]ts$' },
    },
    {
      name: 'model-of-own-folder',
      comment: "A repository reads its own feature's collections; another feature's data comes through its index.",
      severity: 'error',
      from: { path: '^src/(features/[^/]+|platform)/' },
      to: { path: '[.]model[.]ts$', pathNot: '^src/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
