/**
 * `npm run screenshots [-- --out screenshots]`: the main pages of every role, at 360 px
 * (a phone) and 1280 px (a desktop), as PNG files in one folder for review, with an
 * axe-core check of each page (WCAG 2.1 A and AA) printed as it goes.
 *
 * It runs the app in this process on the configured database (the embedded engine on
 * ./data by default, shared with a running app) and logs in with the demo accounts:
 * run `npm run seed:demo` first. Needs Debian's Chromium (/usr/bin/chromium).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApp } from '../src/app.js';
import { DEMO_PASSWORD } from '../src/features/accounts/accounts.demo.js';
import { withDatabase } from './with-database.js';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'screenshots' } } });
const WIDTHS = [360, 1280];
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Each role's pages: fixed paths, and paths found by following the first matching link. */
interface Visit {
  name: string;
  path?: string;
  /** A page to open, then the first link whose href matches. */
  from?: string;
  link?: RegExp;
}
const ROLES: { who: string | null; visits: Visit[] }[] = [
  {
    who: null,
    visits: [
      { name: 'accueil', path: '/' },
      { name: 'connexion', path: '/connexion' },
      { name: 'verifier', path: '/verifier' },
    ],
  },
  {
    who: 'marie.demo',
    visits: [
      { name: 'accueil', path: '/' },
      { name: 'ateliers', path: '/ateliers' },
      { name: 'module', path: '/ateliers/decouvrir-ordinateur' },
      { name: 'lecon', from: '/ateliers/decouvrir-ordinateur', link: /\/lecons\// },
      { name: 'exercice', from: '/ateliers/decouvrir-ordinateur', link: /\/exercices\// },
      // The fake CAF e-mail (the scene "Écouter" reads), and the result of an answer.
      { name: 'exercice-courriel', path: '/ateliers/boite-mail/exercices/mail-faux-caf' },
      { name: 'resultat', path: '/ateliers/boite-mail/exercices/mail-faux-caf/resultat?answer=signaler' },
      { name: 'bilan', path: '/ateliers/decouvrir-ordinateur/bilan' },
      { name: 'progression', path: '/ma-progression' },
      { name: 'attestations', path: '/mes-certificats' },
      { name: 'dossier', path: '/mon-dossier' },
      { name: 'validations', path: '/mes-validations' },
      { name: 'compte', path: '/mon-compte' },
    ],
  },
  {
    // The job-seeker: the way to the core certificate, and what to show an employer.
    who: 'karim.demo',
    visits: [{ name: 'attestations-socle', path: '/mes-certificats' }],
  },
  {
    who: 'anim.demo',
    visits: [
      { name: 'accueil', path: '/' },
      { name: 'residents', path: '/residents?filtre=tous' },
      { name: 'dossier', from: '/residents?filtre=tous', link: /^\/residents\/[a-f0-9]{24}$/ },
      { name: 'seances', path: '/seances' },
      { name: 'seance', from: '/seances', link: /^\/seances\/[a-f0-9]{24}$/ },
      { name: 'validation', path: '/validation' },
      { name: 'validation-resident', from: '/validation', link: /^\/validation\/residents\/[a-f0-9]{24}$/ },
      { name: 'attestations', path: '/certificats' },
      { name: 'attestations-par-nom', path: '/certificats?q=benali' },
      { name: 'attestation', from: '/certificats', link: /^\/certificats\/[a-f0-9]{24}$/ },
      { name: 'statistiques', path: '/statistiques' },
    ],
  },
  {
    who: 'coord.demo',
    visits: [
      { name: 'accueil', path: '/' },
      { name: 'comptes', path: '/comptes' },
      { name: 'espaces', path: '/espaces' },
      { name: 'journal', path: '/journal' },
      { name: 'statistiques', path: '/statistiques' },
    ],
  },
];

async function logIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/connexion`);
  await page.fill('#username', username);
  await page.fill('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
  if (page.url().includes('/connexion'))
    throw new Error(`${username} : connexion refusée. Lancez d’abord npm run seed:demo. / Run npm run seed:demo first.`);
}

async function axeCount(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string }[] }> } })
      .axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => v.id);
  });
}

await withDatabase(async ({ config, logger }) => {
  const out = path.resolve(config.ROOT_DIR, values.out!);
  mkdirSync(out, { recursive: true });
  const app = await createApp({ config, logger });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let browser: Browser | undefined;
  let problems = 0;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', chromiumSandbox: false, args: ['--disable-gpu'] });
    for (const role of ROLES) {
      for (const width of WIDTHS) {
        const context = await browser.newContext({ viewport: { width, height: width < 600 ? 740 : 900 } });
        const page = await context.newPage();
        if (role.who) await logIn(page, base, role.who);
        for (const v of role.visits) {
          let target = v.path;
          if (!target && v.from && v.link) {
            await page.goto(base + v.from);
            const hrefs = await page.$$eval('main a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
            target = hrefs.find((h) => v.link!.test(h.split('#')[0]!));
          }
          if (!target) {
            process.stdout.write(`${role.who ?? 'visiteur'} ${v.name} : aucun lien trouvé, page sautée\n`);
            continue;
          }
          const res = await page.goto(base + target);
          const file = path.join(out, `${role.who ?? 'visiteur'}-${v.name}-${width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          const violations = await axeCount(page);
          problems += violations.length;
          process.stdout.write(
            `${path.relative(config.ROOT_DIR, file)}  ${res?.status()}  ${violations.length ? `axe : ${violations.join(', ')}` : 'axe : rien'}\n`,
          );
        }
        await context.close();
      }
    }
  } finally {
    await browser?.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
  process.stdout.write(`Captures dans ${out}. Problèmes d’accessibilité : ${problems}.\n`);
  if (problems) process.exitCode = 1;
});
