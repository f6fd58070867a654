import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EXCEPTION_REASONS } from '../../src/renewals/vocabulary';
import {
  PARTICIPATION_DECISIONS,
  PARTICIPATION_ELIGIBILITY_DECISION_ID,
  PARTICIPATION_LETTERS,
  PARTICIPATION_OFFER_PROCESS_ID,
  PARTICIPATION_OUTCOMES,
  PARTICIPATION_OWN_EXCEPTION_REASONS,
  PARTICIPATION_TABLE_DECISIONS,
  PARTICIPATION_TABLE_OUTPUTS,
  PARTICIPATION_TOPICS,
} from '../../src/services/participation/contract';
import { grantParticipationVariables } from '../../workers/grant-participation';

/*
 * Static checks of bpmn/participation-offer.bpmn and bpmn/participation-eligibility.dmn against
 * the contract with the workers: the mistakes that would otherwise show up as an incident, or as an
 * offer that never finishes. Whether Operaton accepts them is tested by deploying them (tests/process).
 */
const root = path.resolve(__dirname, '../..');
const bpmn = readFileSync(path.join(root, 'bpmn', 'participation-offer.bpmn'), 'utf8');
const dmn = readFileSync(path.join(root, 'bpmn', 'participation-eligibility.dmn'), 'utf8');
const all = (xml: string, pattern: RegExp) => [...xml.matchAll(pattern)].map((m) => m[1]!);
const sorted = (values: readonly string[]) => [...new Set(values)].sort();
/** The values a variable is routed on in the model's conditions. */
const routed = (variable: string) => sorted(all(bpmn, new RegExp(`\\$\\{${variable} [!=]= &quot;([^&]+)&quot;\\}`, 'g')));
const element = (kind: string, id: string) =>
  new RegExp(`<bpmn:${kind} id="${id}"[^>]*>([\\s\\S]*?)</bpmn:${kind}>`).exec(bpmn)?.[1] ?? '';

