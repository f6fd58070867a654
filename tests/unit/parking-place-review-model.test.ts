import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BPMN_DIR } from '../../src/engine/connect';
import { loadCatalogue } from '../../src/service-catalogue';
import { GPK_RENEWAL_PROCESS_ID } from '../../src/services/gpk/contract';
import { EXCEPTION_REASONS } from '../../src/renewals/vocabulary';
import {
  PARKING_PLACE_DECISIONS,
  PARKING_PLACE_EXCEPTION_REASONS,
  PARKING_PLACE_OUTCOMES,
  PARKING_PLACE_REVIEW_DECISION_ID,
  PARKING_PLACE_REVIEW_MESSAGE,
  PARKING_PLACE_REVIEW_PROCESS_ID,
  PARKING_PLACE_SERVICE,
  PARKING_PLACE_TOPICS,
  PLACE_STAYS,
  TRAFFIC_DEPARTMENT_GROUP,
} from '../../src/services/parking-place/contract';

/**
 * bpmn/parking-place-review.bpmn, its table and the GPK model that starts it, read as text against
 * the TypeScript contract (the engine runs them in tests/process/parking-place-review.test.ts).
 */
const model = readFileSync(path.join(BPMN_DIR, `${PARKING_PLACE_REVIEW_PROCESS_ID}.bpmn`), 'utf8');
const table = readFileSync(path.join(BPMN_DIR, `${PARKING_PLACE_REVIEW_DECISION_ID}.dmn`), 'utf8');
const gpkModel = readFileSync(path.join(BPMN_DIR, `${GPK_RENEWAL_PROCESS_ID}.bpmn`), 'utf8');
const all = (xml: string, pattern: RegExp) => [...xml.matchAll(pattern)].map((m) => m[1]!);

/** The element a flow leaving `id` leads to, and that element's XML. */
function next(xml: string, id: string): { id: string; xml: string } {
  const target = new RegExp(`<bpmn:sequenceFlow id="[^"]+"(?: name="[^"]*")? sourceRef="${id}" targetRef="([^"]+)"`).exec(
    xml,
  )?.[1];
  if (!target) throw new Error(`no flow leaves ${id}`);
  const element = new RegExp(`<bpmn:\\w+ id="${target}"[\\s\\S]*?</bpmn:\\w+>`).exec(xml)?.[0] ?? '';
  return { id: target, xml: element };
}

describe('parking place review model', () => {
  it('when the model is read, then it uses exactly the contract topics', () => {
    expect([...new Set(all(model, /camunda:topic="([^"]+)"/g))].sort()).toEqual([...PARKING_PLACE_TOPICS].sort());
  });

  it('when the model closes a review, then it ends with exactly the contract outcomes', () => {
    expect([...new Set(all(model, /<camunda:property name="outcome" value="([^"]+)"/g))].sort()).toEqual(
      [...PARKING_PLACE_OUTCOMES].sort(),
    );
  });

  it('when the table answers, then every answer but KEEP is an exception reason the traffic department understands', () => {
    const answers = all(table, /<outputEntry id="[^"]+"><text>"([^"]+)"<\/text>/g);
    expect([...new Set(answers)].sort()).toEqual([PLACE_STAYS, ...PARKING_PLACE_EXCEPTION_REASONS].sort());
    expect(PARKING_PLACE_EXCEPTION_REASONS.filter((r) => !(EXCEPTION_REASONS as readonly string[]).includes(r))).toEqual([]);
    expect(model).toContain(`camunda:decisionRef="${PARKING_PLACE_REVIEW_DECISION_ID}"`);
  });

  it('when another process sends the review message, then this model starts, as the catalogue says', () => {
    expect(model).toMatch(
      /<bpmn:startEvent id="[^"]+"[^>]*>[\s\S]*?<bpmn:messageEventDefinition[^>]*messageRef="review-requested-message"/,
    );
    expect(model).toContain(`<bpmn:message id="review-requested-message" name="${PARKING_PLACE_REVIEW_MESSAGE}" />`);
    const entry = loadCatalogue(path.join(__dirname, '../../config/services.json')).entry(PARKING_PLACE_SERVICE);
    expect(entry).toMatchObject({
      process: PARKING_PLACE_REVIEW_PROCESS_ID,
      trigger: { kind: 'message', message: PARKING_PLACE_REVIEW_MESSAGE },
    });
  });

  it("when a decree must be looked at, then the one human task is the traffic department's and the model routes on exactly its decisions", () => {
    expect(all(model, /<bpmn:userTask id="([^"]+)"/g)).toEqual(['assess-exception']);
    expect(model).toContain(`camunda:candidateGroups="${TRAFFIC_DEPARTMENT_GROUP}"`);
    expect(all(model, /\$\{decision == "([^"]+)"\}/g).sort()).toEqual([...PARKING_PLACE_DECISIONS].sort());
  });

  it('when a letter may go out, then only after a gateway that checks the holder still lives here and no death or departure came in', () => {
    for (const render of all(model, /<bpmn:serviceTask id="(render-[^"]+)"/g)) {
      const flow = new RegExp(`<bpmn:sequenceFlow id="[^"]+"[^>]*targetRef="${render}">([\\s\\S]*?)</bpmn:sequenceFlow>`).exec(
        model,
      )?.[1];
      expect([render, flow]).toEqual([render, expect.stringContaining('holderStatus == "here"')]);
      expect(flow).toContain('execution.getVariable("lifeEvent") == null');
    }
  });

  it('when the register reports a death or departure, then a non-interrupting event subprocess takes it: the review goes on, without letters', () => {
    expect(model).toMatch(/<bpmn:subProcess id="holder-left"[^>]*triggeredByEvent="true"/);
    expect(model).toMatch(/<bpmn:startEvent id="holder-life-event"[^>]*isInterrupting="false"/);
    expect(model).toContain('<bpmn:message id="resident-life-event-message" name="resident-life-event" />');
  });
});

describe('GPK model asks for the review', () => {
  it.each([
    ['renewed', 'gpk-renewed'],
    ['declined', 'gpk-not-renewed'],
    ['stopped', 'gpk-not-renewed'],
    ['resident-left', 'holder-left'],
  ])('when the GPK renewal closes as %s, then the step before asks for the place review with trigger %s', (outcome, trigger) => {
    const close = new RegExp(
      `<bpmn:serviceTask id="([^"]+)"[^>]*camunda:topic="close-renewal">\\s*<bpmn:extensionElements>\\s*<camunda:properties>\\s*<camunda:property name="outcome" value="${outcome}" />`,
    ).exec(gpkModel)?.[1];
    expect(close).toBeDefined();
    const incoming = new RegExp(`<bpmn:sequenceFlow id="[^"]+" sourceRef="([^"]+)" targetRef="${close}"`).exec(gpkModel)?.[1];
    const request = new RegExp(`<bpmn:serviceTask id="${incoming}"[\\s\\S]*?</bpmn:serviceTask>`).exec(gpkModel)?.[0] ?? '';
    expect(request).toContain('camunda:topic="request-parking-place-review"');
    expect(request).toContain(`<camunda:property name="trigger" value="${trigger}" />`);
    expect(next(gpkModel, incoming!).id).toBe(close);
  });
});
