/**
 * The burgerservicenummer (BSN) 11-proof: 9 digits (an 8-digit number gets a leading 0),
 * 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11, and never all zeros.
 */
export function normaliseBsn(input: string): string {
  const digits = input.trim();
  return /^\d{8}$/.test(digits) ? `0${digits}` : digits;
}

export function isValidBsn(input: string): boolean {
  const bsn = normaliseBsn(input);
  if (!/^\d{9}$/.test(bsn) || bsn === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(bsn[i]);
  sum -= Number(bsn[8]);
  return sum % 11 === 0;
}

/** Why a string is not a BSN, in words a person can act on; null when it is one. */
export function bsnProblem(input: string): string | null {
  const bsn = normaliseBsn(input);
  if (!/^\d{9}$/.test(bsn)) return `"${input}" is not a BSN: it must be 9 digits`;
  if (!isValidBsn(bsn)) return `"${input}" is not a BSN: it fails the 11-proof`;
  return null;
}
