/**
 * The role matrix: every route and method of the app (read from the app itself, see
 * platform/route-inventory.ts) against six actors, with what each must get. A route the
 * app has and the table lacks fails, and so does a line for a route it no longer has.
 *
 * Requests that must be refused are sent with a valid CSRF token and a valid form, so
 * that only the access checks can stop them; they run in parallel batches, and the
 * database (every collection but sessions and rate-limit counters) must be the same
 * after each batch. Then the pages each actor may read, then the allowed actions, one
 * at a time, logging out last.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import { BSON } from 'mongodb';
import { dayInBrest } from '../../src/platform/day.js';
import { setValidation } from '../../src/features/progress/index.js';
import { User } from '../../src/features/accounts/user.model.js';
import { catalogue } from '../../src/features/workshops/index.js';
import { findOrCreateSite } from '../../src/features/sites/index.js';
import { routeInventory } from '../../src/platform/route-inventory.js';
import { RATE_LIMITS_COLLECTION } from '../../src/platform/rate-limits.js';
import { SESSIONS_COLLECTION } from '../../src/platform/sessions.js';
import { csrfFor, loggedIn, makeUser, newAgent, postForm, type Agent } from '../helpers/http.js';
import {
  accountFromRecord,
  COMMON,
  createResident,
  ENTRY,
  giveNotice,
  RESIDENT,
  SITE_A,
  submission,
  twoLeaders,
} from '../helpers/residents-fixtures.js';
import { clearDatabase, getApp } from '../helpers/test-env.js';

// ---------- the actors and what they may get ----------

const ACTORS = ['anonymous', 'resident', 'otherResident', 'leader', 'otherLeader', 'coordinator'] as const;
type Actor = (typeof ACTORS)[number];

/**
 * What one actor gets: a status, or `L` for a 303 to the login page. For a POST, `422`
 * means "allowed": the actor sends an empty (or `invalid`) form and is shown it again;
 * every other expectation is checked with the line's valid form.
 */
const OUTCOMES = ['L', '200', '201', '303', '403', '404', '422'] as const;
type Outcome = (typeof OUTCOMES)[number];
const REFUSED: Outcome[] = ['L', '403', '404', '422'];

// ---------- the objects the paths point to ----------

interface Fixtures {
  /** Site A: Marie's support record, her account (with a certificate), a session she attended, a file in her record. */
  record: string;
  residentUser: string;
  certificate: string;
  code: string;
  session: string;
  attachment: string;
  /** A legal-advice entry of Marie's record with a contract (its withdrawal letter). */
  contractEntry: string;
  /** An individual-help entry of Marie's record that sent her elsewhere (its outcome form). */
  referralEntry: string;
  /** A resident account of site A that no actor uses: its password may be reset. */
  spareAccount: string;
  module: string;
  lesson: string;
  exercise: string;
  kind: string;
  image: string;
  /** Site A. */
  site: string;
}
type FixtureKey = keyof Fixtures;
type Form = Record<string, string | string[]>;

/** Path parameters with one meaning everywhere; `:id` and `:file` are named on each line. */
const DEFAULT_IDS: Record<string, FixtureKey> = {
  module: 'module',
  lesson: 'lesson',
  exercise: 'exercise',
  kind: 'kind',
  code: 'code',
  userId: 'residentUser',
  sessionId: 'session',
};

interface Row {
  route: string;
  expect: Record<Actor, Outcome>;
  ids: Record<string, FixtureKey>;
  /** The valid form of a POST (a function when it needs the fixtures). */
  body: Form | ((f: Fixtures) => Form);
  /** The form an allowed actor sends to get a 422 (default: empty). */
  invalid: Form;
  /** Multipart, with one PDF in `fichiers`. */
  upload: boolean;
  /** Ends the actor's session: run after everything else. */
  endsSession: boolean;
  /** A query string the route needs (`ids=…`), from the fixtures. */
  query?: (f: Fixtures) => string;
}

function row(route: string, outcomes: string, opts: Partial<Omit<Row, 'route' | 'expect'>> = {}): Row {
  const cells = outcomes.trim().split(/\s+/);
  if (cells.length !== ACTORS.length || cells.some((c) => !(OUTCOMES as readonly string[]).includes(c)))
    throw new Error(`matrix line "${route}": ${ACTORS.length} outcomes among ${OUTCOMES.join(' ')} expected, got "${outcomes}"`);
  return {
    route,
    expect: Object.fromEntries(ACTORS.map((a, i) => [a, cells[i] as Outcome])) as Record<Actor, Outcome>,
    ids: opts.ids ?? {},
    body: opts.body ?? {},
    invalid: opts.invalid ?? {},
    upload: opts.upload ?? false,
    endsSession: opts.endsSession ?? false,
    ...(opts.query ? { query: opts.query } : {}),
  };
}

const MODULE = 'decouvrir-ordinateur';
const today = () => dayInBrest(new Date());
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const NEW_PASSWORD = 'un-autre-mot-de-passe-de-test';
const validation = () => ({ method: 'atelier', level: 'seul', day: today(), comment: '' });

// ---------- the matrix: one line per route and method ----------
// A new route: one line, its six outcomes, which object each path parameter is (`ids`,
// unless DEFAULT_IDS knows it) and, for a POST, a valid form (`body`).