describe('participation offer model', () => {
  it('when the engine starts an offer, then it finds process participation-offer, executable with a history time to live', () => {
    expect(bpmn).toMatch(
      new RegExp(`<bpmn:process id="${PARTICIPATION_OFFER_PROCESS_ID}"[^>]*isExecutable="true"[^>]*camunda:historyTimeToLive=`),
    );
  });

  it('when the workers subscribe, then every topic of the model has a worker file and is in the contract, and the contract names no unused topic', () => {
    const topics = sorted(all(bpmn, /camunda:topic="([^"]+)"/g));
    expect(topics).toEqual(sorted(PARTICIPATION_TOPICS));
    expect(topics.filter((t) => !existsSync(path.join(root, 'workers', `${t}.ts`)))).toEqual([]);
  });

  it('when service tasks share a topic, then each has an element id of its own, because the idempotency key is the renewal and the element', () => {
    const ids = all(bpmn, /<bpmn:serviceTask id="([^"]+)"/g);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('when the letter goes out, then the model names exactly the participation letter, rendered, sent and recorded once, after the allowance is recorded', () => {
    expect(sorted(all(bpmn, /name="template" value="([^"]+)"/g))).toEqual(sorted(PARTICIPATION_LETTERS));
    for (const letter of PARTICIPATION_LETTERS) {
      expect(all(bpmn, /name="template" value="([^"]+)"/g).filter((t) => t === letter)).toHaveLength(2);
      expect(all(bpmn, /name="subject" value="([^"]+)"/g)).toEqual([letter]);
    }
    expect(bpmn).toContain(
      '<bpmn:sequenceFlow id="after-grant-participation" sourceRef="grant-participation" targetRef="render-offer-letter" />',
    );
  });

  it('when an offer ends, then every contract outcome is reached and no other', () => {
    expect(sorted(all(bpmn, /name="outcome" value="([^"]+)"/g))).toEqual(sorted(PARTICIPATION_OUTCOMES));
  });

  it('when a case worker is needed, then the model sets exactly its own reasons, each a shared reason the form and inbox know', () => {
    expect(sorted(all(bpmn, /<camunda:outputParameter name="exceptionReason">([^<]+)</g))).toEqual(
      sorted(PARTICIPATION_OWN_EXCEPTION_REASONS),
    );
    expect(PARTICIPATION_OWN_EXCEPTION_REASONS.filter((r) => !(EXCEPTION_REASONS as readonly string[]).includes(r))).toEqual([]);
    // A failed residence check (no usable address, moved away, died) goes to the same exception.
    expect(bpmn).toContain(
      '<bpmn:sequenceFlow id="residence-confirmed-no" name="No" sourceRef="residence-confirmed" targetRef="exception-merge">',
    );
  });

  it('when the model routes, then it knows every decision of the table and every decision of the case worker, with no default', () => {
    // The flows out of gateway "eligibility", the table's first decision.
    const afterTable =
      /id="eligibility-[^"]+" name="[^"]+" sourceRef="eligibility"[^>]*>\s*<bpmn:conditionExpression[^>]*>\$\{participationDecision == &quot;([^&]+)&quot;\}/g;
    expect(sorted(all(bpmn, afterTable))).toEqual(sorted(PARTICIPATION_TABLE_DECISIONS));
    expect(routed('decision')).toEqual(sorted(PARTICIPATION_DECISIONS));
    expect(bpmn).not.toMatch(/<bpmn:exclusiveGateway id="[^"]+"[^>]*default=/);
  });

  it('when the table decides, then both business rule tasks call decision participation-eligibility and map each of its outputs to a variable of the same name', () => {
    expect(all(bpmn, /camunda:decisionRef="([^"]+)"/g)).toEqual([
      PARTICIPATION_ELIGIBILITY_DECISION_ID,
      PARTICIPATION_ELIGIBILITY_DECISION_ID,
    ]);
    expect(dmn).toMatch(new RegExp(`<decision id="${PARTICIPATION_ELIGIBILITY_DECISION_ID}"[^>]*camunda:historyTimeToLive=`));
    const outputs = all(dmn, /<output id="[^"]+" label="[^"]+" name="([^"]+)"/g);
    expect(outputs).toEqual(['participationDecision', ...PARTICIPATION_TABLE_OUTPUTS]);
    for (const id of ['assess-eligibility', 'reassess-eligibility']) {
      const task = element('businessRuleTask', id);
      for (const output of outputs)
        expect(task).toContain(
          `<camunda:outputParameter name="${output}">\${decisionResult.getSingleResult().${output}}</camunda:outputParameter>`,
        );
    }
    // The grant worker reads exactly the table's outputs besides the decision.
    const read = Object.keys(grantParticipationVariables.shape).filter((k) => k.endsWith('Age') || k.endsWith('Euros'));
    expect(sorted(read)).toEqual(sorted(PARTICIPATION_TABLE_OUTPUTS));
  });

  it('when the table decides, then it decides only the values the model routes on, and the age cell of its offer row agrees with its age outputs', () => {
    expect(sorted(all(dmn, /<outputEntry id="[^"]+-decision"><text>"([^"]+)"<\/text>/g))).toEqual(
      sorted(PARTICIPATION_TABLE_DECISIONS),
    );
    const offer = /<rule id="rule-offer">([\s\S]*?)<\/rule>/.exec(dmn)?.[1] ?? '';
    const cell = /number\(age\) &gt;= (\d+) and number\(age\) &lt;= (\d+)/.exec(offer);
    expect(cell).not.toBeNull();
    expect(offer).toContain(`<outputEntry id="rule-offer-minimum"><text>${cell![1]}</text></outputEntry>`);
    expect(offer).toContain(`<outputEntry id="rule-offer-maximum"><text>${cell![2]}</text></outputEntry>`);
  });

  it('when the case worker makes the offer anyway, then the table decides again with the record and the household taken as confirmed', () => {
    const task = element('businessRuleTask', 'reassess-eligibility');
    expect(task).toContain('<camunda:inputParameter name="recordCurrent">${true}</camunda:inputParameter>');
    expect(task).toContain('<camunda:inputParameter name="householdClear">${true}</camunda:inputParameter>');
    expect(bpmn).toContain('sourceRef="recheck-participation" targetRef="reassess-eligibility"');
  });

  it('when the register reports a death or departure, then an interrupting event subprocess on message resident-life-event closes the offer without a letter', () => {
    const sub =
      /<bpmn:subProcess id="resident-left"[^>]*triggeredByEvent="true">([\s\S]*?)<\/bpmn:subProcess>/.exec(bpmn)?.[1] ?? '';
    expect(sub).toContain('messageRef="resident-life-event-message"');
    expect(sub).not.toContain('isInterrupting="false"');
    expect(sub).toContain('<camunda:property name="outcome" value="resident-left" />');
    expect(sub).not.toContain('camunda:topic="send-letter"');
    expect(bpmn).toContain('<bpmn:message id="resident-life-event-message" name="resident-life-event" />');
  });
});
