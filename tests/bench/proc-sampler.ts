import { readFileSync } from 'node:fs';

/** One sample of the processes a bench phase watches, read from /proc (Linux). */
export interface ProcessSample {
  /** Seconds since the phase started. */
  t: number;
  /** Per watched process: CPU in cores (1 = one core busy) since the last sample, and resident memory in MB. */
  processes: Record<string, { cpu: number; rssMb: number } | null>;
  /** Share of all cores busy since the last sample (every process on the machine). */
  machineCpuShare: number;
}

const CLOCK_TICKS = 100;

function cpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may hold spaces; the fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

function rssMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

function machineTicks(): { busy: number; total: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const n = values.map(Number);
  const idle = n[3]! + n[4]!;
  const total = n.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export interface Sampler {
  stop(): ProcessSample[];
}

/**
 * Samples CPU and RSS of the named processes every `intervalMs` until stopped. A group is a set
 * of processes that changes while it runs (PostgreSQL's backends for our databases): its pids
 * are asked for again at each sample, and it counts the CPU of the pids seen twice.
 */
export function sampleProcesses(
  pids: Record<string, number>,
  intervalMs = 1000,
  groups: Record<string, () => Promise<number[]>> = {},
): Sampler {
  const started = Date.now();
  const samples: ProcessSample[] = [];
  const members: Record<string, number[]> = Object.fromEntries(Object.keys(groups).map((g) => [g, []]));
  const refresh = () => {
    for (const [name, list] of Object.entries(groups))
      list().then(
        (found) => (members[name] = found),
        () => undefined,
      );
  };
  refresh();
  const readAll = () => {
    const single = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuTicks(pid)]));
    const grouped = Object.fromEntries(
      Object.entries(members).map(([g, list]) => [g, new Map(list.map((pid) => [pid, cpuTicks(pid)]))]),
    );
    return { single, grouped };
  };
  let last = { at: started, ...readAll(), machine: machineTicks() };
  const timer = setInterval(() => {
    const at = Date.now();
    const seconds = (at - last.at) / 1000;
    const now = readAll();
    const machine = machineTicks();
    const processes: ProcessSample['processes'] = {};
    for (const [name, pid] of Object.entries(pids)) {
      const ticks = now.single[name];
      const before = last.single[name];
      const rss = rssMb(pid);
      processes[name] =
        ticks === null || ticks === undefined || before === null || before === undefined || rss === null
          ? null
          : { cpu: Math.round(((ticks - before) / CLOCK_TICKS / seconds) * 100) / 100, rssMb: rss };
    }
    for (const [name, current] of Object.entries(now.grouped)) {
      let delta = 0;
      let rss = 0;
      for (const [pid, ticks] of current) {
        const before = last.grouped[name]?.get(pid);
        if (ticks !== null && before !== null && before !== undefined) delta += ticks - before;
        // The largest backend, not the sum: each one's RSS counts the shared buffers again.
        rss = Math.max(rss, rssMb(pid) ?? 0);
      }
      processes[name] = { cpu: Math.round((delta / CLOCK_TICKS / seconds) * 100) / 100, rssMb: rss };
    }
    const totalDelta = machine.total - last.machine.total;
    samples.push({
      t: Math.round((at - started) / 100) / 10,
      processes,
      machineCpuShare: totalDelta > 0 ? Math.round(((machine.busy - last.machine.busy) / totalDelta) * 100) / 100 : 0,
    });
    last = { at, ...now, machine };
    refresh();
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}

export interface ProcessSummary {
  meanCpuCores: number;
  peakRssMb: number;
  /** CPU time used over the samples, in core-seconds. */
  cpuSeconds: number;
}

/** Mean CPU (cores), CPU time and peak RSS (MB) of one process over the samples. */
export function summariseProcess(samples: ProcessSample[], name: string): ProcessSummary | null {
  let cpuSeconds = 0;
  let previous = 0;
  const values: { cpu: number; rssMb: number }[] = [];
  for (const sample of samples) {
    const value = sample.processes[name];
    if (value) {
      values.push(value);
      cpuSeconds += value.cpu * (sample.t - previous);
    }
    previous = sample.t;
  }
  if (values.length === 0) return null;
  return {
    meanCpuCores: Math.round((values.reduce((a, v) => a + v.cpu, 0) / values.length) * 100) / 100,
    peakRssMb: Math.max(...values.map((v) => v.rssMb)),
    cpuSeconds: Math.round(cpuSeconds * 10) / 10,
  };
}

/** CPU milliseconds each process spent per renewal that completed. */
export function cpuMsPerRenewal(processes: Record<string, ProcessSummary | null>, completed: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(processes)
      .filter((entry): entry is [string, ProcessSummary] => entry[1] !== null && completed > 0)
      .map(([name, p]) => [name, Math.round((p.cpuSeconds * 1000) / completed)]),
  );
}

export function meanMachineCpuShare(samples: ProcessSample[]): number {
  if (samples.length === 0) return 0;
  return Math.round((samples.reduce((a, s) => a + s.machineCpuShare, 0) / samples.length) * 100) / 100;
}