const R = { ids: { id: 'record' } } as const;
const IDENTITY = { firstName: 'Intrus', lastName: 'Intrus', birthYear: '1950', phone: '', email: '' };
const DWELLING = { building: 'Z', entrance: '9', flat: '99', address: 'ailleurs', landlordRef: '' };

const ORGANISATION = {
  legalName: 'Association intruse',
  address: '1 rue ailleurs',
  phone: '02 98 00 00 00',
  website: 'https://intrus.example',
  signatoryName: 'Intrus',
  signatoryRole: 'Président',
};

// prettier-ignore
const MATRIX: Row[] = [
  //                                                         anon res  res2 lead leadB coord
  // home and accounts
  row('GET /',                                              '200  200  200  200  200  200'),
  row('GET /healthz',                                       '200  200  200  200  200  200'),
  row('GET /connexion',                                     '200  303  303  303  303  303'),
  row('POST /connexion',                                    '422  422  422  422  422  422'),
  row('GET /premiere-connexion',                            '200  200  200  200  200  200'),
  row('POST /premiere-connexion',                           '422  422  422  422  422  422',
    { body: { username: 'personne', code: 'ABCD-EFGH', next: NEW_PASSWORD, confirm: NEW_PASSWORD } }),
  row('GET /code-atelier',                                  '200  200  200  200  200  200'),
  row('POST /code-atelier',                                 '422  422  422  422  422  422', { body: { code: 'ABC-DEF' } }),
  row('POST /affichage',                                    'L    303  303  303  303  303', { body: { taille: 'grand', retour: '/' } }),
  row('POST /deconnexion',                                  '303  303  303  303  303  303', { endsSession: true }),
  row('GET /mot-de-passe',                                  'L    200  200  200  200  200'),
  row('GET /mon-compte',                                    'L    200  200  200  200  200'),
  row('POST /mon-compte',                                   'L    422  422  422  422  422', { body: { langue: 'fr' } }),
  // The idle warning: the page, "Rester connecté", the status for the notice's script.
  row('GET /session',                                       'L    200  200  200  200  200'),
  row('POST /session/prolonger',                            'L    303  303  303  303  303', { body: { retour: '/' } }),
  row('GET /session/etat',                                  '200  200  200  200  200  200'),
  row('POST /mot-de-passe',                                 'L    422  422  422  422  422',
    { body: { current: 'pas-le-bon-mot-de-passe', next: NEW_PASSWORD, confirm: NEW_PASSWORD } }),
  // Once a coordinator exists, setup is closed to everyone.
  row('GET /installation',                                  'L    L    L    L    L    L'),
  row('POST /installation',                                 '403  403  403  403  403  403',
    { body: { displayName: 'Intrus', username: 'intrus', next: NEW_PASSWORD, confirm: NEW_PASSWORD } }),
  row('GET /comptes',                                       'L    403  403  200  200  200'),
  row('POST /comptes',                                      'L    403  403  403  403  422',
    { body: (f) => ({ displayName: 'Paul Intrus', username: 'paul.intrus', siteId: f.site }) }),
  // A leader manages the residents of their site; a coordinator, leaders only.
  row('GET /comptes/:id/mot-de-passe',                      'L    403  403  403  403  404', { ids: { id: 'spareAccount' } }),
  row('POST /comptes/:id/mot-de-passe',                     'L    403  403  403  403  404', { ids: { id: 'spareAccount' }, body: { confirm: 'oui' } }),
  row('POST /comptes/:id/activation',                       'L    403  403  303  403  404', { ids: { id: 'spareAccount' }, body: { etat: 'inactif' } }),
  // the support record
  row('GET /residents',                                     'L    403  403  200  200  403'),
  row('GET /residents/nouveau',                             'L    403  403  200  200  403'),
  row('POST /residents',                                    'L    403  403  422  422  403', { body: { ...RESIDENT, flat: '77' } }),
  row('GET /residents/:id',                                 'L    403  403  200  403  403', R),
  row('GET /residents/:id/modifier',                        'L    403  403  200  403  403', R),
  row('POST /residents/:id/identite',                       'L    403  403  422  403  403', { ...R, body: IDENTITY }),
  row('POST /residents/:id/logement',                       'L    403  403  422  403  403', { ...R, body: DWELLING }),
  row('POST /residents/:id/notice',                         'L    403  403  422  403  403', { ...R, body: { noticeDate: '2026-01-06' } }),
  row('GET /residents/:id/accompagnements/:kind',           'L    403  403  200  403  403', R),
  row('POST /residents/:id/accompagnements/:kind',          'L    403  403  422  403  403',
    { ...R, body: () => ({ ...COMMON, ...ENTRY.installation!, submission: submission() }) }),
  // Marie's record has its account already: the leader is told so.
  row('POST /residents/:id/compte',                         'L    403  403  422  403  403', R),
  row('GET /residents/:id/nouveau-code',                    'L    403  403  200  403  403', R),
  row('POST /residents/:id/nouveau-code',                   'L    403  403  422  403  403', { ...R, body: { confirm: 'oui' } }),
  row('POST /residents/:id/pieces',                         'L    403  403  422  403  403',
    { ...R, upload: true, body: { label: 'photo' }, invalid: { label: 'photo' } }),
  row('POST /residents/:id/accompagnements/:entry/orientation', 'L    403  403  422  403  403',
    { ids: { id: 'record', entry: 'referralEntry' }, body: { outcome: 'fait', outcomeReason: '' } }),
  row('GET /residents/:id/accompagnements/:entry/lettre-retractation.pdf', 'L    403  403  200  403  403', { ids: { id: 'record', entry: 'contractEntry' } }),
  row('GET /residents/:id/pieces/:file',                    'L    403  403  200  403  403', { ids: { id: 'record', file: 'attachment' } }),
  row('GET /residents/:id/export.json',                     'L    403  403  200  403  403', R),
  row('GET /residents/:id/export',                          'L    403  403  200  403  403', R),
  row('GET /residents/:id/effacer',                         'L    403  403  200  403  403', R),
  row('POST /residents/:id/effacer',                        'L    403  403  422  403  403', { ...R, body: { confirm: 'oui' } }),
  row('GET /mon-dossier',                                   'L    200  200  403  403  403'),
  row('GET /journal',                                       'L    403  403  403  403  200'),
  // workshop sessions
  row('GET /ateliers/:module/avant-apres',                  'L    200  200  403  403  403'),
  row('POST /ateliers/:module/avant-apres',                 'L    303  422  403  403  403',
    { body: (f) => ({ session: f.session, moment: 'avant', ...Object.fromEntries(catalogue().moduleById.get(MODULE)!.skills.map((s) => [`c-${s.id}`, 'sait'])) }) }),
  row('GET /mon-dossier/livret-competences.pdf',            'L    200  200  403  403  403'),
  row('GET /residents/:id/livret-competences.pdf',          'L    403  403  200  403  403', R),
  row('GET /seances',                                       'L    403  403  200  200  403'),
  row('POST /seances',                                      'L    403  403  422  422  403',
    { body: () => ({ moduleId: MODULE, date: today(), durationMinutes: '90', notes: '' }) }),
  row('GET /seances/:id',                                   'L    403  403  200  403  403', { ids: { id: 'session' } }),
  row('POST /seances/:id/presences',                        'L    403  403  422  403  403',
    { ids: { id: 'session' }, body: (f) => ({ present: [f.record] }), invalid: { present: 'x' } }),
  row('GET /seances/:id/cartes-de-connexion.pdf',           'L    403  403  200  403  403', { ids: { id: 'session' } }),
  row('GET /residents/:id/carte-de-connexion.pdf',          'L    403  403  200  403  403', R),
  row('POST /seances/:id/code',                             'L    403  403  201  403  403',
    { ids: { id: 'session' }, body: (f) => ({ resident: f.record }) }),
  row('GET /seances/:id/feuille',                           'L    403  403  200  403  403', { ids: { id: 'session' } }),
  // sites
  row('GET /espaces',                                       'L    403  403  403  403  200'),
  row('POST /espaces',                                      'L    403  403  403  403  422', { body: { name: 'Espace intrus' } }),
  row('GET /espaces/:id',                                   'L    403  403  403  403  200', { ids: { id: 'site' } }),
  row('POST /espaces/:id',                                  'L    403  403  403  403  422',
    { ids: { id: 'site' }, body: ORGANISATION, invalid: { ...ORGANISATION, website: 'pas une adresse' } }),
  row('POST /espaces/:id/lieu',                             'L    403  403  403  403  422',
    { ids: { id: 'site' }, body: { placeAddress: '1 rue ailleurs', postalCode: '29200', commune: 'Ailleurs', inseeCode: '', siret: '', openingHours: '' } }),
  row('POST /espaces/:id/batiments',                        'L    403  403  403  403  422',
    { ids: { id: 'site' }, body: { buildings: 'Bât. Z' }, invalid: { buildings: 'C\nBât. C' } }),
  row('GET /lieux.json',                                    '200  200  200  200  200  200'),
  row('GET /lieux.csv',                                     '200  200  200  200  200  200'),
  row('POST /espaces/:id/logo',                             'L    403  403  403  403  422', { ids: { id: 'site' }, upload: true }),
  row('POST /espaces/:id/logo/retrait',                     'L    403  403  403  403  303', { ids: { id: 'site' } }),
  row('GET /espaces/:id/logo',                              'L    403  403  403  403  404', { ids: { id: 'site' } }),
  // learning material: every logged-in user
  row('GET /contenu/:module/images/:file',                  '200  200  200  200  200  200', { ids: { file: 'image' } }),
  row('GET /ateliers',                                      'L    200  200  200  200  200'),
  row('GET /ateliers/:module',                              'L    200  200  200  200  200'),
  row('POST /ateliers/:module/auto-evaluation',             'L    422  422  403  403  403', { body: { skill: 'ord-souris', level: 'seul' } }),
  // A module's summary: its skills for everyone, the learner's own progress for a resident.
  row('GET /ateliers/:module/bilan',                        'L    200  200  200  200  200'),
  row('GET /ateliers/:module/lecons/:lesson',               'L    200  200  200  200  200'),
  row('GET /ateliers/:module/exercices/:exercise',          'L    200  200  200  200  200'),
  // Staff may try an exercise; nothing is recorded for them.
  row('POST /ateliers/:module/exercices/:exercise',         'L    422  422  303  303  303',
    { body: () => ({ answer: 'avec-aide', submission: submission() }) }),
  // The result page of this session's own answer; none yet: back to the exercise.
  row('GET /ateliers/:module/exercices/:exercise/resultat', 'L    303  303  303  303  303'),
  row('GET /ateliers/:module/imprimer',                     'L    200  200  200  200  200'),
  row('GET /competences',                                   'L    403  403  200  200  200'),
  // A progress page is a resident's: staff have none of their own.
  row('GET /ma-progression',                                'L    200  200  404  404  404'),
  row('GET /progression/:userId',                           'L    200  403  200  403  403'),
  // validation
  row('GET /validation',                                    'L    403  403  200  200  403'),
  row('GET /validation/residents/:userId',                  'L    403  403  200  403  403'),
  row('POST /validation/residents/:userId/competences',     'L    403  403  422  403  403',
    { body: () => ({ skill: 'ord-souris', ...validation() }) }),
  row('POST /validation/residents/:userId/retrait',         'L    403  403  422  403  403', { body: { skill: 'ord-souris', reason: 'Erreur' } }),
  row('POST /validation/residents/:userId/certificats',     'L    403  403  422  403  403', { body: { ref: MODULE } }),
  row('GET /validation/seances/:sessionId',                 'L    403  403  200  403  403'),
  row('POST /validation/seances/:sessionId',                'L    403  403  422  403  403',
    { body: (f) => ({ cells: `${f.residentUser}:ord-souris`, ...validation() }) }),
  // Marie, the one attendee, has the certificate already: nothing new, a redirect.
  row('POST /validation/seances/:sessionId/certificats',    'L    403  403  303  403  403'),
  row('GET /mes-validations',                               'L    200  200  403  403  403'),
  // certificates
  row('GET /verifier',                                      '200  200  200  200  200  200'),
  row('GET /verifier/:code',                                '200  200  200  200  200  200'),
  // The employer confirms the holder's last name: anyone, answered yes or no.
  row('POST /verifier/:code/nom',                           '422  422  422  422  422  422', { body: { nom: 'Dupont' } }),
  row('GET /mes-certificats',                               'L    200  200  403  403  403'),
  row('GET /certificats/:id.pdf',                           'L    200  404  200  403  403', { ids: { id: 'certificate' } }),
  row('GET /certificats/:id.json',                          'L    200  404  200  403  403', { ids: { id: 'certificate' } }),
  row('GET /certificats/:id.jwt',                           'L    200  404  200  403  403', { ids: { id: 'certificate' } }),
  row('GET /emetteur',                                      '200  200  200  200  200  200'),
  row('GET /emetteur/statuts',                              '200  200  200  200  200  200'),
  row('GET /emetteur/cles',                                 '200  200  200  200  200  200'),
  // A key's own address (its kid) is public; a code is no key's thumbprint (credentials.test.ts reads a real one).
  row('GET /emetteur/cles/:thumbprint',                     '404  404  404  404  404  404', { ids: { thumbprint: 'code' } }),
  row('POST /verifier',                                     '422  422  422  422  422  422'),
  row('GET /certificats',                                   'L    403  403  200  200  200'),
  // The list that ends an issuing, and one PDF of all: the leader of the certificates' site.
  row('GET /certificats/impression',                        'L    403  403  200  403  403', { query: (f) => `ids=${f.certificate}` }),
  row('GET /certificats/impression.pdf',                    'L    403  403  200  403  403', { query: (f) => `ids=${f.certificate}` }),
  row('GET /certificats/:id',                               'L    403  403  200  403  200', { ids: { id: 'certificate' } }),
  row('POST /certificats/:id/revocation',                   'L    403  403  422  403  422', { ids: { id: 'certificate' }, body: { reason: 'Erreur' } }),
  row('POST /certificats/:id/reemission',                   'L    403  403  422  403  422', { ids: { id: 'certificate' }, body: { reason: 'Erreur' } }),
  // statistics: coordinators (every site), leaders (their own)
  row('GET /statistiques',                                  'L    403  403  200  200  200'),
  row('GET /statistiques/accompagnements.csv',              'L    403  403  200  200  200'),
  row('GET /statistiques/activites-coop.xlsx',              'L    403  403  200  200  200'),
  row('GET /statistiques/chiffres.csv',                     'L    403  403  200  200  200'),
];

