import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The jars that check BPMN models the way Zeebe 8.8.0 does on deployment. Only open-source parts, never the
 * engine (Camunda License): zeebe-bpmn-model (Apache-2.0) and the FEEL engine (Apache-2.0) at the version
 * zeebe-parent 8.8.0 pins. What they pull in is Apache-2.0 (camunda-xml-model, scala-library,
 * java-uuid-generator) or MIT (slf4j-api, fastparse, sourcecode, geny).
 */
export const MODEL_VALIDATION_ARTIFACTS = ['io.camunda:zeebe-bpmn-model:8.8.0', 'org.camunda.feel:feel-engine:1.19.3'] as const;

// Pinned so a cold machine resolves the same plugin, instead of asking Maven Central for the latest one.
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
// Source-file mode with records and pattern matching, which ValidateModels.java uses.
const MINIMUM_JAVA = 17;
// Below the 5 minutes jest gives a cold resolution, so Maven's own output reaches the test report.
const MAVEN_TIMEOUT_MS = 4 * 60_000;

export interface Jdk {
  /** The java launcher. */
  java: string;
  /** JAVA_HOME for Maven, so it runs on the same JDK. */
  home: string;
  version: number;
}

/**
 * A JDK (not a bare JRE: source-file mode needs the compiler) of at least Java 17, looked for in JAVA_HOME, then
 * on PATH, then under /usr/lib/jvm. Throws saying where it looked when there is none.
 */
export function findJdk(): Jdk {
  const candidates = [
    ...(process.env.JAVA_HOME ? [path.join(process.env.JAVA_HOME, 'bin', 'java')] : []),
    'java',
    ...jvmDirectoryLaunchers(),
  ];
  for (const java of candidates) {
    const jdk = describeJava(java);
    if (jdk && jdk.version >= MINIMUM_JAVA && existsSync(path.join(jdk.home, 'bin', 'javac'))) return jdk;
  }
  throw new Error(
    `No JDK ${MINIMUM_JAVA} or newer found (looked in JAVA_HOME, on PATH and under /usr/lib/jvm). ` +
      'The BPMN deploy validation runs on Java; install one, e.g. apt-get install openjdk-17-jdk-headless.',
  );
}

/**
 * The classpath of the given Maven artifacts and their dependencies, as jars in the Maven cache (~/.m2).
 * Resolved with mvn once per machine and remembered in a temp file keyed by the artifact versions; resolved
 * again when a remembered jar has gone (a cleaned Maven cache).
 */
export function resolveClasspath(artifacts: readonly string[], jdk: Jdk): string {
  const key = createHash('sha256').update(artifacts.join('\n')).digest('hex').slice(0, 16);
  const cacheFile = path.join(os.tmpdir(), `tijdig-maven-classpath-${process.getuid?.() ?? 0}-${key}.txt`);
  if (existsSync(cacheFile)) {
    const cached = readFileSync(cacheFile, 'utf8').trim();
    if (cached && cached.split(path.delimiter).every((jar) => existsSync(jar))) return cached;
  }

  const dir = mkdtempSync(path.join(os.tmpdir(), 'tijdig-maven-'));
  try {
    const outputFile = path.join(dir, 'classpath.txt');
    writeFileSync(path.join(dir, 'pom.xml'), pomFor(artifacts));
    const result = spawnSync(
      'mvn',
      ['-B', '-q', '-f', path.join(dir, 'pom.xml'), `${DEPENDENCY_PLUGIN}:build-classpath`, `-Dmdep.outputFile=${outputFile}`],
      { encoding: 'utf8', env: { ...process.env, JAVA_HOME: jdk.home }, timeout: MAVEN_TIMEOUT_MS },
    );
    assertMavenSucceeded(result, artifacts);
    const classpath = readFileSync(outputFile, 'utf8').trim();
    // Written aside and renamed, so a parallel run never reads half a classpath.
    const partial = path.join(dir, 'cache.txt');
    writeFileSync(partial, classpath);
    renameSync(partial, cacheFile);
    return classpath;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function jvmDirectoryLaunchers(): string[] {
  const root = '/usr/lib/jvm';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort()
    .reverse()
    .map((name) => path.join(root, name, 'bin', 'java'))
    .filter((java) => existsSync(java));
}

function describeJava(java: string): Jdk | undefined {
  const result = spawnSync(java, ['-XshowSettings:properties', '-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  const home = /^\s*java\.home = (.+)$/m.exec(result.stderr)?.[1]?.trim();
  const version = Number(/^\s*java\.specification\.version = (\d+)/m.exec(result.stderr)?.[1]);
  return home && Number.isInteger(version) ? { java: path.join(home, 'bin', 'java'), home, version } : undefined;
}

function pomFor(artifacts: readonly string[]): string {
  const dependencies = artifacts.map((coordinates) => {
    const [groupId, artifactId, version] = coordinates.split(':');
    return `<dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>`;
  });
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>tijdig.tests</groupId>
  <artifactId>model-validation-classpath</artifactId>
  <version>0</version>
  <dependencies>${dependencies.join('')}</dependencies>
</project>
`;
}

function assertMavenSucceeded(result: SpawnSyncReturns<string>, artifacts: readonly string[]): void {
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error(
      'Maven (mvn) is not on PATH. It fetches the open-source Zeebe model validation jars into ~/.m2; ' +
        'install it, e.g. apt-get install maven.',
    );
  }
  if (result.error || result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    const reason = result.error ? result.error.message : `exit code ${result.status}`;
    throw new Error(`mvn could not resolve ${artifacts.join(', ')} (${reason}):\n${output}`);
  }
}
