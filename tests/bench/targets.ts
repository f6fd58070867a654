/**
 * What `npm run bench` holds each figure to, in one place. A missed target prints FAIL (and the
 * run exits 1), so a regression is seen; `npm test` never asserts these figures.
 */
export const TARGETS = {
  /** End-to-end renewals per second at least this share of the bare engine's on the same model. */
  endToEndShareOfCeiling: 0.5,
  /** End-to-end renewals per second on this 2-core machine. */
  endToEndRenewalsPerSecond: 20,
  /** p95 from instance start to letter dispatched, when renewals arrive at half the maximum rate. */
  pacedP95Ms: 2000,
  /** Tijdig's letters per second at least this share of bare pdfkit's writing the same page. */
  lettersShareOfBarePdfkit: 0.8,
  /** Two worker processes at least this many times one, when the engine is not saturated. */
  twoWorkerProcessesSpeedup: 1.5,
  /** Renewals with more than one letter, dispatch or card order. */
  duplicatedSideEffects: 0,
  /** Live heap growth while the scan walks the whole register. */
  scanPeakHeapGrowthMb: 48,
} as const;

/**
 * Above this share of the machine's CPU (all cores) during the one-worker-process run, a second
 * worker process has nothing left to run on: the speed-up target does not apply then.
 */
export const SATURATED_MACHINE_CPU_SHARE = 0.85;

/** INFO: a figure shown beside its baseline without a target. */
export type Verdict = 'PASS' | 'FAIL' | 'N/A' | 'INFO';

export interface Check {
  figure: string;
  value: number | null;
  unit: string;
  /** The ceiling or baseline from the same run the figure is compared with. */
  against: string;
  target: string;
  verdict: Verdict;
  note?: string;
}

export const atLeast = (value: number | null, min: number): Verdict => (value === null ? 'N/A' : value >= min ? 'PASS' : 'FAIL');
export const atMost = (value: number | null, max: number): Verdict => (value === null ? 'N/A' : value <= max ? 'PASS' : 'FAIL');
