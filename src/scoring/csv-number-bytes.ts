/**
 * Exact fast paths for writing a number as `String(n)` writes it, as ASCII bytes straight into a buffer, for
 * the numbers that need no shortest-round-trip search (internal to the score CSV writer):
 *
 * - integers with |n| < 2^53 (and −0, written "0"): their decimal digits;
 * - numbers with at most six decimals, 0 < |n| < {@link SIX_DECIMAL_LIMIT} (money in cents, rounded scores):
 *   m = Math.round(n · 10^6), accepted only when m / 10^6 === n, written as m with the decimal point six
 *   places from the right and trailing zeros dropped.
 *
 * Why the second is exact. Let |n| < 2^49 / 10^6 and ulp(n) ≤ |n| · 2^−52. (1) No false accept: IEEE division
 * of the integers m and 10^6 (both exact) is correctly rounded, so m / 10^6 === n says the decimal m · 10^−6
 * reads back as n — it round-trips. (2) No false reject: if some decimal D with ≤ 6 decimals reads back as n,
 * then D = m* · 10^−6 with |m* − n · 10^6| ≤ 10^6 · ulp(n) / 2 < 1/16, and the computed product fl(n · 10^6)
 * is within 2^−53 · 2^49 = 1/16 of n · 10^6, so Math.round gives m*. (3) Unique: two 6-decimal numbers
 * differ by ≥ 10^−6, but the read-back interval of n is narrower than 10^−6 / 8, so m* is the only one.
 * (4) Shortest: `String(n)` writes the decimal with the fewest significant digits that reads back as n
 * (ECMA-262 Number::toString). Every such decimal lies in the narrow read-back interval, so it has the same
 * number of integer digits as m* · 10^−6 (or is the power of ten inside the interval, itself a ≤ 6-decimal
 * when |n| ≥ 10^−6), and fewest significant digits means fewest decimals: no decimal with fewer decimals
 * than m* · 10^−6 minus its trailing zeros reads back as n, or it would be a second 6-decimal candidate.
 * (5) Notation: for 10^−6 ≤ |n| < 10^21, `String(n)` uses plain decimal notation ("0.000001", "12.5"), and a
 * non-zero 6-decimal is ≥ 10^−6. The tests compare both paths with `String(n)` on millions of random doubles.
 */

/** Largest |n| (exclusive) taken by the six-decimal path: 2^49 / 10^6 ≈ 5.6e8, rounded down. */
export const SIX_DECIMAL_LIMIT = 5e8;

const TWO_53 = 2 ** 53;

/**
 * The number as a count of millionths when it has at most six decimals and 0 < |n| < {@link SIX_DECIMAL_LIMIT}
 * and is not an integer (see the module comment for the proof); otherwise NaN.
 *
 * @example
 * sixDecimalUnits(12.34); // 12340000
 * sixDecimalUnits(1 / 3); // NaN
 */
export function sixDecimalUnits(n: number): number {
  if (!(n < SIX_DECIMAL_LIMIT && n > -SIX_DECIMAL_LIMIT)) return Number.NaN;
  const m = Math.round(n * 1e6);
  return m / 1e6 === n && m % 1e6 !== 0 ? m : Number.NaN;
}

/** Whether `n` is an integer the integer path writes (|n| < 2^53, −0 included). */
export function isAsciiInteger(n: number): boolean {
  return n === Math.trunc(n) && n < TWO_53 && n > -TWO_53;
}

/**
 * Write an integer (|n| < 2^53; −0 as "0") as decimal digits at `p`; returns the position after it.
 * Exact: every step is an integer operation below 2^53.
 *
 * @example
 * writeAsciiInteger(buf, 0, -120); // 4 (buf holds "-120")
 */
export function writeAsciiInteger(out: Uint8Array, p: number, n: number): number {
  if (n < 0) {
    out[p++] = 45;
    n = -n;
  }
  if (n < 2147483648) {
    let x = n | 0;
    let digits = 1;
    for (let t = x; t >= 10; t = (t / 10) | 0) digits++;
    const end = p + digits;
    for (let k = end - 1; k >= p; k--) {
      const q = (x / 10) | 0;
      out[k] = 48 + (x - q * 10);
      x = q;
    }
    return end;
  }
  let digits = 1;
  for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
  const end = p + digits;
  let x = n;
  for (let k = end - 1; k >= p; k--) {
    const q = Math.floor(x / 10);
    out[k] = 48 + (x - q * 10);
    x = q;
  }
  return end;
}

/**
 * Write a count of millionths from {@link sixDecimalUnits} as `String(m / 10^6)` writes it (integer part,
 * point, the decimals without trailing zeros) at `p`; returns the position after it.
 *
 * @example
 * writeSixDecimals(buf, 0, -1230000); // 5 (buf holds "-1.23")
 */
export function writeSixDecimals(out: Uint8Array, p: number, m: number): number {
  if (m < 0) {
    out[p++] = 45;
    m = -m;
  }
  const whole = Math.floor(m / 1e6);
  let frac = m - whole * 1e6;
  p = writeAsciiInteger(out, p, whole);
  out[p++] = 46;
  let width = 6;
  while (frac % 10 === 0) {
    frac /= 10;
    width--;
  }
  let x = frac | 0;
  for (let k = p + width - 1; k >= p; k--) {
    const q = (x / 10) | 0;
    out[k] = 48 + (x - q * 10);
    x = q;
  }
  return p + width;
}

/**
 * Write `n` at `p` when a fast path takes it (an integer below 2^53 or a number with at most six decimals
 * below {@link SIX_DECIMAL_LIMIT}), byte for byte `String(n)`; returns the position after it, or −1 when
 * `n` needs the shortest-round-trip search (then nothing is written).
 *
 * @example
 * writeShortNumber(buf, 0, 2354.59); // 7 ("2354.59")
 * writeShortNumber(buf, 0, 0.1 + 0.2); // -1
 */
export function writeShortNumber(out: Uint8Array, p: number, n: number): number {
  if (isAsciiInteger(n)) return writeAsciiInteger(out, p, n);
  const m = sixDecimalUnits(n);
  return !Number.isNaN(m) ? writeSixDecimals(out, p, m) : -1;
}
