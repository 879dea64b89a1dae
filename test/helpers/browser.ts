/**
 * Real Chromium (Debian's package) driven by playwright-core, against the real app
 * listening on a free port. axe-core is injected with page.evaluate so that the
 * strict CSP does not block it.
 */
import { readFileSync } from 'node:fs';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { getApp } from './test-env.js';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const CHROMIUM = '/usr/bin/chromium';

/** The test app (or `app`, e.g. one with short idle times) on a free port, and Chromium. */
export async function startBrowser(app?: Express): Promise<{ browser: Browser; server: Server; base: string }> {
  app ??= await getApp();
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    chromiumSandbox: false,
    args: [
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  return { browser, server, base };
}

export async function stopBrowser(ctx: { browser?: Browser; server?: Server }): Promise<void> {
  await ctx.browser?.close();
  ctx.server?.closeAllConnections();
  await new Promise((resolve) => (ctx.server ? ctx.server.close(resolve) : resolve(undefined)));
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** WCAG 2.1 A and AA violations of the current page (or of the tags given, e.g. with 'best-practice'). */
export async function axeViolations(page: Page, tags: string[] = WCAG_TAGS): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async (values) => {
    const axe = (
      globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  }, tags);
}

/** Logs in through the login page with the keyboard, and waits for the home page. */
export async function logInAs(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/connexion`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${base}/`), page.keyboard.press('Enter')]);
}
