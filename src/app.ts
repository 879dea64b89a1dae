/**
 * createApp builds the Express app from its dependencies and never listens:
 * server.ts connects the database and listens; tests call createApp directly.
 */
import path from 'node:path';
import compression from 'compression';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Config } from './config.js';
import {
  accountAudit,
  accountsRouter,
  configurePassport,
  firstLoginRouter,
  loginRouter,
  loginSessionRouter,
  passwordRouter,
  settingsRouter,
  setupRouter,
  loginLimits,
  type LoginSettings,
  mustChangePasswordGate,
} from './features/accounts/index.js';
import { auditRouter } from './features/audit/index.js';
import { loginCardsRouter } from './features/login-cards/index.js';
import { sessionCodeAudit, sessionCodesRouter } from './features/session-codes/index.js';
import { selfAssessmentAudit, selfAssessmentRouter } from './features/self-assessment/index.js';
import {
  certificateAudit,
  certificateSettingsBinding,
  certificatesForValidation,
  certificatesRouter,
  CREDENTIAL_UPLOAD_PATH,
  credentialsRouter,
  loadCertificateSettings,
  maskVerificationCodes,
} from './features/certificates/index.js';
import { curriculumRouter } from './features/curriculum/index.js';
import { homeRouter } from './features/home/index.js';
import { recordAudit, recordPages, recordRouter } from './features/record/index.js';
import {
  residentAudit,
  residentEditRouter,
  residentRecordRouter,
  residentsRouter,
  RESIDENT_UPLOAD_PATH,
  supportEntryRouter,
} from './features/residents/index.js';
import { sessionAudit, sessionsRouter } from './features/sessions/index.js';
import { placesRouter, SITE_LOGO_PATH, sitesRouter } from './features/sites/index.js';
import { countActivity, statisticsRouter } from './features/statistics/index.js';
import {
  keepSessionSummaries,
  myValidationsRouter,
  sessionValidationRouter,
  summaryCertificates,
  validationRouter,
} from './features/validation/index.js';
import {
  answerAfterSessionEnded,
  catalogueBinding,
  loadCatalogue,
  workshopsRouter,
  type Catalogue,
} from './features/workshops/index.js';
import { activityListeners } from './platform/activity.js';
import { AppScope, type ScopeBinding } from './platform/app-scope.js';
import { assetUrls } from './platform/assets.js';
import { AuditWindow, auditWindow } from './platform/audit-window.js';
import { countRequests } from './platform/background.js';
import { embeddedEngineState } from './platform/embedded-engine.js';
import { errorHandler, notFoundHandler } from './platform/error-handler.js';
import { ServiceUnavailable } from './platform/errors.js';
import { createI18n, i18nMiddleware, languageChoice } from './platform/i18n.js';
import type { Logger } from './platform/logger.js';
import { formBodiesOnly, refuseInvalidUtf8 } from './platform/forms.js';
import { csrfProtection, securityHeaders, takesFiles, type MultipartPaths } from './platform/security.js';
import { SessionCache } from './platform/session-cache.js';
import { sessionMiddleware, type SessionConfig } from './platform/sessions.js';
import { viewLocals } from './platform/view-locals.js';

export interface AppDeps {
  config: Pick<
    Config,
    | 'SESSION_SECRET'
    | 'BEHIND_HTTPS_PROXY'
    | 'TRUST_PROXY'
    | 'NODE_ENV'
    | 'ROOT_DIR'
    | 'CONTENT_DIR'
    | 'PUBLIC_URL'
    | 'CREDENTIAL_SIGNING_KEY'
    | 'DATA_DIR'
    | 'VERIFY_LIMIT'
    | 'VERIFY_WINDOW'
    | 'HEALTH_TIMEOUT'
    | 'AUDIT_VIEW_WINDOW'
    | 'LOGIN_CODE_VALIDITY'
    | 'SESSION_CODE_VALIDITY'
    | 'SESSION_CODE_EARLY'
  > &
    SessionConfig &
    LoginSettings;
  logger: Logger;
}

/** Every action the audit trail records: each feature declares its own. */
const AUDIT_ACTIONS = [
  ...recordAudit.actions,
  ...residentAudit.actions,
  ...sessionAudit.actions,
  ...certificateAudit.actions,
  ...accountAudit.actions,
  ...sessionCodeAudit.actions,
  ...selfAssessmentAudit.actions,
];

/** The posts that take files, and check their CSRF token after multer has read them. */
const MULTIPART_PATHS: MultipartPaths = [RESIDENT_UPLOAD_PATH, SITE_LOGO_PATH, CREDENTIAL_UPLOAD_PATH];

const scopes = new WeakMap<Express, AppScope>();

/**
 * The app's own values that code deep in the features reads (app-scope.ts): its content
 * catalogue and the activity log's listeners (the statistics' counters).
 */
export async function loadAppScope(contentDir: string) {
  const catalogue = await loadCatalogue(contentDir);
  return { catalogue, scope: new AppScope(baseBindings(catalogue)) };
}

const baseBindings = (catalogue: Catalogue, views = new AuditWindow(0)): ScopeBinding[] => [
  catalogueBinding(catalogue),
  auditWindow.bind(views),
  activityListeners.bind([countActivity, keepSessionSummaries]),
  summaryCertificates.bind(certificatesForValidation),
];

/** Runs code outside a request (a background job) as one of this app's requests would. */
export function appScopeOf(app: Express): AppScope {
  const scope = scopes.get(app);
  if (!scope) throw new Error('not an app made by createApp');
  return scope;
}

