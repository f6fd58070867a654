import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RESIDENT_RESPONSES } from '../../src/renewals/vocabulary';
import {
  REMISSION_DECISIONS,
  REMISSION_ELIGIBILITY_DECISION_ID,
  REMISSION_EXCEPTION_REASONS,
  REMISSION_LETTERS,
  REMISSION_OFFER_PROCESS_ID,
  REMISSION_OUTCOMES,
  REMISSION_TABLE_DECISIONS,
  REMISSION_TOPICS,
} from '../../src/services/remission/contract';

/*
 * Static checks of bpmn/remission-offer.bpmn and bpmn/remission-eligibility.dmn against the
 * contract with the workers: the mistakes that would otherwise show up as an incident, or as an
 * offer that never finishes. Whether Operaton accepts them is tested by deploying them (tests/process).
 */
const root = path.resolve(__dirname, '../..');
const bpmn = readFileSync(path.join(root, 'bpmn', 'remission-offer.bpmn'), 'utf8');
const dmn = readFileSync(path.join(root, 'bpmn', 'remission-eligibility.dmn'), 'utf8');
const all = (xml: string, pattern: RegExp) => [...xml.matchAll(pattern)].map((m) => m[1]!);
const sorted = (values: readonly string[]) => [...new Set(values)].sort();
/** The values a variable is routed on in the model's conditions. */
const routed = (variable: string) => sorted(all(bpmn, new RegExp(`\\$\\{${variable} == &quot;([^&]+)&quot;\\}`, 'g')));

describe('remission offer model', () => {
  it('when the engine starts an offer, then it finds process remission-offer, executable with a history time to live', () => {
    expect(bpmn).toMatch(
      new RegExp(`<bpmn:process id="${REMISSION_OFFER_PROCESS_ID}"[^>]*isExecutable="true"[^>]*camunda:historyTimeToLive=`),
    );
  });

  it('when the workers subscribe, then every topic of the model has a worker file and is in the contract, and the contract names no unused topic', () => {
    const topics = sorted(all(bpmn, /camunda:topic="([^"]+)"/g));
    expect(topics).toEqual(sorted(REMISSION_TOPICS));
    expect(topics.filter((t) => !existsSync(path.join(root, 'workers', `${t}.ts`)))).toEqual([]);
  });

  it('when letters go out, then the model names exactly the remission letters, each rendered, sent and recorded', () => {
    expect(sorted(all(bpmn, /name="template" value="([^"]+)"/g))).toEqual(sorted(REMISSION_LETTERS));
    for (const letter of REMISSION_LETTERS) {
      expect(all(bpmn, /name="template" value="([^"]+)"/g).filter((t) => t === letter)).toHaveLength(2);
      expect(all(bpmn, /name="subject" value="([^"]+)"/g)).toContain(letter);
    }
  });

  it('when an offer ends, then every contract outcome is reached and no other', () => {
    expect(sorted(all(bpmn, /name="outcome" value="([^"]+)"/g))).toEqual(sorted(REMISSION_OUTCOMES));
  });

  it('when a case worker is needed, then the model sets only contract reasons, and every one of them', () => {
    expect(sorted(all(bpmn, /<camunda:outputParameter name="exceptionReason">([^<]+)</g))).toEqual(
      sorted(REMISSION_EXCEPTION_REASONS),
    );
  });

  it('when the model routes, then it knows every decision of the table, every answer of the resident and every decision of the case worker, with no default', () => {
    expect(routed('remissionDecision')).toEqual(sorted(REMISSION_TABLE_DECISIONS));
    expect(routed('residentResponse')).toEqual(sorted(RESIDENT_RESPONSES));
    expect(routed('decision')).toEqual(sorted(REMISSION_DECISIONS));
    expect(bpmn).not.toMatch(/<bpmn:exclusiveGateway id="(eligibility|resident-answer|case-worker-decision)"[^>]*default=/);
  });

  it('when the table decides, then the model calls decision remission-eligibility, which decides only the values the model routes on', () => {
    expect(all(bpmn, /camunda:decisionRef="([^"]+)"/g)).toEqual([REMISSION_ELIGIBILITY_DECISION_ID]);
    expect(dmn).toMatch(new RegExp(`<decision id="${REMISSION_ELIGIBILITY_DECISION_ID}"[^>]*camunda:historyTimeToLive=`));
    expect(sorted(all(dmn, /<outputEntry id="[^"]+"><text>"([^"]+)"<\/text>/g))).toEqual(sorted(REMISSION_TABLE_DECISIONS));
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

  it('when nobody answers the offer, then its deadline closes it as offer-expired without an exception', () => {
    expect(bpmn).toMatch(/<bpmn:boundaryEvent id="offer-deadline-passed"[^>]*attachedToRef="await-resident-response">/);
    expect(bpmn).toContain(
      '<bpmn:sequenceFlow id="after-offer-deadline-passed" sourceRef="offer-deadline-passed" targetRef="close-offer-expired" />',
    );
  });
});
