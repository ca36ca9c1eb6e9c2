import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { csvInputShape, columnTerms, requireObservationEnd } from '../../src/cli/input.js';
import { integerFlag, listFlag, numberFlag } from '../../src/cli/command.js';
import { UsageError } from '../../src/cli/usage-error.js';

describe('CLI flag parsing', () => {
  it('column sums, delimiter names, list and number flags', () => {
    expect(columnTerms('deposits + wealth')).toEqual(['deposits', 'wealth']);
    const csv = z.object(csvInputShape);
    expect(csv.parse({ delimiter: 'tab' }).delimiter).toBe('\t');
    expect(csv.parse({ delimiter: 'semicolon' }).delimiter).toBe(';');
    expect(csv.parse({}).customerIdCol).toBe('customer_id');
    expect(csv.safeParse({ delimiter: ':' }).success).toBe(false);
    expect(listFlag.parse('a, b,,c')).toEqual(['a', 'b', 'c']);
    expect(listFlag.safeParse(' , ').success).toBe(false);
    expect(numberFlag.parse('0.25')).toBe(0.25);
    expect(numberFlag.safeParse('1e999').success).toBe(false);
    expect(integerFlag.safeParse('2.5').success).toBe(false);
  });

  it('--observation-end is required to summarise transactions (never guessed)', () => {
    expect(requireObservationEnd({ observationEnd: '2024-12-31' })).toBe('2024-12-31');
    expect(() => requireObservationEnd({})).toThrow(UsageError);
  });
});

describe('--thousands, --on-invalid and --rejects (issue 8)', () => {
  it('parse: separator names, modes, no rejects on stdout', () => {
    const csv = z.object(csvInputShape);
    expect(csv.parse({ thousands: 'dot' }).thousands).toBe('.');
    expect(csv.parse({ thousands: 'space' }).thousands).toBe(' ');
    expect(csv.parse({ thousands: "'" }).thousands).toBe("'");
    expect(csv.parse({}).thousands).toBeUndefined();
    expect(csv.parse({}).onInvalid).toBe('throw');
    expect(csv.safeParse({ thousands: ':' }).success).toBe(false);
    expect(csv.safeParse({ onInvalid: 'skip' }).success).toBe(false);
    expect(csv.safeParse({ rejects: '-' }).success).toBe(false);
  });
});
