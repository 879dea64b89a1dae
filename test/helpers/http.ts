/** Helpers for HTTP tests through supertest against the real app. */
import supertest from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { ensureAccount, type Role } from '../../src/features/accounts/index.js';
import { findOrCreateSite } from '../../src/features/sites/index.js';
import { getApp } from './test-env.js';

export type Agent = InstanceType<typeof TestAgent>;

export async function newAgent(): Promise<Agent> {
  return supertest.agent(await getApp());
}

/** The CSRF token of the first form of a page. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no CSRF token in page');
  return m[1];
}

export async function csrfFor(agent: Agent, url: string): Promise<string> {
  const res = await agent.get(url);
  return csrfOf(res.text);
}

export const PASSWORD = 'un-mot-de-passe-de-test';

export async function makeUser(
  username: string,
  role: Role,
  siteName = 'Site de test',
  extra: { mustChangePassword?: boolean } = {},
) {
  const site = await findOrCreateSite({ name: siteName });
  const { user } = await ensureAccount({
    username,
    password: PASSWORD,
    role,
    displayName: username,
    siteId: role === 'coordinator' ? null : site.id,
    ...extra,
  });
  return { user, site };
}

export async function loggedIn(username: string, password = PASSWORD): Promise<Agent> {
  const agent = await newAgent();
  const token = await csrfFor(agent, '/connexion');
  const res = await agent.post('/connexion').type('form').send({ _csrf: token, username, password });
  if (res.status !== 303) throw new Error(`login of ${username} failed: ${res.status}`);
  return agent;
}

/**
 * Opens `page` for its form's CSRF token, then posts `data` to `action`.
 * The token is read first: a supertest agent attaches its cookies when the
 * request is created, so the page must be fetched before the post is built.
 */
export async function postForm(
  agent: Agent,
  page: string,
  action: string,
  data: Record<string, string | string[]>,
  status: number,
) {
  const token = await csrfFor(agent, page);
  return agent
    .post(action)
    .type('form')
    .send({ _csrf: token, ...data })
    .expect(status);
}

/** A GET whose body is kept as raw bytes (a PDF, an image), in `res.body`. */
export function getBinary(agent: Agent, url: string) {
  return agent
    .get(url)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
}
