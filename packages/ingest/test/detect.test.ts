import { describe, expect, it } from 'vitest';
import { detectFormat, detectRecordType, recordTypesInKey } from '../src/index.ts';

describe('detectRecordType', () => {
  it.each([
    ['inspections/2026/11/lucheng.csv', 'inspection'],
    ['penalties-2026-11.jsonl', 'penalty'],
    ['data/enterprises.csv', 'enterprise'],
    ['samplings.csv', 'sampling'],
    ['inspectors', 'inspector'],
    ['exports/inspectors_2026.csv', 'inspector'],
    ['Enterprises/LUCHENG.CSV', 'enterprise'],
    ['a/b/penalties/c/d.jsonl', 'penalty'],
    ['penalties2026.csv', 'penalty'],
    ['inspections/2026/inspections-11.csv', 'inspection'],
    ['enterprises\\2026\\a.csv', 'enterprise'],
    ['disposals/2026/disposals-q4.csv', 'disposal'],
    ['repairs-2026.jsonl', 'repair'],
  ] as const)('%s → %s', (key, type) => {
    expect(detectRecordType(key)).toBe(type);
  });

  it.each([
    ['lucheng.csv', 'no type word'],
    ['data/2026/export.csv', 'no type word'],
    ['enterprisesx.csv', 'a letter follows the word'],
    ['inspectionsreport/a.csv', 'a letter follows the word'],
    ['myinspections.csv', 'the word is not at the start of the segment'],
    ['enterprise.csv', 'singular is not a type word'],
    ['inspections/penalties-2026.csv', 'two different types: ambiguous'],
    ['enterprises/inspectors.csv', 'two different types: ambiguous'],
    ['', 'empty key'],
  ])('%s → null (%s)', (key) => {
    expect(detectRecordType(key)).toBeNull();
  });

  it('lists every type named, for the reject message', () => {
    expect(recordTypesInKey('inspections/penalties-2026.csv')).toEqual(['inspection', 'penalty']);
  });
});

describe('detectFormat', () => {
  it.each([
    ['a/enterprises.csv', 'csv'],
    ['a/enterprises.CSV', 'csv'],
    ['penalties-2026-11.jsonl', 'jsonl'],
    ['penalties-2026-11.ndjson', 'jsonl'],
    ['penalties.2026.jsonl', 'jsonl'],
    ['penalties.json', null],
    ['penalties.csv.gz', null],
    ['penalties', null],
    ['csv/penalties', null],
    ['.csv', null],
  ] as const)('%s → %s', (key, format) => {
    expect(detectFormat(key)).toBe(format);
  });
});
