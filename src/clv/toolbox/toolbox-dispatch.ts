/**
 * Internal: what the prediction-toolbox functions share — checking a model and its customers, and running a
 * per-customer computation once per distinct (x, t_x, T) pattern with the model's kind-specific state.
 */
import { ClvkitError } from '../../errors.js';
import type { BgBbParams } from '../bg-bb/bg-bb-log-likelihood.js';
import type { BgParams, DropoutOffset } from '../bg-nbd/bg-family.js';
import { checkRfmColumns } from '../core/check-rfm.js';
import { distinctRows } from '../core/compress-rows.js';
import type { ParetoNbdParams } from '../pareto-nbd/pareto-nbd-log-likelihood.js';
import type { FittedTransactionModel, RfmColumns } from '../transaction-model.js';

/** One distinct customer pattern with the model's view of it. */
export type ToolboxCase =
  | {
      readonly kind: 'bg';
      readonly params: BgParams;
      readonly k: DropoutOffset;
      readonly x: number;
      readonly tx: number;
      readonly T: number;
      readonly pAlive: number;
    }
  | { readonly kind: 'pareto-nbd'; readonly params: ParetoNbdParams; readonly x: number; readonly tx: number; readonly T: number; readonly pAlive: number }
  | { readonly kind: 'bg-bb'; readonly params: BgBbParams; readonly x: number; readonly tx: number; readonly T: number };

function checkModel(model: unknown, fn: string): FittedTransactionModel {
  const m = model as Partial<FittedTransactionModel> | null;
  if (m === null || typeof m !== 'object' || typeof m.kind !== 'string' || typeof m.params !== 'object' || typeof m.probabilityAlive !== 'function') {
    throw new ClvkitError('INVALID_VALUE', 'expected a fitted transaction model (fitBgNbd, fitModifiedBgNbd, fitParetoNbd or fitBgBb)', { fn });
  }
  if (!['bg-nbd', 'mbg-nbd', 'pareto-nbd', 'bg-bb'].includes(m.kind)) {
    throw new ClvkitError('UNSUPPORTED', `no prediction toolbox for model kind ${String(m.kind)}`, { fn, value: m.kind });
  }
  return m as FittedTransactionModel;
}

/**
 * Run `compute` once per distinct (x, t_x, T) of `customers` and spread the results back per customer.
 * @throws INVALID_VALUE (not a model; bad RFM columns), UNSUPPORTED (another kind of model).
 */
export function perCustomer<R>(model: FittedTransactionModel, customers: RfmColumns, fn: string, compute: (c: ToolboxCase) => R): R[] {
  const m = checkModel(model, fn);
  const discrete = m.kind === 'bg-bb';
  const rfm = checkRfmColumns(customers, { fn, discrete });
  const rows = distinctRows([rfm.frequency, rfm.recency, rfm.T]);
  const pick = (i: number) => ({ frequency: [rfm.frequency[i]!], recency: [rfm.recency[i]!], T: [rfm.T[i]!] });
  const results: R[] = new Array<R>(rows.length);
  const pr = m.params as Readonly<Record<string, number>>;
  for (let j = 0; j < rows.length; j++) {
    const i = rows.firstRow[j]!;
    const x = rfm.frequency[i]!;
    const tx = rfm.recency[i]!;
    const T = rfm.T[i]!;
    let c: ToolboxCase;
    if (m.kind === 'bg-bb') {
      c = { kind: 'bg-bb', params: { alpha: pr['alpha']!, beta: pr['beta']!, gamma: pr['gamma']!, delta: pr['delta']! }, x, tx, T };
    } else {
      const pAlive = m.probabilityAlive(pick(i))[0]!;
      c =
        m.kind === 'pareto-nbd'
          ? { kind: 'pareto-nbd', params: { r: pr['r']!, alpha: pr['alpha']!, s: pr['s']!, beta: pr['beta']! }, x, tx, T, pAlive }
          : { kind: 'bg', params: { r: pr['r']!, alpha: pr['alpha']!, a: pr['a']!, b: pr['b']! }, k: m.kind === 'mbg-nbd' ? 1 : 0, x, tx, T, pAlive };
    }
    results[j] = compute(c);
  }
  const out: R[] = new Array<R>(rfm.frequency.length);
  for (let i = 0; i < out.length; i++) out[i] = results[rows.index[i]!]!;
  return out;
}

/** A horizon t ≥ 0 in the model's time unit (whole opportunities for BG/BB); `allowInfinite` for DERT. */
export function checkToolboxHorizon(model: FittedTransactionModel, t: unknown, fn: string, what: string, allowInfinite = false): number {
  const ok = typeof t === 'number' && t >= 0 && (Number.isFinite(t) || (allowInfinite && t === Infinity));
  if (!ok)
    throw new ClvkitError('INVALID_VALUE', `${what} must be a number ≥ 0${allowInfinite ? ' (or Infinity)' : ''} in the model's time unit`, { fn, value: t });
  if (model.kind === 'bg-bb' && Number.isFinite(t) && !Number.isInteger(t)) {
    throw new ClvkitError('INVALID_VALUE', `${what} must be a whole number of opportunities for BG/BB`, { fn, value: t });
  }
  return t as number;
}
