import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCeiling } from './ceiling.bench';
import { runEndToEnd, type EndToEndResult } from './end-to-end.bench';
import { BENCH_DIR, startBenchEnvironment } from './environment';
import { runLettersBench, type LettersResult } from './letters.bench';
import type { BatchResult, Duplicates } from './measure';
import { sampleProcesses } from './proc-sampler';
import { runScanBench, type ScanResult } from './scan.bench';
import { runScaleOut, type ScaleOutResult } from './scale-out.bench';
import { renderSvg, smooth, type Line } from './svg-plot';
import { atLeast, atMost, SATURATED_MACHINE_CPU_SHARE, TARGETS, type Check } from './targets';

/**
 * `npm run bench [-- --renewals N] [--only PART] [--faults]`: every figure beside its ceiling or
 * baseline from the same run, in var/bench/report.json, a table on stdout and var/bench/throughput.svg.
 * Exits 1 when a target in targets.ts is missed.
 */
const PARTS = ['letters', 'scan', 'ceiling', 'end-to-end', 'scale-out', 'faults'] as const;
type Part = (typeof PARTS)[number];
const USAGE = `Usage: npm run bench [-- --renewals N] [--only PART[,PART...]] [--faults]; parts: ${PARTS.join(', ')}`;
const LETTERS = 200;
/** Concurrent starters: Tijdig's outbox starter is sequential per caller; several run side by side after a scan. */
const STARTERS = 4;
const FAULTS_DIR = path.resolve(__dirname, '..', 'faults');

interface Report {
  at: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; loadAverage1mAtStart: number; busyShareBeforeRun: number };
  options: { renewals: number; parts: Part[]; starters: number };
  letters?: LettersResult;
  scan?: ScanResult;
  ceiling?: BatchResult;
  endToEnd?: EndToEndResult;
  scaleOut?: ScaleOutResult;
  faults?: { exitCode: number | null } | { skipped: string };
  /** Parts that broke off, with why: the others still report. */
  errors: Record<string, string>;
  checks: Check[];
}

/** Prisma's messages start with a blank line and the call site; the cause is the last line. */
const causeOf = (message: string) => {
  const lines = message.split('\n').filter((l) => l.trim() !== '');
  return lines[lines.length - 1] ?? message;
};
const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? round(a / b) : null);
const duplicateTotal = (d: Duplicates) => d.letters + d.dispatches + d.cardOrders + d.cardsProduced;

