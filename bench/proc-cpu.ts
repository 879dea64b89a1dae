/**
 * CPU time of processes, read from /proc (Linux): the bench's own measure of what the app,
 * FerretDB's launcher and PostgreSQL's processes each spend (bench/throughput.ts,
 * bench/backup.bench.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // /proc counts CPU time in clock ticks (100 per second on Linux)

/** A process's CPU time so far (user + system), in ms; 0 once it is gone. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime + stime
  } catch {
    return 0;
  }
}

function processes(): { pid: number; ppid: number; cmd: string }[] {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.push({ pid: Number(name), ppid, cmd });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** CPU time so far (ms) of the engine of `dataDir`: FerretDB's launcher, and PostgreSQL's server with its backends. */
export function engineCpuMs(dataDir: string): { ferretdb: number; postgresql: number } {
  const all = processes();
  const launcher = all.filter((p) => p.cmd.includes('ferretdb-launcher') && p.cmd.includes(`${dataDir}/`));
  const servers = new Set(all.filter((p) => /\/postgres -D /.test(p.cmd) && p.cmd.includes(`${dataDir}/pg`)).map((p) => p.pid));
  const sum = (pids: number[]) => pids.reduce((s, p) => s + cpuMs(p), 0);
  return {
    ferretdb: sum(launcher.map((p) => p.pid)),
    postgresql: sum(all.filter((p) => servers.has(p.pid) || servers.has(p.ppid)).map((p) => p.pid)),
  };
}