// ---------- fixtures: two sites, six actors, one of everything ----------

async function buildFixtures(): Promise<{ fixtures: Fixtures; agents: Record<Actor, Agent> }> {
  // Independent steps run together: password hashing makes each login slow.
  const [{ a: leader, b: otherLeader }, coordinator] = await Promise.all([
    twoLeaders(),
    makeUser('coord', 'coordinator').then(() => loggedIn('coord')),
  ]);
  // One token in the leader's session before parallel posts: pages rendered at once would
  // each create one, and only the last saved would be valid.
  await csrfFor(leader, '/');
  const [record, karim, spare] = await Promise.all([
    createResident(leader),
    createResident(leader, { firstName: 'Karim', lastName: 'Benali', flat: '12' }),
    createResident(leader, { firstName: 'Yann', lastName: 'Le Goff', flat: '13' }),
  ]);
  await giveNotice(leader, record);

  /** Creates the record's account through its page and logs in with a password of its own (its login card's code). */
  const residentAccount = async (recordId: string, login: boolean) => {
    if (!login) {
      await postForm(leader, `/residents/${recordId}`, `/residents/${recordId}/compte`, {}, 303);
      const page = (await leader.get(`/residents/${recordId}`).expect(200)).text;
      const username = /<dd><code>([a-z0-9.-]+)<\/code>/.exec(page)![1]!;
      return { id: String((await User.findOne({ username }).lean())!._id), agent: undefined };
    }
    const { username, password } = await accountFromRecord(leader, recordId);
    const id = String((await User.findOne({ username }).lean())!._id);
    const agent = await loggedIn(username, password);
    // A first visit, as after any first login. Without it, the matrix's parallel first
    // visits of one learner race on creating the progress document (E11000, a 500).
    await agent.get(`/ateliers/${MODULE}/lecons/${catalogue().moduleById.get(MODULE)!.lessons[0]!.id}`).expect(200);
    return { id, agent };
  };
  const [marie, other, spareAccount] = await Promise.all([
    residentAccount(record, true),
    residentAccount(karim, true),
    residentAccount(spare, false).then((a) => a.id),
  ]);

  /** Marie has every skill of the module validated, then her certificate issued through the page. */
  const certify = async () => {
    const leaderUser = (await User.findOne({ username: 'anim.a' }).lean())!;
    const now = new Date();
    for (const s of catalogue().moduleById.get(MODULE)!.skills)
      await setValidation(
        marie.id,
        s.id,
        { by: leaderUser._id, byName: leaderUser.displayName, date: now, method: 'atelier', level: 'seul', at: now },
        now,
      );
    const issued = await postForm(
      leader,
      `/validation/residents/${marie.id}`,
      `/validation/residents/${marie.id}/certificats`,
      { ref: MODULE },
      303,
    );
    const id = /^\/certificats\/([a-f0-9]{24})\?fait=delivre$/.exec(String(issued.headers.location))![1]!;
    const code = /KRN-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/.exec((await leader.get(`/certificats/${id}`)).text)![0];
    return { id, code };
  };
  /** A session today that Marie attended. */
  const attend = async () => {
    const created = await postForm(
      leader,
      '/seances',
      '/seances',
      { moduleId: MODULE, date: today(), durationMinutes: '90', notes: '' },
      303,
    );
    const id = /^\/seances\/([a-f0-9]{24})\?ok=cree$/.exec(String(created.headers.location))![1]!;
    await postForm(leader, `/seances/${id}`, `/seances/${id}/presences`, { present: [record] }, 303);
    return id;
  };
  /** A file in her record. */
  const file = async () => {
    const token = await csrfFor(leader, `/residents/${record}`);
    await leader
      .post(`/residents/${record}/pieces`)
      .field('_csrf', token)
      .field('label', 'notice')
      .attach('fichiers', PDF, 'notice.pdf')
      .expect(303);
    const page = await leader.get(`/residents/${record}`).expect(200);
    return new RegExp(`/residents/${record}/pieces/([a-f0-9]{24})`).exec(page.text)![1]!;
  };
  /** A legal-advice entry with a contract signed today. */
  const contract = async () => {
    const form = { ...COMMON, date: today(), ...ENTRY['conseil-juridique']!, contractKind: 'service', signedOn: today() };
    await postForm(
      leader,
      `/residents/${record}`,
      `/residents/${record}/accompagnements/conseil-juridique`,
      { ...form, submission: submission() },
      303,
    );
    const page = await leader.get(`/residents/${record}`).expect(200);
    return new RegExp(`/residents/${record}/accompagnements/([a-f0-9]{24})/lettre-retractation`).exec(page.text)![1]!;
  };
  /** Individual help with a referral to follow up. */
  const referral = async () => {
    const form = { ...COMMON, date: today(), ...ENTRY.aide!, referralType: 'aide_sociale', followUpOn: today() };
    await postForm(
      leader,
      `/residents/${record}`,
      `/residents/${record}/accompagnements/aide`,
      { ...form, submission: submission() },
      303,
    );
    const page = await leader.get(`/residents/${record}`).expect(200);
    return new RegExp(`/residents/${record}/accompagnements/([a-f0-9]{24})/orientation`).exec(page.text)![1]!;
  };
  const [certificate, session, attachment, contractEntry, referralEntry] = await Promise.all([
    certify(),
    attend(),
    file(),
    contract(),
    referral(),
  ]);

  const m = catalogue().moduleById.get(MODULE)!;
  const fixtures: Fixtures = {
    record,
    residentUser: marie.id,
    certificate: certificate.id,
    code: certificate.code,
    session,
    attachment,
    contractEntry,
    referralEntry,
    spareAccount,
    module: MODULE,
    lesson: m.lessons[0]!.id,
    exercise: m.exercises.find((e) => e.type === 'auto-evaluation')!.id,
    kind: 'installation',
    image: 'ordinateur.svg',
    site: (await findOrCreateSite({ name: SITE_A })).id,
  };
  const agents: Record<Actor, Agent> = {
    anonymous: await newAgent(),
    resident: marie.agent!,
    otherResident: other.agent!,
    leader,
    otherLeader,
    coordinator,
  };
  return { fixtures, agents };
}