function checks(r: Report): Check[] {
  const out: Check[] = [];
  const ceiling = r.ceiling;
  const flood = r.endToEnd?.flood ?? r.scaleOut?.oneWorkerProcess;
  if (flood || ceiling) {
    out.push({
      figure: 'end-to-end renewals/s',
      value: flood?.renewalsPerSecond ?? null,
      unit: '/s',
      against: ceiling ? `bare-engine ceiling ${ceiling.renewalsPerSecond}/s` : 'ceiling not run',
      target: `>= ${TARGETS.endToEndRenewalsPerSecond}/s`,
      verdict: atLeast(flood?.renewalsPerSecond ?? null, TARGETS.endToEndRenewalsPerSecond),
    });
    const share = ratio(flood?.renewalsPerSecond, ceiling?.renewalsPerSecond);
    out.push({
      figure: 'end-to-end / ceiling',
      value: share,
      unit: 'x',
      against: ceiling ? `ceiling ${ceiling.renewalsPerSecond}/s` : 'ceiling not run',
      target: `>= ${TARGETS.endToEndShareOfCeiling}`,
      verdict: atLeast(share, TARGETS.endToEndShareOfCeiling),
    });
  }
  if (r.endToEnd) {
    const { paced, flood: max } = r.endToEnd;
    out.push({
      figure: `p95 start→dispatch at ${paced.targetStartsPerSecond}/s`,
      value: paced.latencyMs?.p95 ?? null,
      unit: 'ms',
      against: `p50 ${paced.latencyMs?.p50} / p99 ${paced.latencyMs?.p99} ms; at max rate p95 ${max.latencyMs?.p95} ms; ceiling p95 ${ceiling?.latencyMs?.p95 ?? '-'} ms`,
      target: `<= ${TARGETS.pacedP95Ms} ms`,
      verdict: atMost(paced.latencyMs?.p95 ?? null, TARGETS.pacedP95Ms),
    });
  }
  if (r.letters) {
    out.push({
      figure: 'letters/s (Tijdig / bare pdfkit)',
      value: r.letters.ratio,
      unit: 'x',
      against: `Tijdig ${r.letters.tijdigLettersPerSecond}/s, bare pdfkit ${r.letters.barePdfkitLettersPerSecond}/s`,
      target: `>= ${TARGETS.lettersShareOfBarePdfkit}`,
      verdict: atLeast(r.letters.ratio, TARGETS.lettersShareOfBarePdfkit),
    });
  }
  if (r.scaleOut) {
    const { oneWorkerProcess: one, twoWorkerProcesses: two, twoEngineNodes: nodes } = r.scaleOut;
    const speedup = ratio(two.renewalsPerSecond, one.renewalsPerSecond);
    const saturated = one.machineCpuShare >= SATURATED_MACHINE_CPU_SHARE;
    out.push({
      figure: '2 worker processes / 1',
      value: speedup,
      unit: 'x',
      against: `1 process ${one.renewalsPerSecond}/s, 2 processes ${two.renewalsPerSecond}/s`,
      target: `>= ${TARGETS.twoWorkerProcessesSpeedup} unless saturated`,
      verdict: saturated ? 'N/A' : atLeast(speedup, TARGETS.twoWorkerProcessesSpeedup),
      note: `machine CPU busy ${Math.round(one.machineCpuShare * 100)}% with one worker process${saturated ? ': saturated, target does not apply' : ''}`,
    });
    out.push({
      figure: '2 engine nodes / 1 (2 worker processes)',
      value: nodes ? ratio(nodes.renewalsPerSecond, two.renewalsPerSecond) : null,
      unit: 'x',
      against: nodes
        ? `1 node ${two.renewalsPerSecond}/s, 2 nodes ${nodes.renewalsPerSecond}/s`
        : (r.scaleOut.twoEngineNodesSkipped ?? ''),
      target: 'no target',
      verdict: 'INFO',
    });
  }
  const cpu = (b: BatchResult | undefined) => {
    if (!b) return null;
    const total = Object.values(b.cpuMsPerRenewal).reduce((a, v) => a + v, 0);
    const parts = Object.entries(b.cpuMsPerRenewal).map(([name, ms]) => `${name} ${ms}`);
    return { total, text: `${parts.join(', ')} ms`, bound: total > 0 ? round((r.machine.cpus * 1000) / total, 1) : null };
  };
  const e2eCpu = cpu(flood);
  const ceilingCpu = cpu(ceiling);
  if (e2eCpu || ceilingCpu) {
    out.push({
      figure: 'CPU per renewal, end to end',
      value: e2eCpu?.total ?? null,
      unit: 'ms',
      against: `${e2eCpu?.text ?? '-'}; ceiling ${ceilingCpu?.total ?? '-'} ms (${ceilingCpu?.text ?? '-'})`,
      target: 'no target',
      verdict: 'INFO',
    });
    out.push({
      figure: `CPU-bound rate on ${r.machine.cpus} idle cores`,
      value: e2eCpu?.bound ?? null,
      unit: '/s',
      against: `ceiling ${ceilingCpu?.bound ?? '-'}/s: cores / CPU per renewal, what this machine gives with nothing else running`,
      target: 'no target',
      verdict: 'INFO',
    });
  }
  const duplicates = [r.endToEnd?.duplicates, r.scaleOut?.duplicates].filter((d): d is Duplicates => !!d);
  if (duplicates.length > 0) {
    const total = duplicates.reduce((a, d) => a + duplicateTotal(d), 0);
    const lost = duplicates.reduce((a, d) => a + d.lost, 0);
    out.push({
      figure: 'renewals with a duplicated side effect',
      value: total,
      unit: '',
      against: `letters, dispatches, card orders (ours and the producer's) per renewal > 1; renewals lost: ${lost}`,
      target: `= ${TARGETS.duplicatedSideEffects}, 0 lost`,
      verdict: total === TARGETS.duplicatedSideEffects && lost === 0 ? 'PASS' : 'FAIL',
    });
  }
  if (r.scan) {
    out.push({
      figure: 'scan: live heap growth',
      value: r.scan.peakHeapGrowthMb,
      unit: 'MB',
      against: `${r.scan.permits} permits in ${round(r.scan.scanMs / 1000, 1)} s, ${r.scan.renewalsCreated} due found`,
      target: `<= ${TARGETS.scanPeakHeapGrowthMb} MB`,
      verdict: atMost(r.scan.peakHeapGrowthMb, TARGETS.scanPeakHeapGrowthMb),
    });
  }
  if (r.faults) {
    out.push({
      figure: 'fault scenarios (tests/faults)',
      value: 'exitCode' in r.faults ? r.faults.exitCode : null,
      unit: 'exit',
      against: 'skipped' in r.faults ? r.faults.skipped : 'npx jest tests/faults',
      target: '= 0',
      verdict: 'skipped' in r.faults ? 'N/A' : r.faults.exitCode === 0 ? 'PASS' : 'FAIL',
    });
  }
  return out;
}

