import { BPMN_DIR } from '../../src/engine/connect';
import { evaluateDecision, testEngine } from '../support/engine';

/**
 * The waste levy remission rule as the process owner keeps it: bpmn/remission-eligibility.dmn,
 * evaluated by the real engine exactly as the business rule task does.
 */
beforeAll(async () => {
  await testEngine().deploy(BPMN_DIR);
});

const answer = (overrides: Record<string, unknown> = {}) => ({
  incomeCheck: 'likely-eligible',
  netMonthlyIncome: 1250,
  household: 'single',
  grantedLastYear: false,
  maturity: 'notify-and-confirm',
  ...overrides,
});

describe('remission eligibility decision table', () => {
  it.each([
    [
      'a low income, remission last year and a policy that allows it',
      { grantedLastYear: true, maturity: 'automatic' },
      'grant-automatically',
    ],
    ['a low income and remission last year, but a policy that asks first', { grantedLastYear: true }, 'offer'],
    ['a low income without remission last year, under a policy that allows granting', { maturity: 'automatic' }, 'offer'],
    ['a single parent exactly at the norm', { household: 'single-parent', netMonthlyIncome: 1401.5 }, 'offer'],
    ['a single person one cent above the norm', { netMonthlyIncome: 1401.51 }, 'none'],
    ['a couple above the single norm but within theirs', { household: 'couple', netMonthlyIncome: 1900 }, 'offer'],
    [
      'a couple above their norm',
      { household: 'couple', netMonthlyIncome: 2100, grantedLastYear: true, maturity: 'automatic' },
      'none',
    ],
    ['assets or a vehicle above the norm', { incomeCheck: 'not-eligible', grantedLastYear: true, maturity: 'automatic' }, 'none'],
    ['no data at the Inlichtingenbureau', { incomeCheck: 'unknown', netMonthlyIncome: null, household: null }, 'exception'],
    ['an answer without an income figure', { netMonthlyIncome: null }, 'exception'],
  ] as const)('when the household has %s, then the table decides %s', async (_case, overrides, expected) => {
    expect(await evaluateDecision('remission-eligibility', answer(overrides))).toEqual([{ remissionDecision: expected }]);
  });
});
