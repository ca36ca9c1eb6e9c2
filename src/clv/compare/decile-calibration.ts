import { z } from 'zod';
import { ClvkitError } from '../../errors.js';
import { finiteColumn, parseOptions, requireArrayLike } from '../../validate.js';

const schema = z.object({ groups: z.number().int().min(2).max(1000).default(10) }).strict();

/** One group of customers ranked by prediction. */
export interface CalibrationGroup {
  /** 1 = lowest predictions. */
  readonly group: number;
  readonly customers: number;
  readonly meanPredicted: number;
  readonly meanActual: number;
}

/** Predicted vs actual by groups of equal size, ranked by prediction. */
export interface DecileCalibration {
  readonly groups: readonly CalibrationGroup[];
  /** Σ |meanPredicted − meanActual|·customers / total customers: the calibration error across groups. */
  readonly meanAbsoluteGap: number;
  /** Share of all actual transactions made by the top group (how much the ranking concentrates). */
  readonly topGroupShareOfActual: number;
}

/**
 * Decile calibration (the "lift" table): customers ranked by predicted value and cut into `groups` of equal
 * size (the first groups one larger when n is not divisible; ties kept in input order, so the result is
 * deterministic), with the mean predicted and the mean actual of each. A calibrated model has the two close in
 * every group; a model that ranks well has the actuals rising with the group.
 *
 * @throws INVALID_OPTIONS, INVALID_VALUE (a value that is not finite), LENGTH_MISMATCH, TOO_FEW_VALUES (fewer customers than groups).
 * @example
 * decileCalibration([0.1, 0.5, 2, 3], [0, 1, 1, 4], { groups: 2 }).groups
 * // [{ group: 1, customers: 2, meanPredicted: 0.3, meanActual: 0.5 }, { group: 2, customers: 2, meanPredicted: 2.5, meanActual: 2.5 }]
 */
export function decileCalibration(predicted: ArrayLike<number>, actual: ArrayLike<number>, options?: z.input<typeof schema>): DecileCalibration {
  const fn = 'decileCalibration';
  const { groups } = parseOptions(schema, options, fn);
  const p = finiteColumn(requireArrayLike(predicted, 'predicted', fn) as ArrayLike<number>, 'predicted', fn);
  const a = finiteColumn(requireArrayLike(actual, 'actual', fn) as ArrayLike<number>, 'actual', fn);
  if (a.length !== p.length) throw new ClvkitError('LENGTH_MISMATCH', `actual has ${a.length} entries, expected ${p.length}`, { fn, column: 'actual' });
  const n = p.length;
  if (n < groups) throw new ClvkitError('TOO_FEW_VALUES', `${n} customers cannot fill ${groups} groups`, { fn, value: n });
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => p[i]! - p[j]! || i - j);
  const out: CalibrationGroup[] = [];
  const base = Math.floor(n / groups);
  const extra = n % groups;
  let start = 0;
  let gap = 0;
  let totalActual = 0;
  for (let i = 0; i < n; i++) totalActual += a[i]!;
  let topActual = 0;
  for (let g = 0; g < groups; g++) {
    const size = base + (g < extra ? 1 : 0);
    let sp = 0;
    let sa = 0;
    for (let k = start; k < start + size; k++) {
      sp += p[order[k]!]!;
      sa += a[order[k]!]!;
    }
    out.push({ group: g + 1, customers: size, meanPredicted: sp / size, meanActual: sa / size });
    gap += Math.abs(sp - sa);
    if (g === groups - 1) topActual = sa;
    start += size;
  }
  return { groups: out, meanAbsoluteGap: gap / n, topGroupShareOfActual: totalActual === 0 ? 0 : topActual / totalActual };
}
