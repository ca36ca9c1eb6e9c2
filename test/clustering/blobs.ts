import { createRandom } from '../../src/random.js';

/** Seeded Gaussian blobs: `sizes[c]` points around `centres[c]` with standard deviation `sd`. */
export function makeBlobs(
  centres: readonly (readonly number[])[],
  sizes: readonly number[],
  sd: number,
  seed: number,
): { data: Float64Array; truth: Int32Array; n: number; d: number } {
  const rng = createRandom(seed);
  const d = centres[0]!.length;
  const n = sizes.reduce((a, b) => a + b, 0);
  const data = new Float64Array(n * d);
  const truth = new Int32Array(n);
  // Interleave the blobs so that row order carries no information.
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let r = 0;
  sizes.forEach((size, c) => {
    for (let q = 0; q < size; q++) {
      const row = order[r++]!;
      truth[row] = c;
      for (let j = 0; j < d; j++) data[row * d + j] = centres[c]![j]! + sd * rng.normal();
    }
  });
  return { data, truth, n, d };
}
