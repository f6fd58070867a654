import { BPMN_DIR } from '../../src/engine/connect';
import { evaluateDecision, testEngine } from '../support/engine';

/**
 * The children's participation rule as the process owner keeps it: bpmn/participation-eligibility.dmn,
 * evaluated by the real engine exactly as the business rule task does.
 */
beforeAll(async () => {
  await testEngine().deploy(BPMN_DIR);
});

const household = (overrides: Record<string, unknown> = {}) => ({
  recordCurrent: true,
  householdClear: true,
  incomePercentOfSocialMinimum: 110,
  childAges: '6,9',
  ...overrides,
});

const offer = { participationDecision: 'offer', minimumAge: 4, maximumAge: 17, sportAmountEuros: 350, cultureAmountEuros: 425 };
// An empty output cell leaves the output out of the engine's result: no age range, no amounts.
const only = (participationDecision: string) => ({ participationDecision });

describe('participation eligibility decision table', () => {
  it.each([
    ['two school children and an income of 110%', {}, offer],
    ['an income exactly at the limit of 130%', { incomePercentOfSocialMinimum: 130 }, offer],
    ['an income one percent above the limit', { incomePercentOfSocialMinimum: 131 }, only('none')],
    ['a child of exactly 4', { childAges: '4' }, offer],
    ['a child of exactly 17 and one of 19', { childAges: '19,17' }, offer],
    ['only a toddler of 3 and a young adult of 18', { childAges: '3,18' }, only('none')],
    ['no children this case is about', { childAges: '' }, only('none')],
    ['an outdated record', { recordCurrent: false, incomePercentOfSocialMinimum: 200 }, only('record-outdated')],
    ['a household that differs from the record', { householdClear: false }, only('household-unclear')],
  ] as const)('when the household has %s, then the table decides accordingly', async (_case, overrides, expected) => {
    expect(await evaluateDecision('participation-eligibility', household(overrides))).toEqual([expected]);
  });
});