// ---------- running the matrix ----------

interface Request {
  row: Row;
  actor: Actor;
  expected: Outcome;
}
interface Answer {
  status: number;
  location: string | undefined;
}

function concretePath(row: Row, f: Fixtures): string {
  const path = row.route.slice(row.route.indexOf(' ') + 1);
  const concrete = path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => {
    const key = row.ids[name] ?? DEFAULT_IDS[name];
    if (!key) throw new Error(`matrix line "${row.route}": say which object :${name} is (ids: { ${name}: … })`);
    return encodeURIComponent(f[key]);
  });
  return row.query ? `${concrete}?${row.query(f)}` : concrete;
}

function outcomeOf(a: Answer): Outcome | string {
  if (a.status === 303 && a.location?.startsWith('/connexion')) return 'L';
  return String(a.status);
}

async function send(req: Request, f: Fixtures, agent: Agent, token: string): Promise<Answer> {
  const { row } = req;
  const method = row.route.slice(0, row.route.indexOf(' '));
  const url = concretePath(row, f);
  let res;
  if (method === 'GET') {
    res = await agent.get(url);
  } else if (method === 'POST') {
    const form = req.expected === '422' ? row.invalid : typeof row.body === 'function' ? row.body(f) : row.body;
    if (row.upload) {
      let r = agent.post(url).field('_csrf', token);
      for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) r = r.field(k, one);
      // The invalid upload is the same form without its file.
      res = await (req.expected === '422' ? r : r.attach('fichiers', PDF, 'piece.pdf'));
    } else {
      res = await agent
        .post(url)
        .type('form')
        .send({ _csrf: token, ...form });
    }
  } else {
    throw new Error(`matrix line "${row.route}": the runner knows GET and POST only`);
  }
  return { status: res.status, location: res.headers.location as string | undefined };
}