function table(report: Report): string {
  const rows = report.checks.map((c) => [
    c.verdict,
    c.figure,
    c.value === null ? '-' : `${c.value}${c.unit && c.unit !== 'x' ? ` ${c.unit}` : c.unit}`,
    c.target,
    c.against + (c.note ? ` (${c.note})` : ''),
  ]);
  const head = ['', 'figure', 'value', 'target', 'beside'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const m = report.machine;
  return [
    `Tijdig bench ${report.at}: ${m.cpus} cores (${m.cpuModel}), ${m.memoryGb} GB; load before the run ${m.loadAverage1mAtStart} (1 min), ${Math.round(m.busyShareBeforeRun * 100)}% CPU busy`,
    line(head),
    ...rows.map(line),
  ].join('\n');
}

function plot(report: Report): string {
  const series = (label: string, b: BatchResult | null | undefined): Line[] =>
    b ? [{ label, points: smooth(b.series.map((s) => [s.t, s.perSecond] as [number, number])) }] : [];
  const throughput: Line[] = [
    ...series('bare-engine ceiling', report.ceiling),
    ...series('end to end, 1 worker process', report.endToEnd?.flood),
    ...series('end to end, paced at half', report.endToEnd?.paced),
    ...series('2 worker processes', report.scaleOut?.twoWorkerProcesses),
    ...series('2 engine nodes', report.scaleOut?.twoEngineNodes),
  ];
  const flood = report.endToEnd?.flood ?? report.scaleOut?.oneWorkerProcess;
  const cpu: Line[] = [];
  if (flood) {
    for (const name of Object.keys(flood.processes))
      cpu.push({ label: name, points: flood.samples.map((s) => [s.t, s.processes[name]?.cpu ?? 0]) });
    cpu.push({ label: 'whole machine', points: flood.samples.map((s) => [s.t, s.machineCpuShare * report.machine.cpus]) });
  }
  return renderSvg(`Tijdig bench ${report.at.slice(0, 16)} UTC, ${report.machine.cpus} cores`, [
    {
      title: 'Renewals completed per second (5 s average)',
      xLabel: 'seconds since the batch started',
      yLabel: 'renewals/s',
      lines: throughput,
    },
    { title: 'CPU during the end-to-end batch', xLabel: 'seconds since the batch started', yLabel: 'cores busy', lines: cpu },
  ]);
}

async function busyShare(ms: number): Promise<number> {
  const sampler = sampleProcesses({}, ms);
  await new Promise((resolve) => setTimeout(resolve, ms + 100));
  return sampler.stop()[0]?.machineCpuShare ?? 0;
}

async function main(argv: string[]): Promise<number> {
  let values: { renewals?: string; only?: string; faults?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { renewals: { type: 'string' }, only: { type: 'string' }, faults: { type: 'boolean' } },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const renewals = Number(values.renewals ?? 2000);
  if (!Number.isInteger(renewals) || renewals < 10) {
    process.stderr.write(`--renewals must be a whole number of at least 10\n${USAGE}\n`);
    return 2;
  }
  const only = values.only?.split(',').map((p) => p.trim());
  if (only && !only.every((p) => PARTS.includes(p as Part))) {
    process.stderr.write(`--only takes one or more of ${PARTS.join(', ')}, separated by commas\n${USAGE}\n`);
    return 2;
  }
  const parts: Part[] = [
    ...(only ? (only as Part[]) : PARTS.filter((p) => p !== 'faults')),
    ...(values.faults && !only?.includes('faults') ? (['faults'] as const) : []),
  ];
  const report: Report = {
    at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      loadAverage1mAtStart: round(os.loadavg()[0]!),
      busyShareBeforeRun: await busyShare(3000),
    },
    options: { renewals, parts, starters: STARTERS },
    errors: {},
    checks: [],
  };
  const say = (text: string) => process.stderr.write(`[bench] ${text}\n`);
  const attempt = async (part: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (err) {
      report.errors[part] = err instanceof Error ? err.message : String(err);
      say(`${part} broke off: ${causeOf(report.errors[part]!)}`);
    }
  };

  if (parts.includes('letters')) {
    say(`letters: ${LETTERS} of Tijdig's against ${LETTERS} of bare pdfkit`);
    await attempt('letters', async () => void (report.letters = await runLettersBench(LETTERS)));
  }
  if (parts.includes('scan')) {
    const permits = Number(process.env.BENCH_PERMITS ?? 1_000_000);
    say(`scan: ${permits} permits`);
    await attempt('scan', async () => void (report.scan = await runScanBench(permits)));
  }
  if (parts.some((p) => p === 'ceiling' || p === 'end-to-end' || p === 'scale-out')) {
    say('starting the database, the engine and the register stubs');
    await attempt('engine set-up', async () => {
      const env = await startBenchEnvironment();
      try {
        if (parts.includes('ceiling')) {
          say(`bare-engine ceiling: ${renewals} instances of the bare model`);
          await attempt('ceiling', async () => void (report.ceiling = await runCeiling(env, renewals, STARTERS)));
        }
        if (parts.includes('end-to-end')) {
          say(`end to end: ${renewals} renewals, then a paced batch at half the rate`);
          await attempt('end-to-end', async () => void (report.endToEnd = await runEndToEnd(env, renewals, STARTERS)));
        }
        if (parts.includes('scale-out')) {
          say(`scale-out: ${renewals} renewals on 2 worker processes, then on 2 engine nodes`);
          await attempt(
            'scale-out',
            async () => void (report.scaleOut = await runScaleOut(env, renewals, STARTERS, report.endToEnd?.flood)),
          );
        }
      } finally {
        await env.stop();
      }
    });
  }
  if (parts.includes('faults')) {
    if (existsSync(FAULTS_DIR)) {
      say('fault scenarios: npx jest tests/faults');
      const run = spawnSync('npx', ['jest', '--runInBand', 'tests/faults'], { stdio: 'inherit' });
      report.faults = { exitCode: run.status };
    } else {
      report.faults = { skipped: 'tests/faults is not in this checkout' };
    }
  }

  report.checks = checks(report);
  await mkdir(BENCH_DIR, { recursive: true });
  await writeFile(path.join(BENCH_DIR, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(path.join(BENCH_DIR, 'throughput.svg'), plot(report));
  process.stdout.write(`${table(report)}\n`);
  say(`report: ${path.join(BENCH_DIR, 'report.json')}, plot: ${path.join(BENCH_DIR, 'throughput.svg')}`);
  for (const [part, message] of Object.entries(report.errors)) process.stdout.write(`BROKE OFF  ${part}: ${causeOf(message)}\n`);
  return report.checks.some((c) => c.verdict === 'FAIL') || Object.keys(report.errors).length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
