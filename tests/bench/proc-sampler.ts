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

/** Samples CPU and RSS of the named processes every `intervalMs` until stopped. */
export function sampleProcesses(pids: Record<string, number>, intervalMs = 1000): Sampler {
  const started = Date.now();
  const samples: ProcessSample[] = [];
  let last = {
    at: started,
    ticks: Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuTicks(pid)])),
    machine: machineTicks(),
  };
  const timer = setInterval(() => {
    const at = Date.now();
    const seconds = (at - last.at) / 1000;
    const ticks = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuTicks(pid)]));
    const machine = machineTicks();
    const processes: ProcessSample['processes'] = {};
    for (const [name, pid] of Object.entries(pids)) {
      const now = ticks[name];
      const before = last.ticks[name];
      const rss = rssMb(pid);
      processes[name] =
        now === null || now === undefined || before === null || before === undefined || rss === null
          ? null
          : { cpu: Math.round(((now - before) / CLOCK_TICKS / seconds) * 100) / 100, rssMb: rss };
    }
    const totalDelta = machine.total - last.machine.total;
    samples.push({
      t: Math.round((at - started) / 100) / 10,
      processes,
      machineCpuShare: totalDelta > 0 ? Math.round(((machine.busy - last.machine.busy) / totalDelta) * 100) / 100 : 0,
    });
    last = { at, ticks, machine };
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}

/** Mean CPU (cores) and peak RSS (MB) of one process over the samples. */
export function summariseProcess(samples: ProcessSample[], name: string): { meanCpuCores: number; peakRssMb: number } | null {
  const values = samples.map((s) => s.processes[name]).filter((v): v is { cpu: number; rssMb: number } => !!v);
  if (values.length === 0) return null;
  return {
    meanCpuCores: Math.round((values.reduce((a, v) => a + v.cpu, 0) / values.length) * 100) / 100,
    peakRssMb: Math.max(...values.map((v) => v.rssMb)),
  };
}

export function meanMachineCpuShare(samples: ProcessSample[]): number {
  if (samples.length === 0) return 0;
  return Math.round((samples.reduce((a, s) => a + s.machineCpuShare, 0) / samples.length) * 100) / 100;
}