/** Every document of every collection but sessions and rate-limit counters, in a stable order. */
async function snapshot(): Promise<Map<string, string>> {
  const db = mongoose.connection.db!;
  const out = new Map<string, string>();
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  for (const name of names) {
    if (name === SESSIONS_COLLECTION || name === RATE_LIMITS_COLLECTION) continue;
    const docs = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
    // Reads are logged (who saw a record): a form shown again shows the page again.
    const kept = name === 'audit_events' ? docs.filter((d) => !/\.(view|export|download)$/.test(String(d.action))) : docs;
    out.set(name, BSON.EJSON.stringify(kept));
  }
  return out;
}

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n));
}

const BATCH = 10;
const describeRequest = (r: Request) => `${r.row.route} as ${r.actor}`;

// ---------- hostile input: every form field and URL parameter ----------

/** Fields that take several values: a repeated value is not hostile there. */
const MULTI = new Set(['present', 'cells', 'themes', 'readingNeeds']);
/** Number fields (other fields of digits, such as a flat, are text). */
const NUMBERS = new Set(['birthYear', 'durationMinutes', 'priceCents', 'monthlyChargeCents']);
/** One-time ids of forms: changing them makes a new submission, not a hostile one. */
const ONE_TIME = new Set(['submission']);

interface Hostile {
  what: string;
  /** A urlencoded body as sent on the wire (so that it can hold bytes no browser sends). */
  body: string;
  json?: boolean;
}

