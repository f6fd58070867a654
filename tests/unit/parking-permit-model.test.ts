import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BPMN_DIR } from '../../src/engine/connect';
import { EXCEPTION_REASONS, OUTCOMES } from '../../src/renewals/vocabulary';
import {
  PARKING_PERMIT_LETTERS,
  PARKING_PERMIT_OUTCOMES,
  PARKING_PERMIT_RENEWAL_PROCESS_ID,
  PARKING_PERMIT_TOPICS,
  PARKING_PERMIT_ZONE_DECISION,
  ZONE_DECISIONS,
} from '../../src/services/parking-permit/contract';
import { addressInZone } from '../../src/services/parking-permit/check-zone';
import { serviceMaturityLevels } from '../../src/services';

/**
 * bpmn/parking-permit-renewal.bpmn and its zone table read as text against the TypeScript
 * contract, so a rename on one side cannot silently break the other (the engine runs them in
 * tests/process/parking-permit-renewal.test.ts).
 */
const model = readFileSync(path.join(BPMN_DIR, `${PARKING_PERMIT_RENEWAL_PROCESS_ID}.bpmn`), 'utf8');
const table = readFileSync(path.join(BPMN_DIR, `${PARKING_PERMIT_ZONE_DECISION}.dmn`), 'utf8');
const all = (xml: string, pattern: RegExp) => [...xml.matchAll(pattern)].map((m) => m[1]!);

describe('parking permit renewal model', () => {
  it('when the model is read, then it uses exactly the contract topics', () => {
    expect([...new Set(all(model, /camunda:topic="([^"]+)"/g))].sort()).toEqual([...PARKING_PERMIT_TOPICS].sort());
  });

  it('when the model closes a renewal, then every outcome is one Tijdig knows', () => {
    const outcomes = all(model, /<camunda:property name="outcome" value="([^"]+)"/g);
    expect(outcomes.filter((o) => !(OUTCOMES as readonly string[]).includes(o))).toEqual([]);
  });

  it('when the model closes a renewal or writes a letter, then it uses exactly the contract outcomes and letters', () => {
    expect([...new Set(all(model, /<camunda:property name="outcome" value="([^"]+)"/g))].sort()).toEqual(
      [...PARKING_PERMIT_OUTCOMES].sort(),
    );
    expect([...new Set(all(model, /<camunda:property name="template" value="([^"]+)"/g))].sort()).toEqual(
      [...PARKING_PERMIT_LETTERS].sort(),
    );
  });

  it('when the model routes on the maturity level, then it has a path for exactly the levels the service offers, automatic by default', () => {
    const routed = all(model, /\$\{maturity == "([^"]+)"\}/g);
    expect(['automatic', ...routed].sort()).toEqual([...serviceMaturityLevels('parking-permit')].sort());
    expect(model).toMatch(/<bpmn:exclusiveGateway id="maturity-level"[^>]*default="maturity-level-automatic"/);
  });

  it('when the zone table answers, then every answer but ALLOWED is an exception reason the case worker understands', () => {
    const answers = all(table, /<outputEntry id="[^"]+"><text>"([^"]+)"<\/text>/g);
    expect([...new Set(answers)].sort()).toEqual([...ZONE_DECISIONS].sort());
    const reasons = ZONE_DECISIONS.filter((d) => d !== 'ALLOWED');
    expect(reasons.filter((r) => !(EXCEPTION_REASONS as readonly string[]).includes(r))).toEqual([]);
    expect(model).toContain(`camunda:decisionRef="${PARKING_PERMIT_ZONE_DECISION}"`);
  });

  it('when a register reports a death or departure, then the model has the interrupting event subprocess for it', () => {
    expect(model).toMatch(/<bpmn:subProcess id="resident-left"[^>]*triggeredByEvent="true"/);
    expect(model).toContain('<bpmn:message id="resident-life-event-message" name="resident-life-event" />');
  });
});

describe('zone membership', () => {
  const zone = { postalCodes: ['1234', '1235 CD'], streets: ['Stationsweg'] };
  it.each([
    ['a postcode in a listed postcode area', { postalCode: '1234 XY', street: 'Dorpsstraat' }, true],
    ['a listed full postcode, written without the space', { postalCode: '1235CD', street: 'Dorpsstraat' }, true],
    ['another postcode in the area of a listed full postcode', { postalCode: '1235 CE', street: 'Dorpsstraat' }, false],
    ['a listed street outside the postcodes', { postalCode: '9999 AA', street: 'stationsweg' }, true],
    ['neither', { postalCode: '9999 AA', street: 'Dorpsstraat' }, false],
  ] as const)('when the address has %s, then it is in the zone: %s', (_case, address, expected) => {
    expect(addressInZone(address, zone)).toBe(expected);
  });
});
