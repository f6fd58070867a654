import { bsnProblem, isValidBsn, normaliseBsn } from '../../src/residents/bsn';

describe('BSN 11-proof', () => {
  it('when the weighted sum is divisible by 11, then the BSN is accepted', () => {
    expect(isValidBsn('999993653')).toBe(true);
    expect(isValidBsn('111222333')).toBe(true);
  });

  it('when one digit is wrong, then the BSN is rejected with the 11-proof named', () => {
    expect(isValidBsn('999993654')).toBe(false);
    expect(bsnProblem('999993654')).toMatch(/11-proof/);
  });

  it('when the number has 8 digits, then it is read with a leading zero', () => {
    expect(normaliseBsn('12345672')).toBe('012345672');
    expect(isValidBsn('12345672')).toBe(isValidBsn('012345672'));
  });

  it('when the input is all zeros, letters or too long, then it is rejected', () => {
    expect(isValidBsn('000000000')).toBe(false);
    expect(bsnProblem('12345abc9')).toMatch(/9 digits/);
    expect(bsnProblem('9999936530')).toMatch(/9 digits/);
  });
});
