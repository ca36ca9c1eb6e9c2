// Corrupted saved models: a real model's JSON with random leaves replaced (wrong types, negative,
// NaN-like, huge, missing keys). Restoring must throw INVALID_MODEL (or another ClvkitError), or give
// a model whose predictions are finite and in range — a corrupted file must never turn into NaN
// scores. Covers modelFromJSON (all five kinds), valueModelFromJSON, segmentModelFromJSON and
// scoringModelFromJSON + applyScoringModel. Seeded and bounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isClvkitError } from '../../src/errors.js';
import { fitBgBb } from '../../src/clv/bg-bb/fit-bg-bb.js';
import { fitBgNbd } from '../../src/clv/bg-nbd/fit-bg-nbd.js';
import { fitGammaGamma } from '../../src/clv/gamma-gamma/fit-gamma-gamma.js';
import { fitModifiedBgNbd } from '../../src/clv/mbg-nbd/fit-modified-bg-nbd.js';
import { modelFromJSON } from '../../src/clv/model-from-json.js';
import type { FittedTransactionModel } from '../../src/clv/transaction-model.js';
import type { FittedGammaGammaModel } from '../../src/clv/gamma-gamma/fit-gamma-gamma.js';
import { assignSegments, segmentModelFromJSON } from '../../src/clustering/segment-model.js';
import { segmentCustomers } from '../../src/clustering/segment-customers.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import { applyScoringModel, scoreCustomers } from '../../src/scoring/score-customers.js';
import { scoringModelFromJSON } from '../../src/scoring/scoring-model.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { applyValueModel, valueDecomposition } from '../../src/value/value-decomposition.js';
import { valueModelFromJSON } from '../../src/value/value-model.js';
import { FUZZ_SEED } from './fuzz-helpers.js';
import { REPLACEMENT, corruptJson as corrupt, type Json } from './json-corrupt.js';

const editsArb = fc.array(fc.tuple(fc.nat(), REPLACEMENT), { minLength: 1, maxLength: 3 });

function finite(values: ArrayLike<number> | number): boolean {
  return (typeof values === 'number' ? [values] : Array.from(values)).every((v) => Number.isFinite(v));
}

/** Restore `json` with `restore`; a ClvkitError is fine; a restored object is handed to `use`. */
function check<T>(json: Json, restore: (j: unknown) => T, use: (restored: T) => void): void {
  let restored: T;
  try {
    restored = restore(json);
  } catch (error) {
    expect(isClvkitError(error), String(error)).toBe(true);
    return;
  }
  try {
    use(restored);
  } catch (error) {
    // A typed error from using a strange but accepted model is fine; a failed expectation or an
    // untyped exception is not.
    if (!isClvkitError(error)) throw error;
  }
}

// A realistic book (the fits converge in well under a second on it).
const book = simulateBank({ customers: 150, months: 14, seed: 9 });
const summary = summarizeCustomers(book.transactions, { observationEnd: book.endDate, timeUnit: 'week' });