/** Every feature's pages, in the order they are tried. */
function featureRouters(config: AppDeps['config']) {
  const verify = { verifyLimit: config.VERIFY_LIMIT, verifyWindowSeconds: Math.ceil(config.VERIFY_WINDOW / 1000) };
  return [
    homeRouter({ healthTimeout: config.HEALTH_TIMEOUT }),
    loginRouter(),
    loginSessionRouter(),
    firstLoginRouter(),
    passwordRouter(),
    settingsRouter(),
    setupRouter(),
    accountsRouter(),
    residentsRouter(),
    residentEditRouter(),
    supportEntryRouter(),
    residentRecordRouter(recordPages),
    recordRouter(),
    auditRouter({ actions: AUDIT_ACTIONS }),
    sessionsRouter(),
    loginCardsRouter({ validityMs: config.LOGIN_CODE_VALIDITY, publicUrl: config.PUBLIC_URL }),
    sessionCodesRouter({ validityMs: config.SESSION_CODE_VALIDITY, earlyMs: config.SESSION_CODE_EARLY }),
    sitesRouter(),
    placesRouter(),
    selfAssessmentRouter(),
    workshopsRouter(config.CONTENT_DIR),
    validationRouter(certificatesForValidation),
    sessionValidationRouter(certificatesForValidation),
    myValidationsRouter(),
    credentialsRouter(verify),
    // After the credentials' pages: `/certificats/:id` would take `<id>.json` for an id.
    certificatesRouter(verify),
    curriculumRouter(),
    statisticsRouter(),
  ];
}

/**
 * A factory: everything the app keeps comes from `config` and lives in the app, so two
 * apps with two content folders can run in one process (test/http/app-factory.test.ts).
 */
export async function createApp({ config, logger }: AppDeps): Promise<Express> {
  const root = config.ROOT_DIR;
  const contentDir = config.CONTENT_DIR;
  const catalogue = await loadCatalogue(contentDir);
  // content/socle.yaml, checked against the catalogue; a broken file stops the start.
  const certificateSettings = await loadCertificateSettings(contentDir, catalogue.modules, {
    publicUrl: config.PUBLIC_URL,
    dataDir: config.DATA_DIR,
    legacySigningKey: config.CREDENTIAL_SIGNING_KEY,
  });
  const scope = new AppScope([
    ...baseBindings(catalogue, new AuditWindow(config.AUDIT_VIEW_WINDOW)),
    certificateSettingsBinding(certificateSettings),
  ]);
  const app = express();
  scopes.set(app, scope);
  const https = config.BEHIND_HTTPS_PROXY;
  // First of all: background jobs yield while requests are served (background.ts).
  app.use(countRequests());
  // Every request of this app reads this app's content and rules.
  app.use(scope.middleware());

  app.disable('x-powered-by');
  // X-Forwarded-For is believed only from the configured proxy: anyone else could spoof
  // it to escape the rate limits, which count per address (req.ip).
  app.set('trust proxy', config.TRUST_PROXY);
  app.set('view engine', 'ejs');
  app.set('views', path.join(root, 'views'));
  if (config.NODE_ENV === 'production') app.set('view cache', true);

  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => req.url?.startsWith('/static/') ?? false },
      // A certificate code in a URL is a key to personal data: never whole in the logs.
      serializers: { req: maskVerificationCodes },
    }),
  );
  app.use(securityHeaders({ https }));
  app.use(compression());
  // Views link static files with a content hash (assets.ts): they can be cached a year.
  const publicDir = path.join(root, 'public');
  app.use(
    '/static',
    express.static(publicDir, {
      index: false,
      setHeaders: (res, _file) => {
        const versioned = /[?&]v=/.test(res.req.originalUrl);
        res.setHeader('Cache-Control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
      },
    }),
  );
  app.locals.asset = assetUrls(publicDir, { cache: config.NODE_ENV === 'production' });

  // While the embedded engine restarts, answer 503 at once rather than wait for it.
  app.use((req, _res, next) =>
    next(embeddedEngineState() === 'restarting' && req.path !== '/healthz' ? new ServiceUnavailable() : undefined),
  );
  // Forms only: a JSON body is refused (415), never read as an empty form.
  app.use(formBodiesOnly(takesFiles(MULTIPART_PATHS)));
  // extended: false, so a form cannot send nested objects such as username[$ne]=x.
  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 200, verify: refuseInvalidUtf8 }));
  const i18n = await createI18n();
  app.use(i18nMiddleware(i18n));
  // A session exists only after login; visitors' forms are protected without one.
  // Sessions and their accounts kept in memory a moment (session-cache.ts).
  const sessionCache = new SessionCache(config.SESSION_CACHE);
  app.locals.sessionCache = sessionCache;
  app.use(sessionMiddleware(config, sessionCache));
  app.locals.loginLimits = loginLimits(config);
  const passport = configurePassport();
  app.use(passport.session());
  // Pages for a signed-in person hold personal data: a shared computer's browser keeps none.
  app.use((req, res, next) => {
    if (req.user) res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // The session's or the account's language, never a long-lived cookie of the computer.
  app.use(languageChoice({ https }));
  app.use(viewLocals('Kérourien'));
  app.use(csrfProtection(config, MULTIPART_PATHS));
  app.use(mustChangePasswordGate);

  app.use(...featureRouters(config));

  app.use(notFoundHandler);
  app.use(answerAfterSessionEnded);
  app.use(errorHandler(logger, i18n));
  return app;
}
