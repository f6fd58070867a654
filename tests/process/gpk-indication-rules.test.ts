import { BPMN_DIR } from '../../src/engine/connect';
import { evaluateDecision, testEngine } from '../support/engine';

/**
 * The GPK indication rule (Regeling GPK art. 2(2)) as the process owner keeps it:
 * bpmn/gpk-indication.dmn, evaluated by the real engine exactly as the business rule task does.
 */
beforeAll(async () => {
  await testEngine().deploy(BPMN_DIR);
});

const NEW_PERIOD_ENDS_ON = '2031-12-20';

describe('GPK indication decision table', () => {
  it.each([
    ['a permanent indication', 'PERMANENT', null, true],
    ['a temporary indication that ends on the last day of the new period', 'TEMPORARY', NEW_PERIOD_ENDS_ON, true],
    ['a temporary indication that outlasts the new period', 'TEMPORARY', '2033-01-01', true],
    ['a temporary indication that ends a day before the new period does', 'TEMPORARY', '2031-12-19', false],
    ['a temporary indication without an end date', 'TEMPORARY', null, false],
    ['no indication on record', 'NONE', null, false],
  ] as const)('when the holder has %s, then renewing without assessment is %s', async (_case, kind, endsOn, expected) => {
    const results = await evaluateDecision('gpk-indication', {
      indicationKind: kind,
      indicationEndsOn: endsOn,
      newPeriodEndsOn: NEW_PERIOD_ENDS_ON,
    });
    expect(results).toEqual([{ indicationOk: expected }]);
  });
});
