/**
 * Commands per page: what the app sent to the database while serving one GET, read back
 * from the bench's app process (`GET /__bench/commands`, see app-server.ts).
 */
import type { Client } from './http-client.js';

export async function pageCommands(who: Client, url: string): Promise<string[]> {
  const res = await who.get(url);
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
  const log = await who.get('/__bench/commands');
  return JSON.parse(log.text) as string[];
}
