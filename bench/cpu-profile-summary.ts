/**
 * `npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [top=25]`
 * Where a process's CPU went (a profile from `node --cpu-prof`, e.g. bench/throughput.ts
 * --cpu-prof DIR): self time grouped by package (node_modules/<name>), by the app's own
 * folders (src/features/<feature>, src/platform, views), by Node's internals, and the
 * garbage collector; then the functions with the most self time.
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('Usage: npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [top]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

function groupOf(n: Node): string {
  const { url, functionName } = n.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const own = /\/(src\/features\/[^/]+|src\/platform|src|views)\//.exec(url);
  return own ? own[1]! : url;
}

const total = [...self.values()].reduce((a, b) => a + b, 0);
const idle = [...self].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, v]) => a + v, 0);
const busy = total - idle;
const groups = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  if (n.callFrame.functionName === '(idle)') continue;
  const g = groupOf(n);
  groups.set(g, (groups.get(g) ?? 0) + us);
  const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(src|views|bench)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
  functions.set(name, (functions.get(name) ?? 0) + us);
}
const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
const top = Number(topArg ?? 25);
process.stdout.write(
  `busy ${(busy / 1e6).toFixed(2)} s of ${(total / 1e6).toFixed(2)} s profiled\n\nby package or folder (self time)\n`,
);
for (const [g, us] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${pct(us)}  ${g}\n`);
process.stdout.write('\nfunctions (self time)\n');
for (const [f, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${pct(us)}  ${f}\n`);
