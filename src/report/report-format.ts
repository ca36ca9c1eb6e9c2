/** Locale-free number formatting for the report: the same text in every runtime, time zone and locale. */

/** Thousands separators, fixed decimals: formatNumber(1234567.891, 1) → '1,234,567.9'. Non-finite → '–'. */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return '–';
  const fixed = Math.abs(value).toFixed(digits);
  const [int, frac] = fixed.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = value < 0 && Number(fixed) !== 0;
  return `${negative ? '−' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

/** A share as a percentage: formatPercent(0.8123) → '81.2%'. */
export function formatPercent(share: number, digits = 1): string {
  return Number.isFinite(share) ? `${formatNumber(share * 100, digits)}%` : '–';
}

/** Money with its currency code: formatMoney(1500, 'CNY') → 'CNY 1,500'. */
export function formatMoney(value: number, currency: string | undefined, digits = 0): string {
  return currency === undefined ? formatNumber(value, digits) : `${currency} ${formatNumber(value, digits)}`;
}

/** A number with `digits` significant decimals for parameters: formatEstimate(0.000123) → '0.000123'. */
export function formatEstimate(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e7)) return value.toExponential(3);
  return formatNumber(value, abs >= 100 ? 2 : 4);
}