const encode = (form: Form) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) p.append(k, one);
  return p.toString();
};

/**
 * Variants of a valid form that must be refused: one field at a time made hostile,
 * and the form as JSON. Each must answer a 4xx in French and change nothing.
 */
function hostileForms(valid: Form, token: string): Hostile[] {
  const out: Hostile[] = [];
  const withField = (name: string, value: string | string[], what: string) =>
    out.push({ what: `${name}: ${what}`, body: encode({ _csrf: token, ...valid, [name]: value }) });
  for (const [name, value] of Object.entries(valid)) {
    if (ONE_TIME.has(name)) continue;
    const v = [value].flat()[0] ?? '';
    withField(name, `${v}\u0000`, 'NUL');
    withField(name, `${v}\u0007x`, 'a control character');
    withField(name, `\u202E${v}`, 'a right-to-left override');
    withField(name, `${v}\uFFFD`, 'a replacement character');
    withField(name, 'x'.repeat(100_000), '100 KB');
    if (!MULTI.has(name)) withField(name, [v, `${v}2`], 'two values');
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) withField(name, '2026-02-30', 'an impossible date');
    if (NUMBERS.has(name)) {
      withField(name, '-1', 'a negative number');
      withField(name, '1e400', 'an impossible number');
    }
    // Bytes that are not UTF-8, as a forged request could send them.
    out.push({
      what: `${name}: invalid UTF-8`,
      body: `${encode({ _csrf: token, ...valid, [name]: '' }).replace(`${encodeURIComponent(name)}=`, `${encodeURIComponent(name)}=%FF%FE`)}`,
    });
  }
  out.push({ what: 'the form as JSON', body: JSON.stringify({ _csrf: token, ...valid }), json: true });
  return out;
}

