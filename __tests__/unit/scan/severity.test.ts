import { describe, expect, test } from '@jest/globals';
import { countAtOrAbove, failsThreshold, severityCounts, type ScanThreshold } from '../../../src/scan/severity.js';

describe('failsThreshold: a finding stops the deploy at its threshold and every lower one', () => {
  test.each<[string, ScanThreshold, boolean]>([
    ['CRITICAL', 'CRITICAL', true],
    ['HIGH', 'CRITICAL', false],
    ['CRITICAL', 'HIGH', true],
    ['HIGH', 'HIGH', true],
    ['MEDIUM', 'HIGH', false],
    ['MEDIUM', 'MEDIUM', true],
    ['LOW', 'MEDIUM', false],
    ['LOW', 'LOW', true],
    ['CRITICAL', 'LOW', true],
    ['INFORMATIONAL', 'LOW', false],
    ['UNDEFINED', 'LOW', false],
    ['UNTRIAGED', 'LOW', false],
    ['SOMETHING_NEW', 'LOW', false],
  ])('%s at threshold %s fails: %s', (severity, threshold, fails) => {
    expect(failsThreshold(severity, threshold)).toBe(fails);
  });
});

describe('severityCounts orders ECR’s findingSeverityCounts worst first, without zeros', () => {
  test.each<[string, Partial<Record<string, number>> | undefined, [string, number][]]>([
    ['no counts at all', undefined, []],
    ['an empty map', {}, []],
    ['zeros dropped', { HIGH: 0, LOW: 2 }, [['LOW', 2]]],
    [
      'every severity, given in any order',
      { UNDEFINED: 1, LOW: 4, CRITICAL: 1, INFORMATIONAL: 2, MEDIUM: 3, HIGH: 2 },
      [
        ['CRITICAL', 1],
        ['HIGH', 2],
        ['MEDIUM', 3],
        ['LOW', 4],
        ['INFORMATIONAL', 2],
        ['UNDEFINED', 1],
      ],
    ],
    [
      'a severity ECR adds later goes last',
      { NEWLY_ADDED: 1, HIGH: 1 },
      [
        ['HIGH', 1],
        ['NEWLY_ADDED', 1],
      ],
    ],
  ])('%s', (_name, counts, expected) => {
    expect(severityCounts(counts)).toEqual(expected);
  });
});

describe('countAtOrAbove counts the findings that stop the deploy', () => {
  const counts: [string, number][] = [
    ['CRITICAL', 1],
    ['HIGH', 2],
    ['MEDIUM', 3],
    ['LOW', 4],
    ['INFORMATIONAL', 5],
    ['UNDEFINED', 6],
  ];
  test.each<[ScanThreshold, number]>([
    ['CRITICAL', 1],
    ['HIGH', 3],
    ['MEDIUM', 6],
    ['LOW', 10],
  ])('at %s: %i', (threshold, expected) => {
    expect(countAtOrAbove(counts, threshold)).toBe(expected);
  });

  test('no findings: none stop it', () => {
    expect(countAtOrAbove([], 'LOW')).toBe(0);
  });
});
