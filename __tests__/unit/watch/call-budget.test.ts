import { describe, expect, test } from '@jest/globals';
import { CallLedger } from '../../../src/watch/call-budget.js';

describe('CallLedger', () => {
  test('counts only the calls of the last minute, and a second more for the time a call takes to reach AWS', () => {
    const ledger = new CallLedger();
    for (let second = 0; second < 90; second += 5) ledger.record(second * 1000);
    expect(ledger.total).toBe(18);
    expect(ledger.usedInWindow(85_000)).toBe(13);
    expect(ledger.usedInWindow(86_000)).toBe(12);
  });

  test('says how long to wait for room once the minute is full', () => {
    const ledger = new CallLedger();
    for (let call = 0; call < 30; call += 1) ledger.record(call * 1000);
    expect(ledger.waitFor(30_000, 1)).toBe(31_001);
    expect(ledger.waitFor(30_000, 2)).toBe(32_001);
    expect(ledger.waitFor(62_000, 1)).toBe(0);
  });

  test('keeps a reserve for polls when deciding on explanatory calls', () => {
    const ledger = new CallLedger();
    for (let call = 0; call < 24; call += 1) ledger.record(call);
    expect(ledger.hasRoomFor(100, 2)).toBe(true);
    ledger.record(101);
    expect(ledger.hasRoomFor(102, 2)).toBe(false);
  });
});

describe('CallLedger for a step of several services', () => {
  test('keeps any minute within its own budget and reserve', () => {
    const ledger = new CallLedger(60, 8);
    for (let call = 0; call < 52; call += 1) ledger.record(call);
    expect(ledger.hasRoomFor(100, 0)).toBe(true);
    expect(ledger.hasRoomFor(100, 1)).toBe(false);
    for (let call = 52; call < 60; call += 1) ledger.record(call);
    expect(ledger.waitFor(100, 1)).toBe(60_901);
  });
});