/** Variants that must not break anything (no 5xx), though a valid rest of the form may pass. */
function oddForms(valid: Form, token: string): Hostile[] {
  const out: Hostile[] = [];
  for (const name of Object.keys(valid)) {
    const rest = Object.fromEntries(Object.entries(valid).filter(([k]) => k !== name));
    out.push({ what: `${name}[$ne] as an operator`, body: `${encode({ _csrf: token, ...rest })}&${name}%5B%24ne%5D=x` });
  }
  out.push({
    what: '__proto__ and constructor keys',
    body: `${encode({ _csrf: token, ...valid })}&__proto__%5Bpolluted%5D=1&__proto__=x&constructor%5Bprototype%5D%5Bpolluted%5D=1`,
  });
  return out;
}

/** Query strings that every page must survive: a 4xx or the page, never a 5xx. */
const HOSTILE_QUERIES = [
  'q=%00&page=-1',
  'page=1e400&lettre=%3Cscript%3E',
  'code=%FF%FE&mois=2026-13',
  'sujet%5B%24ne%5D=1&filtre=__proto__',
  'page=1&page=2&q=a&q=b',
  `q=${'a'.repeat(5000)}`,
  'espace=%E2%80%AE&atelier=..%2F..%2Fetc',
  'fait=%00&ok=%3Cb%3E&n=1e400&retour=https%3A%2F%2Fevil.example',
];

interface HostileAnswer {
  request: string;
  status: number;
  text: string;
  type: string;
}

