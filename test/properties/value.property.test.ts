// Property tests of the value model on random books (customers joining and leaving, negative
// contributions, zero AUM, random product masks): the parts add up (total = explicit + growth +
// potential), each part equals its formula recomputed here from the reported per-customer inputs
// (c, g, B, P(alive), ρ), potential ≥ 0, the growth slope within its cap, customers off the book
// valued 0, the saved model reproducing the values, no NaN anywhere. Seeded and bounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isClvkitError } from '../../src/errors.js';
import { applyValueModel, valueDecomposition, type ValueInput } from '../../src/value/value-decomposition.js';
import { valueModelFromJSON } from '../../src/value/value-model.js';

const SEED = 8080;

const bookArb: fc.Arbitrary<ValueInput> = fc
  .tuple(fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 14 }))
  .chain(([customers, months]) =>
    fc
      .array(
        fc.tuple(
          fc.integer({ min: 0, max: months - 1 }), // first month
          fc.integer({ min: 1, max: months }), // months present
          fc.array(
            fc.record({
              revenue: fc.oneof(fc.double({ min: -500, max: 5000, noNaN: true }), fc.constant(0)),
              cost: fc.double({ min: 0, max: 800, noNaN: true }),
              aum: fc.oneof(fc.double({ min: 0, max: 2e7, noNaN: true }), fc.constantFrom(0, 200_000)),
              products: fc.integer({ min: 0, max: 255 }),
            }),
            { minLength: months, maxLength: months },
          ),
        ),
        { minLength: customers, maxLength: customers },
      )
      .map((people) => {
        const customer: number[] = [];
        const month: number[] = [];
        const netRevenue: number[] = [];
        const costToServe: number[] = [];
        const aum: number[] = [];
        const products: number[] = [];
        people.forEach(([first, span, rows], c) => {
          for (let m = first; m < Math.min(months, first + span); m++) {
            customer.push(c);
            month.push(m);
            netRevenue.push(rows[m]!.revenue);
            costToServe.push(rows[m]!.cost);
            aum.push(rows[m]!.aum);
            products.push(rows[m]!.products);
          }
        });
        return {
          customerId: people.map((_, i) => `c${i}`),
          snapshots: { length: customer.length, customer, month, netRevenue, costToServe, aum, products },
        };
      }),
  )
  .chain((input) =>
    fc
      .option(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: input.customerId.length, maxLength: input.customerId.length }), {
        nil: undefined,
      })
      .map((pAlive) => (pAlive === undefined ? input : { ...input, pAlive })),
  );

const optionsArb = fc.record({
  horizonMonths: fc.integer({ min: 1, max: 60 }),
  annualDiscountRate: fc.double({ min: 0, max: 0.3, noNaN: true }),
  minPeers: fc.integer({ min: 1, max: 10 }),
});

describe('valueDecomposition', () => {
  it('parts add up, each part equals its formula, potential ≥ 0, slopes within the cap, off-book customers are 0', () => {
    fc.assert(
      fc.property(bookArb, optionsArb, (input, options) => {
        const v = valueDecomposition(input, options);
        const H = options.horizonMonths;
        const d = (1 + options.annualDiscountRate) ** (1 / 12) - 1;
        for (let i = 0; i < v.length; i++) {
          for (const x of [v.explicit[i]!, v.growth[i]!, v.potential[i]!, v.total[i]!, v.slope[i]!, v.benchmark[i]!, v.currentContribution[i]!]) {
            expect(Number.isFinite(x)).toBe(true);
          }
          expect(v.total[i]).toBe(v.explicit[i]! + v.growth[i]! + v.potential[i]!);
          expect(v.potential[i]!).toBeGreaterThanOrEqual(0);
          if (v.onBook[i] === 0) {
            expect([v.explicit[i], v.growth[i], v.potential[i], v.total[i]]).toEqual([0, 0, 0, 0]);
            continue;
          }
          const c = v.currentContribution[i]!;
          const g = v.slope[i]!;
          expect(Math.abs(g)).toBeLessThanOrEqual(0.05 * Math.max(Math.abs(c), 10) * (1 + 1e-12));
          // Recompute the three sums from their inputs: S(k) = P(alive)·ρ^k, discount (1 + d)^−k,
          // fade 2^(−k/12), realisation 0.25 of the gap to the benchmark.
          let explicit = 0;
          let growth = 0;
          let potential = 0;
          for (let k = 1; k <= H; k++) {
            const w = (v.pAlive[i]! * v.monthlyRetention[i]! ** k) / (1 + d) ** k;
            explicit += c * w;
            growth += g * k * 2 ** (-k / 12) * w;
            potential += 0.25 * Math.max(0, v.benchmark[i]! - c) * w;
          }
          const scale = 1 + Math.abs(c) * H + Math.abs(v.benchmark[i]!) * H;
          expect(Math.abs(v.explicit[i]! - explicit)).toBeLessThanOrEqual(1e-9 * scale);
          expect(Math.abs(v.growth[i]! - growth)).toBeLessThanOrEqual(1e-9 * scale * H);
          expect(Math.abs(v.potential[i]! - potential)).toBeLessThanOrEqual(1e-9 * scale);
          expect(v.pAlive[i]).toBe(input.pAlive === undefined ? 1 : input.pAlive[i]);
          expect(v.monthlyRetention[i]! >= 0 && v.monthlyRetention[i]! <= 1).toBe(true);
        }
        expect(v.customersOffBook).toBe(v.length - v.onBook.reduce((a, b) => a + b, 0));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('the saved model (through JSON) values the same book identically', () => {
    fc.assert(
      fc.property(bookArb, optionsArb, (input, options) => {
        const v = valueDecomposition(input, options);
        const restored = valueModelFromJSON(JSON.parse(JSON.stringify(v.model)));
        const again = applyValueModel(restored, input, {});
        expect(Array.from(again.total)).toEqual(Array.from(v.total));
        expect(Array.from(again.explicit)).toEqual(Array.from(v.explicit));
      }),
      { seed: SEED + 1, numRuns: 80 },
    );
  });

  it('a NaN or Infinity anywhere in the snapshots is INVALID_VALUE, never a NaN value', () => {
    fc.assert(
      fc.property(
        bookArb.filter((b) => b.snapshots.length > 0),
        fc.constantFrom('netRevenue', 'costToServe', 'aum'),
        fc.nat(),
        fc.constantFrom(Number.NaN, Infinity, -Infinity),
        (input, column, at, bad) => {
          const values = [...(input.snapshots[column] as number[])];
          values[at % values.length] = bad;
          try {
            valueDecomposition({ ...input, snapshots: { ...input.snapshots, [column]: values } }, {});
            expect.unreachable('expected INVALID_VALUE');
          } catch (error) {
            expect(isClvkitError(error, 'INVALID_VALUE'), String(error)).toBe(true);
          }
        },
      ),
      { seed: SEED + 2, numRuns: 60 },
    );
  });
});
