/** Strict decimal parser of `text[start, end)`; returns NaN for anything that is not a finite decimal. */
export type AmountParser = (text: string, start: number, end: number) => number;

const C0 = 48;
const C9 = 57;
const PLUS = 43;
const MINUS = 45;
/** Exact powers of ten (all exactly representable up to 1e22). */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Compile a strict decimal parser: optional sign, digits, optional decimal separator with digits;
 * no exponent, no spaces, no empty string, nothing that overflows to Infinity. With `thousands`,
 * that character may separate groups of exactly three integer digits (`1,234,567.89`).
 *
 * Values with at most 15 significant digits are computed as (integer mantissa) / 10^k: both
 * operands are exact doubles, so the one IEEE division gives the correctly rounded value, the same
 * as `Number()`; longer values go through `Number()` on the normalised text.
 */
export function createAmountParser(decimal: '.' | ',', thousands?: string): AmountParser {
  const dec = decimal.charCodeAt(0);
  const th = thousands === undefined ? -1 : thousands.charCodeAt(0);
  return (text: string, start = 0, end = text.length): number => {
    let i = start;
    let c = text.charCodeAt(i);
    let negative = false;
    if (c === PLUS || c === MINUS) {
      negative = c === MINUS;
      i++;
    }
    let intDigits = 0;
    let group = -1; // digits since the last thousands separator, -1 before any separator
    let mantissa = 0;
    let significant = 0;
    for (; i < end; i++) {
      c = text.charCodeAt(i);
      if (c >= C0 && c <= C9) {
        intDigits++;
        if (group >= 0) group++;
        mantissa = mantissa * 10 + (c - C0);
        if (mantissa > 0) significant++;
      } else if (c === th && intDigits > 0 && (group === -1 ? intDigits <= 3 : group === 3)) {
        group = 0;
      } else break;
    }
    if (group >= 0 && group !== 3) return NaN;
    let fracDigits = 0;
    if (i < end && c === dec) {
      for (i++; i < end; i++) {
        c = text.charCodeAt(i);
        if (c >= C0 && c <= C9) {
          fracDigits++;
          mantissa = mantissa * 10 + (c - C0);
          if (mantissa > 0) significant++;
        } else break;
      }
      if (fracDigits === 0) return NaN;
    }
    if (i !== end || intDigits === 0) return NaN;
    let value: number;
    if (significant <= 15 && fracDigits <= 22) value = mantissa / POW10[fracDigits]!;
    else {
      let normal = text.slice(negative || text.charCodeAt(start) === PLUS ? start + 1 : start, end);
      if (th >= 0) normal = normal.split(thousands!).join('');
      if (dec !== 46) normal = normal.replace(decimal, '.');
      value = Number(normal);
      if (!Number.isFinite(value)) return NaN;
    }
    return negative ? -value : value;
  };
}