describe('role matrix: every route × six actors (HTTP, real database)', function () {
  this.timeout(480_000); // some 1,500 requests and a snapshot of every collection after each batch
  const answers = new Map<string, Answer>();
  const changes: string[] = [];
  let inventory: string[] = [];
  const hostile: HostileAnswer[] = [];
  const odd: HostileAnswer[] = [];
  const hostileUrls: HostileAnswer[] = [];
  const hostileChanges: string[] = [];

  before(async () => {
    await clearDatabase();
    inventory = routeInventory(await getApp()).map((r) => `${r.method} ${r.path}`);
    const { fixtures, agents } = await buildFixtures();
    // A valid token for each actor: the one of the page every actor can open.
    const tokens = Object.fromEntries(
      await Promise.all(ACTORS.map(async (a) => [a, await csrfFor(agents[a], a === 'anonymous' ? '/connexion' : '/')])),
    ) as Record<Actor, string>;

    const known = new Set(inventory);
    const requests = MATRIX.filter((r) => known.has(r.route)).flatMap((row) =>
      ACTORS.map((actor) => ({ row, actor, expected: row.expect[actor] })),
    );
    const isPost = (r: Request) => !r.row.route.startsWith('GET ');
    const refused = requests.filter((r) => REFUSED.includes(r.expected));
    const allowedReads = requests.filter((r) => !REFUSED.includes(r.expected) && !isPost(r));
    const allowedWrites = requests
      .filter((r) => !REFUSED.includes(r.expected) && isPost(r))
      .sort((x, y) => Number(x.row.endsSession) - Number(y.row.endsSession));
    const run = async (r: Request) => answers.set(describeRequest(r), await send(r, fixtures, agents[r.actor], tokens[r.actor]));

    let state = await snapshot();
    // 1. Refusals (and allowed posts of a wrong form) in parallel batches: nothing may change.
    for (let i = 0; i < refused.length; i += BATCH) {
      const batch = refused.slice(i, i + BATCH);
      await Promise.all(batch.map(run));
      const after = await snapshot();
      const diff = changed(state, after);
      state = after;
      if (diff.length)
        changes.push(
          `${diff.join(', ')} changed during this batch of refusals:\n    ${batch.map(describeRequest).join('\n    ')}`,
        );
    }
    // 1b. Hostile forms, sent by an actor allowed to post each one: refused, nothing changed.
    for (const row of MATRIX.filter((r) => known.has(r.route) && r.route.startsWith('POST ') && !r.endsSession)) {
      const actor = ACTORS.find((a) => row.expect[a] === '422') ?? ACTORS.find((a) => row.expect[a] === '303');
      if (!actor) continue;
      const url = concretePath(row, fixtures);
      const valid = typeof row.body === 'function' ? row.body(fixtures) : row.body;
      const post = (h: Hostile) => {
        const req = agents[actor].post(url);
        if (h.json) return req.set('Content-Type', 'application/json').send(h.body);
        if (row.upload) return req.field('_csrf', tokens[actor]).field('label', `${String(valid.label)}\u0000`);
        return req.set('Content-Type', 'application/x-www-form-urlencoded').send(h.body);
      };
      const variants = row.upload
        ? [{ what: 'label: NUL (multipart)', body: '' }, ...hostileForms({}, tokens[actor]).slice(-1)]
        : hostileForms(valid, tokens[actor]);
      for (let i = 0; i < variants.length; i += BATCH) {
        const batch = variants.slice(i, i + BATCH);
        const got = await Promise.all(batch.map(post));
        got.forEach((res, j) =>
          hostile.push({
            request: `${row.route} as ${actor}, ${batch[j]!.what}`,
            status: res.status,
            text: res.text ?? '',
            type: String(res.headers['content-type'] ?? ''),
          }),
        );
      }
      const after = await snapshot();
      const diff = changed(state, after);
      state = after;
      if (diff.length) hostileChanges.push(`${diff.join(', ')} changed by hostile forms on ${row.route}`);
      // A valid rest of the form may pass: not on the routes whose action would spoil the fixtures.
      if (!row.upload && !/effacer|revocation|reemission|retrait|mot-de-passe|nouveau-code/.test(row.route)) {
        const got = await Promise.all(oddForms(valid, tokens[actor]).map(async (h) => ({ h, res: await post(h) })));
        for (const { h, res } of got)
          odd.push({ request: `${row.route} as ${actor}, ${h.what}`, status: res.status, text: res.text ?? '', type: '' });
        state = await snapshot();
      }
    }
    // 1c. Hostile query strings and unknown ids on every page, as an actor allowed to read it.
    for (const row of MATRIX.filter((r) => known.has(r.route) && r.route.startsWith('GET '))) {
      const actor = ACTORS.find((a) => row.expect[a] === '200');
      if (!actor) continue;
      const url = concretePath(row, fixtures);
      const urls = HOSTILE_QUERIES.map((q) => `${url}?${q}`);
      // Unknown and malformed ids in the path.
      if (/:id|:userId|:sessionId|:code|:file/.test(row.route)) {
        urls.push(url.replace(/[a-f0-9]{24}/g, '0'.repeat(24)), url.replace(/[a-f0-9]{24}/g, '..%2F..%2Fetc%2Fpasswd'));
        urls.push(url.replace(fixtures.code, 'KRN-%00%00-%E2%80%AE'));
      }
      const got = await Promise.all(urls.map(async (u) => ({ u, res: await agents[actor].get(u) })));
      for (const { u, res } of got)
        hostileUrls.push({ request: `GET ${u.slice(0, 120)} as ${actor}`, status: res.status, text: res.text ?? '', type: '' });
    }
    // 2. Pages the actors may read.
    for (let i = 0; i < allowedReads.length; i += BATCH) await Promise.all(allowedReads.slice(i, i + BATCH).map(run));
    // 3. Allowed actions, one at a time; logging out last.
    for (const r of allowedWrites) await run(r);
  });

  it('the matrix has a line for every route of the app, and none for a route it no longer has', () => {
    const lines = MATRIX.map((r) => r.route);
    const missing = inventory.filter((r) => !lines.includes(r));
    const stale = lines.filter((r) => !inventory.includes(r));
    const twice = lines.filter((r, i) => lines.indexOf(r) !== i);
    const problems = [
      ...missing.map((r) => `  ${r}: the app has this route and the matrix has no line for it`),
      ...stale.map((r) => `  ${r}: the matrix has a line for it and the app no longer has this route`),
      ...twice.map((r) => `  ${r}: two lines in the matrix`),
    ];
    expect(problems, `test/http/role-matrix.test.ts, MATRIX:\n${problems.join('\n')}\n`).to.deep.equal([]);
  });

  it('refused requests and wrong forms change nothing in the database', () => {
    expect(changes, `\n  ${changes.join('\n  ')}\n`).to.deep.equal([]);
  });

  it('hostile form fields get a 4xx with a French message, and change nothing', () => {
    expect(hostile.length).to.be.greaterThan(300);
    const wrong = hostile.flatMap((h) => {
      const problems: string[] = [];
      if (![400, 413, 415, 422].includes(h.status)) problems.push(`status ${h.status}`);
      if (h.status === 422 && !h.text.includes('id="form-problems"'))
        problems.push('the form is not shown again with its problems');
      if (!h.text.includes('<html lang="fr"')) problems.push('no French page');
      if (/\/work\/|\bat [\w.]+ \(|node_modules/.test(h.text)) problems.push('a stack trace or a path');
      return problems.length ? [`${h.request}: ${problems.join(', ')}`] : [];
    });
    expect(wrong, `\n  ${wrong.slice(0, 30).join('\n  ')}\n`).to.deep.equal([]);
    expect(hostileChanges).to.deep.equal([]);
  });

  it('a JSON body is refused with 415 where a form is expected', () => {
    const json = hostile.filter((h) => h.request.endsWith('the form as JSON'));
    expect(json.length).to.be.greaterThan(20);
    expect(json.filter((h) => h.status !== 415).map((h) => `${h.request}: ${h.status}`)).to.deep.equal([]);
  });

  it('operators in brackets and __proto__ keys never give a 5xx nor pollute objects', () => {
    expect(odd.length).to.be.greaterThan(50);
    expect(odd.filter((h) => h.status >= 500).map((h) => `${h.request}: ${h.status}`)).to.deep.equal([]);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('hostile query strings and unknown ids never give a 5xx', () => {
    expect(hostileUrls.length).to.be.greaterThan(300);
    const wrong = hostileUrls.filter((h) => h.status >= 500 || (h.status >= 400 && !h.text.includes('lang="fr"')));
    expect(wrong.map((h) => `${h.request}: ${h.status}`)).to.deep.equal([]);
  });

  for (const r of MATRIX) {
    it(r.route, () => {
      const wrong = ACTORS.flatMap((actor) => {
        const answer = answers.get(describeRequest({ row: r, actor, expected: r.expect[actor] }));
        if (!answer) return [];
        const got = outcomeOf(answer);
        const where = answer.status === 303 ? ` → ${answer.location}` : '';
        return got === r.expect[actor] ? [] : [`${actor}: expected ${r.expect[actor]}, got ${got}${where}`];
      });
      expect(wrong, `${r.route}\n  ${wrong.join('\n  ')}`).to.deep.equal([]);
    });
  }
});
