import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { checkLengths } from '../validate.js';

/** A per-customer label: a customer id or a group name (region, customer type, tier, …). */
export type Label = string | number;

/** A column of labels, one per customer: a plain array (or any array-like) of strings or numbers. */
export type LabelColumn = ArrayLike<Label>;

/**
 * Zod schema for a label column option. Only the shape is checked here (an array-like); the entries
 * are checked once by {@link checkLabelColumn}, without zod's per-element cost on millions of rows.
 * @internal
 */
export const labelColumnOption = z.custom<LabelColumn>((v) => v !== null && typeof v === 'object' && typeof (v as { length?: unknown }).length === 'number', {
  message: 'expected an array of strings or numbers, one per customer',
});

/**
 * Check a label column against the value column: same length (LENGTH_MISMATCH), every entry a
 * string or a finite number (INVALID_VALUE with the row index).
 * @internal
 */
export function checkLabelColumn(labels: LabelColumn, length: number, column: string, fn: string): void {
  checkLengths({ [column]: labels }, length, fn);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (typeof v === 'string') continue;
    if (typeof v === 'number' && Number.isFinite(v)) continue;
    throw new ClvkitError('INVALID_VALUE', 'expected a string or a finite number', { fn, column, index: i, value: v });
  }
}
