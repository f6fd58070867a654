import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findJdk, type Jdk, MODEL_VALIDATION_ARTIFACTS, resolveClasspath } from '../support/maven-classpath';

/*
 * The checks Zeebe runs when a model is deployed, run here without the engine: a model that passes deploys, so a
 * broken one fails this test rather than the deployment at start-up.
 */

const root = path.resolve(__dirname, '../..');
const bpmnDir = path.join(root, 'bpmn');
const validator = path.join(root, 'tests', 'model-validation', 'ValidateModels.java');
const models = readdirSync(bpmnDir)
  .filter((name) => name.endsWith('.bpmn'))
  .map((name) => path.join(bpmnDir, name));
const gpkRenewal = readFileSync(path.join(bpmnDir, 'gpk-renewal.bpmn'), 'utf8');

let jdk: Jdk;
let classpath: string;
let scratch: string;

beforeAll(() => {
  jdk = findJdk();
  // A fresh clone on a new machine downloads the jars into ~/.m2 first.
  classpath = resolveClasspath(MODEL_VALIDATION_ARTIFACTS, jdk);
  scratch = mkdtempSync(path.join(os.tmpdir(), 'tijdig-bpmn-'));
}, 5 * 60_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function validate(files: string[]): { exitCode: number | null; problems: string[] } {
  // A short-lived JVM: the quick JIT tier alone starts it about a fifth faster.
  const result = spawnSync(jdk.java, ['-XX:TieredStopAtLevel=1', '-cp', classpath, validator, ...files], { encoding: 'utf8' });
  if (result.error) throw result.error;
  // Anything on stderr is the validator itself failing, not a finding about a model.
  expect(result.stderr).toBe('');
  return { exitCode: result.status, problems: result.stdout.split('\n').filter((line) => line !== '') };
}

/** A copy of gpk-renewal.bpmn with one change, so each check sees exactly one mistake. */
function brokenCopy(name: string, pattern: RegExp, replacement: string): string {
  expect(gpkRenewal).toMatch(pattern);
  const file = path.join(scratch, `${name}.bpmn`);
  writeFileSync(file, gpkRenewal.replace(pattern, replacement));
  return file;
}

describe('Zeebe deploy validation of bpmn/', () => {
  it('when the models are deployed, then Zeebe’s own validation accepts every model in bpmn/', () => {
    expect(models.length).toBeGreaterThan(0);
    expect(validate(models)).toEqual({ exitCode: 0, problems: [] });
  });

  it('when a service task has no job type, then it is rejected on that task', () => {
    const file = brokenCopy(
      'no-task-definition',
      /(<bpmn:serviceTask id="check-indication"[^>]*>\s*<bpmn:extensionElements>)\s*<zeebe:taskDefinition[^>]*\/>/,
      '$1',
    );
    expect(validate([file])).toEqual({
      exitCode: 1,
      problems: [`${file}: check-indication: Must have exactly one 'zeebe:taskDefinition' extension element`],
    });
  });

  it('when a gateway condition is not valid FEEL, then it is rejected on that sequence flow', () => {
    const file = brokenCopy(
      'broken-condition',
      /(<bpmn:sequenceFlow id="case-worker-decision-stop"[^>]*>\s*<bpmn:conditionExpression[^>]*>)[^<]*/,
      '$1=decision = ',
    );
    const { exitCode, problems } = validate([file]);
    expect(exitCode).toBe(1);
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(`^${escape(file)}: case-worker-decision-stop: conditionExpression: .*'=decision =' does not parse`),
      ),
    ]);
  });

  it('when a gateway condition lacks the leading "=", then it is rejected as a static value', () => {
    const file = brokenCopy(
      'static-condition',
      /(<bpmn:sequenceFlow id="case-worker-decision-stop"[^>]*>\s*<bpmn:conditionExpression[^>]*>)=/,
      '$1',
    );
    const { exitCode, problems } = validate([file]);
    expect(exitCode).toBe(1);
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(`^${escape(file)}: case-worker-decision-stop: conditionExpression: expected a FEEL expression`),
      ),
    ]);
  });

  it.each([
    ['a duration that is not ISO 8601', '14 days', /invalid timer value '14 days'/],
    ['an expression that is not valid FEEL', '=duration(reminderAfter', /does not parse/],
  ])('when the reminder timer has %s, then it is rejected on the timer event', (_case, duration, reason) => {
    const file = brokenCopy(
      'broken-timer',
      /(<bpmn:boundaryEvent id="reminder-due"[\s\S]*?<bpmn:timeDuration[^>]*>)[^<]*/,
      `$1${duration}`,
    );
    const { exitCode, problems } = validate([file]);
    expect(exitCode).toBe(1);
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${escape(file)}: reminder-due: timeDuration: `))]);
    expect(problems[0]).toMatch(reason);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
