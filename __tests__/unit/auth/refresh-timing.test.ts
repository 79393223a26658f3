import { describe, expect, test } from '@jest/globals';
import { needsRefresh } from '../../../src/auth/refresh-timing.js';

const T0 = Date.parse('2027-03-01T12:00:00Z');
const MINUTE = 60_000;

describe('needsRefresh', () => {
  test.each([
    { label: 'a one-hour session after 40 minutes', lifetime: 60, at: 40, expected: false },
    { label: 'a one-hour session 10 minutes before expiry', lifetime: 60, at: 50, expected: true },
    { label: 'a one-hour session 11 minutes before expiry', lifetime: 60, at: 49, expected: false },
    { label: 'a 15-minute session after 7 minutes', lifetime: 15, at: 7, expected: false },
    { label: 'a 15-minute session after 8 minutes (past halfway)', lifetime: 15, at: 8, expected: true },
    { label: 'an expired session', lifetime: 60, at: 61, expected: true },
  ])('$label: $expected', ({ lifetime, at, expected }) => {
    expect(needsRefresh({ expiration: new Date(T0 + lifetime * MINUTE), obtainedAt: T0 }, T0 + at * MINUTE)).toBe(expected);
  });

  test('credentials without an expiry never need a refresh', () => {
    expect(needsRefresh({ expiration: undefined, obtainedAt: T0 }, T0 + 1000 * MINUTE)).toBe(false);
  });
});
