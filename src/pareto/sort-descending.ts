/**
 * Sorting non-negative values from largest to smallest, the one sort every Pareto statistic rests on.
 *
 * For large inputs an LSD radix sort on the IEEE-754 bit patterns replaces
 * `Float64Array.prototype.sort`: for non-negative doubles the 64-bit pattern read as an unsigned
 * integer orders exactly like the numbers, so four stable counting passes over 16-bit digits sort
 * them (skipping a pass whose digit is the same for every value). Measured on 10 million
 * log-normal values (2 cores, Node 20): radix ≈ 0.36 s, `Float64Array.prototype.sort` ≈ 0.92 s,
 * sorting a `Uint32Array` of indices with a comparator ≈ 3.3 s. Small inputs use the built-in sort
 * (the radix histograms cost more than they save below {@link RADIX_THRESHOLD} values).
 */

/** From this many values on, {@link sortDescendingNonNegative} uses the radix sort. */
export const RADIX_THRESHOLD = 1 << 15;

const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;
const PASSES = 4;

/**
 * A new Float64Array holding `values` sorted descending. Precondition (not checked, the callers
 * have validated): every value is finite and ≥ 0. Negative zero is stored as +0. The input is
 * never modified.
 *
 * @example
 * sortDescendingNonNegative(new Float64Array([2, 0, 5, 1])) // Float64Array [5, 2, 1, 0]
 */
export function sortDescendingNonNegative(values: Float64Array): Float64Array {
  if (values.length < RADIX_THRESHOLD) {
    const copy = new Float64Array(values.length);
    // `x + 0` turns -0 into +0 so that zeros compare and print alike.
    for (let i = 0; i < values.length; i++) copy[i] = values[i]! + 0;
    copy.sort();
    return copy.reverse();
  }
  return radixSortDescending(values);
}

/** LSD radix sort, 16-bit digits, descending; exported for the benchmark and tests. */
export function radixSortDescending(values: Float64Array): Float64Array {
  const n = values.length;
  let from = new Float64Array(n);
  for (let i = 0; i < n; i++) from[i] = values[i]! + 0;
  let to = new Float64Array(n);
  let fromWords = new Uint32Array(from.buffer);
  let toWords = new Uint32Array(to.buffer);
  // Little-endian doubles: word 2i holds the low 32 bits, word 2i+1 the high 32 bits (sign, exponent).
  // On a big-endian host the words are swapped; both orders are handled by choosing the word per pass.
  const lowWord = isLittleEndian() ? 0 : 1;
  const highWord = 1 - lowWord;
  const counts = new Uint32Array(PASSES * BUCKETS);
  for (let i = 0; i < n; i++) {
    const lo = fromWords[2 * i + lowWord]!;
    const hi = fromWords[2 * i + highWord]!;
    counts[lo & 0xffff]!++;
    counts[BUCKETS + (lo >>> 16)]!++;
    counts[2 * BUCKETS + (hi & 0xffff)]!++;
    counts[3 * BUCKETS + (hi >>> 16)]!++;
  }
  for (let pass = 0; pass < PASSES; pass++) {
    const base = pass * BUCKETS;
    if (isSingleBucket(counts, base, n)) continue;
    // Descending: the largest digit's bucket starts at 0.
    let start = 0;
    for (let d = BUCKETS - 1; d >= 0; d--) {
      const c = counts[base + d]!;
      counts[base + d] = start;
      start += c;
    }
    const word = pass < 2 ? lowWord : highWord;
    const shift = (pass & 1) * DIGIT_BITS;
    for (let i = 0; i < n; i++) {
      const w0 = fromWords[2 * i]!;
      const w1 = fromWords[2 * i + 1]!;
      const digit = ((word === 0 ? w0 : w1) >>> shift) & 0xffff;
      const at = counts[base + digit]!++;
      toWords[2 * at] = w0;
      toWords[2 * at + 1] = w1;
    }
    [from, to] = [to, from];
    [fromWords, toWords] = [toWords, fromWords];
  }
  return from;
}

/** True when one bucket of this pass holds every value (the pass would not move anything). */
function isSingleBucket(counts: Uint32Array, base: number, n: number): boolean {
  for (let d = 0; d < BUCKETS; d++) {
    const c = counts[base + d]!;
    if (c !== 0) return c === n;
  }
  return true;
}

function isLittleEndian(): boolean {
  return new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
}
