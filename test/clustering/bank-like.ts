import { createRandom } from '../../src/random.js';

/**
 * A synthetic customer table with known groups, separated in log-money space:
 * group 0 mass retail (small AUM, busy), 1 affluent savers (large AUM, quiet), 2 borrowers (loans),
 * optionally 3 dormant (tiny AUM, inactive). Sizes in `sizes`.
 */
export function makeBankLike(sizes: readonly number[], seed: number, spread = 0.15) {
  const rng = createRandom(seed);
  // log1p(aum), log1p(loans), activity, products
  const centres = [
    [Math.log1p(5_000), 0, 40, 2],
    [Math.log1p(800_000), 0, 6, 5],
    [Math.log1p(20_000), Math.log1p(400_000), 20, 3],
    [Math.log1p(50), 0, 0.5, 1],
  ];
  const n = sizes.reduce((a, b) => a + b, 0);
  const aum = new Float64Array(n);
  const loans = new Float64Array(n);
  const activity = new Float64Array(n);
  const products = new Float64Array(n);
  const truth = new Int32Array(n);
  const id: string[] = [];
  let i = 0;
  sizes.forEach((size, g) => {
    const c = centres[g]!;
    for (let q = 0; q < size; q++, i++) {
      truth[i] = g;
      id.push(`C${i}`);
      aum[i] = Math.expm1(c[0]! + spread * 2 * rng.normal());
      loans[i] = c[1]! === 0 ? 0 : Math.expm1(c[1]! + spread * 2 * rng.normal());
      activity[i] = Math.max(0, c[2]! + spread * 8 * rng.normal());
      products[i] = c[3]!;
    }
  });
  return { table: { id, aum, loans, activity, products }, truth, n };
}
