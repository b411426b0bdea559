// CPU time of a process tree from /proc (Linux): utime+stime of each process plus cutime+cstime of children it has reaped.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

interface ProcessStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  ticks: number;
}

export const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

function readStat(pid: number): ProcessStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // the process ended between listing and reading
  }
  // Fields after the command name, which is in parentheses and may itself hold spaces or parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const field = (number: number) => Number(fields[number - 3]); // numbered as in proc(5)
  return { pid, ppid: field(4), ticks: field(14) + field(15) + field(16) + field(17) };
}

function allProcesses(): ProcessStat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcessStat => stat !== null);
}

/** CPU seconds used so far by `root` and every process below it. */
export function treeCpuSeconds(root: number): number {
  const processes = allProcesses();
  const children = new Map<number, ProcessStat[]>();
  for (const stat of processes) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  let ticks = 0;
  const stack = processes.filter((stat) => stat.pid === root);
  while (stack.length > 0) {
    const stat = stack.pop()!;
    ticks += stat.ticks;
    stack.push(...(children.get(stat.pid) ?? []));
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/**
 * The browser that Playwright's `chromium.launch()` started: a direct child of this Node process (Playwright's
 * server runs in-process) launched with `--remote-debugging-pipe`. `Browser` has no `process()`, hence this search.
 */
export function launchedChromiumPid(): number {
  const candidates = allProcesses()
    .filter((stat) => stat.ppid === process.pid)
    .filter((stat) => {
      try {
        const commandLine = readFileSync(`/proc/${stat.pid}/cmdline`, 'utf8');
        return commandLine.includes('chromium') && commandLine.includes('--remote-debugging-pipe');
      } catch {
        return false;
      }
    });
  if (candidates.length !== 1) throw new Error(`expected one Chromium launched by this process, found ${candidates.length}`);
  return candidates[0]!.pid;
}