describe('corrupted saved transaction and spend models', () => {
  const discrete = { frequency: [0, 1, 2, 3, 5, 6, 2, 4], recency: [0, 1, 5, 6, 6, 6, 3, 5], T: [6, 6, 6, 6, 6, 6, 6, 6] };
  const saved: [string, Json][] = [
    ['bg-nbd', fitBgNbd(summary, {}).toJSON() as unknown as Json],
    ['mbg-nbd', fitModifiedBgNbd(summary, {}).toJSON() as unknown as Json],
    // Pareto/NBD is restored from a hand-made saved model: its fit on this book does not converge (s, β run off).
    [
      'pareto-nbd',
      {
        format: 'clvkit-model',
        version: 1,
        kind: 'pareto-nbd',
        timeUnit: 'week',
        params: { r: 0.9, alpha: 6, s: 0.6, beta: 12 },
        standardErrors: { r: 0.1, alpha: 0.8, s: 0.2, beta: 4 },
        logLikelihood: -900,
        converged: true,
        iterations: 30,
        customers: 150,
      },
    ],
    ['bg-bb', fitBgBb(discrete, {}).toJSON() as unknown as Json],
    ['gamma-gamma', fitGammaGamma({ frequency: summary.frequency, monetaryValue: summary.monetaryValue }, {}).toJSON() as unknown as Json],
  ];

  function fuzzRestore(kind: string, json: Json): void {
    fc.assert(
      fc.property(editsArb, (edits) => {
        check(corrupt(json, edits), modelFromJSON, (m) => {
          if (m.kind === 'gamma-gamma') {
            const spend = (m as FittedGammaGammaModel).conditionalExpectedAverageSpend({ frequency: [1, 3], monetaryValue: [10, 20] });
            expect(finite(spend), `${kind} spend ${Array.from(spend)}`).toBe(true);
            return;
          }
          const model = m as FittedTransactionModel;
          const cols = kind === 'bg-bb' ? discrete : summary;
          const alive = model.probabilityAlive(cols);
          expect(
            Array.from(alive).every((p) => p >= 0 && p <= 1),
            `${kind} P(alive) ${Array.from(alive)}`,
          ).toBe(true);
          expect(finite(model.conditionalExpectedTransactions(kind === 'bg-bb' ? 5 : 10, cols)), `${kind} E[Y]`).toBe(true);
          expect(finite(model.expectedTransactions(kind === 'bg-bb' ? 5 : 10)), `${kind} E[X]`).toBe(true);
          for (const v of Object.values(model.params)) expect(Number.isFinite(v) && v > 0).toBe(true);
        });
      }),
      { seed: FUZZ_SEED + 40, numRuns: 150 },
    );
  }

  it.each(saved.filter(([kind]) => kind !== 'bg-bb'))('%s: INVALID_MODEL, or finite predictions in range', (kind, json) => fuzzRestore(kind, json));

  // Was a bug: a BG/BB model with beta ≤ 1e-16 (restored from JSON, which accepts any positive parameter)
  // gave NaN for P(alive) and E[Y] (see test/stress/models.stress.test.ts); parameters near 1e308 now give
  // NUMERIC_FAILURE instead of NaN.
  it('bg-bb: INVALID_MODEL, or finite predictions in range', () => fuzzRestore('bg-bb', saved.find(([kind]) => kind === 'bg-bb')![1]));
});

describe('corrupted saved value, segment and scoring models', () => {
  const valueInput = { customerId: book.customers.customerId, snapshots: book.snapshots };
  const value = valueDecomposition(valueInput, {});
  const segTable = { id: summary.customerId, spend: Array.from(summary.totalAmount), visits: Array.from(summary.transactionCount) };
  const segments = segmentCustomers(segTable, { features: ['spend', 'visits'], money: ['spend'], k: 3, id: 'id' });
  const scores = scoreCustomers(book, {});

  it('value model: INVALID_MODEL, or finite values whose parts add up', () => {
    const json = JSON.parse(JSON.stringify(value.model)) as Json;
    fc.assert(
      fc.property(editsArb, (edits) => {
        check(corrupt(json, edits), valueModelFromJSON, (m) => {
          const v = applyValueModel(m, valueInput, {});
          expect(finite(v.total) && finite(v.explicit) && finite(v.growth) && finite(v.potential)).toBe(true);
        });
      }),
      { seed: FUZZ_SEED + 41, numRuns: 150 },
    );
  });

  it('segment model: INVALID_MODEL, or every customer in one of its segments', () => {
    const json = JSON.parse(JSON.stringify(segments.model)) as Json;
    fc.assert(
      fc.property(editsArb, (edits) => {
        check(corrupt(json, edits), segmentModelFromJSON, (m) => {
          const a = assignSegments(m, segTable);
          for (const s of a.segment) expect(s >= 0 && s < m.centres.length, `segment ${s} of ${m.centres.length}`).toBe(true);
        });
      }),
      { seed: FUZZ_SEED + 42, numRuns: 150 },
    );
  });

  it('scoring model: INVALID_MODEL, or scores with no NaN in the CSV', () => {
    const json = JSON.parse(JSON.stringify(scores.model)) as Json;
    fc.assert(
      fc.property(editsArb, (edits) => {
        check(corrupt(json, edits), scoringModelFromJSON, (m) => {
          const csv = applyScoringModel(m, book, {}).toCsv();
          expect(csv).not.toMatch(/(^|,)(NaN|Infinity|-Infinity|undefined)(,|$)/m);
        });
      }),
      { seed: FUZZ_SEED + 43, numRuns: 25 },
    );
  });
});
