import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * veraPDF, the reference validator for PDF/A and PDF/UA, run from its Maven Central artifact.
 * Maven (tests/verapdf/pom.xml) only resolves its classpath; the classpath is kept in
 * var/verapdf/ under the hash of the pom, so a later run starts Java at once and a changed
 * veraPDF version resolves anew.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const POM = path.join(ROOT, 'tests', 'verapdf', 'pom.xml');
export const VERAPDF_DIR = path.join(ROOT, 'var', 'verapdf');
const MAIN_CLASS = 'org.verapdf.apps.GreenfieldCliWrapper';
/**
 * A validation run lasts seconds, too short for the optimising compiler to pay off: the quick
 * one alone halves veraPDF's CPU time here (measured 5.8 s to 2.4 s for 14 letters, PDF/UA-1).
 */
const JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

export const FLAVOURS = { '2a': 'PDF/A-2a', ua1: 'PDF/UA-1' } as const;
export type VeraPdfFlavour = keyof typeof FLAVOURS;

export interface FailedRule {
  /** As the standard numbers it, e.g. "ISO 14289-1:2014 7.1-3". */
  rule: string;
  description: string;
  failedChecks: number;
  /** The first failed check: veraPDF's message and where in the file. */
  example: string;
}

export interface VeraPdfVerdict {
  file: string;
  flavour: VeraPdfFlavour;
  compliant: boolean;
  failedRules: FailedRule[];
  /** Set when veraPDF could not validate the file at all (it does not parse, or was not reported). */
  problem?: string;
}

export interface VeraPdf {
  version: string;
  /** Validates all files against one flavour in one JVM: Java's start is the slow part. */
  validate(files: string[], flavour: VeraPdfFlavour): Promise<VeraPdfVerdict[]>;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], missing: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new Error(missing) : error));
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

const tail = (text: string): string => text.trim().split('\n').slice(-20).join('\n');

async function cachedClasspath(file: string): Promise<string | undefined> {
  if (!existsSync(file)) return undefined;
  const classpath = (await readFile(file, 'utf8')).trim();
  const jars = classpath.split(path.delimiter);
  // A cleaned Maven repository leaves the list pointing at nothing: resolve again.
  return jars.length > 0 && jars.every((jar) => existsSync(jar)) ? classpath : undefined;
}

async function resolveClasspath(): Promise<string> {
  const pom = await readFile(POM);
  const file = path.join(VERAPDF_DIR, `classpath-${createHash('sha256').update(pom).digest('hex').slice(0, 16)}.txt`);
  const cached = await cachedClasspath(file);
  if (cached) return cached;
  await mkdir(VERAPDF_DIR, { recursive: true });
  // Written beside and renamed, so a run stopped half-way or a parallel run never leaves half a list.
  const partial = `${file}.${process.pid}.partial`;
  const maven = await run(
    'mvn',
    ['-B', '-q', '-f', POM, 'dependency:build-classpath', `-Dmdep.outputFile=${partial}`, '-Dmdep.includeScope=runtime'],
    'The letter check runs veraPDF, which Apache Maven fetches: install Maven (Debian: apt-get install maven), then run the tests again.',
  );
  if (maven.code !== 0 || !existsSync(partial)) {
    await rm(partial, { force: true });
    throw new Error(
      `Fetching veraPDF failed (mvn dependency:build-classpath -f ${path.relative(ROOT, POM)}):\n${tail(maven.stdout + maven.stderr)}`,
    );
  }
  await rename(partial, file);
  const classpath = await cachedClasspath(file);
  if (!classpath) throw new Error(`Maven wrote a veraPDF classpath in ${file} that names missing files`);
  return classpath;
}

const JAVA_MISSING =
  'The letter check runs veraPDF on Java: install Java 11 or newer (Debian: apt-get install openjdk-17-jre-headless), then run the tests again.';

interface ReportCheck {
  context?: string;
  errorMessage?: string;
}
interface ReportRule {
  specification: string;
  clause: string;
  testNumber: number;
  status: string;
  failedChecks: number;
  description: string;
  checks?: ReportCheck[];
}
interface ReportJob {
  itemDetails: { name: string };
  validationResult?: { compliant: boolean; profileName: string; details?: { ruleSummaries?: ReportRule[] } }[];
  taskException?: { exceptionMessage?: string; exception?: string };
}

function verdictOf(job: ReportJob, flavour: VeraPdfFlavour): VeraPdfVerdict {
  const file = job.itemDetails.name;
  const result = job.validationResult?.[0];
  if (!result) {
    const why = job.taskException?.exceptionMessage ?? job.taskException?.exception ?? 'no validation result';
    return { file, flavour, compliant: false, failedRules: [], problem: `veraPDF could not validate it: ${why}` };
  }
  const failedRules = (result.details?.ruleSummaries ?? [])
    .filter((rule) => rule.status !== 'passed')
    .map((rule) => {
      const check = rule.checks?.[0];
      return {
        rule: `${rule.specification} ${rule.clause}-${rule.testNumber}`,
        description: rule.description,
        failedChecks: rule.failedChecks,
        example: check ? `${check.errorMessage ?? ''} (at ${check.context ?? '?'})` : '',
      };
    });
  return { file, flavour, compliant: result.compliant, failedRules };
}

/** Fetches veraPDF when needed (the first run needs Maven Central; later runs need nothing). */
export async function loadVeraPdf(): Promise<VeraPdf> {
  const classpath = await resolveClasspath();
  // Read from the jar's name: asking veraPDF would cost a JVM start.
  const version = /greenfield-apps-([^/\\]+)\.jar$/m.exec(classpath.split(path.delimiter).join('\n'))?.[1];
  if (!version) throw new Error(`The veraPDF classpath has no greenfield-apps jar: ${classpath}`);

  return {
    version,
    async validate(files, flavour) {
      const absolute = files.map((file) => path.resolve(file));
      // Exit code 1 means "some file does not conform": the JSON report says which and why.
      const { stdout, stderr } = await run(
        'java',
        [
          ...JVM_OPTIONS,
          '-cp',
          classpath,
          MAIN_CLASS,
          '--flavour',
          flavour,
          '--format',
          'json',
          '--maxfailuresdisplayed',
          '3',
          ...absolute,
        ],
        JAVA_MISSING,
      );
      let jobs: ReportJob[];
      try {
        jobs = (JSON.parse(stdout) as { report: { jobs: ReportJob[] } }).report.jobs;
      } catch {
        throw new Error(`veraPDF (--flavour ${flavour}) wrote no JSON report:\n${tail(stdout + stderr)}`);
      }
      const byFile = new Map(jobs.map((job) => [job.itemDetails.name, verdictOf(job, flavour)]));
      // veraPDF only logs a file it cannot open and leaves it out of the report.
      return absolute.map(
        (file) =>
          byFile.get(file) ?? { file, flavour, compliant: false, failedRules: [], problem: 'veraPDF left it out of its report' },
      );
    },
  };
}

/** One line per failed rule, or the problem, for a test's failure message. */
export function describeVerdict(verdict: VeraPdfVerdict): string[] {
  const standard = FLAVOURS[verdict.flavour];
  if (verdict.problem) return [`${standard}: ${verdict.problem}`];
  const lines = verdict.failedRules.map(
    (rule) =>
      `${standard} rule ${rule.rule} failed ${rule.failedChecks}x: ${rule.description}${rule.example ? ` — e.g. ${rule.example}` : ''}`,
  );
  if (!verdict.compliant && lines.length === 0) lines.push(`${standard}: not compliant, and veraPDF named no rule`);
  return lines;
}
