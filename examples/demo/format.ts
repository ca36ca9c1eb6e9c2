/** Small, dependency-free console formatting for the demo: headings and aligned tables. */

export type Cell = string | number | null | undefined;

/** Format a number for people: thousands separators with a fixed locale-free pattern. */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = Math.abs(value).toFixed(digits);
  const [int, frac] = fixed.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

/** A share in [0, 1] as a percentage. @example formatPercent(0.8123) // '81.2%' */
export function formatPercent(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)}%`;
}

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  return typeof cell === 'number' ? (Number.isInteger(cell) ? formatNumber(cell) : formatNumber(cell, 2)) : cell;
}

/** Display width: CJK characters take two columns in a terminal. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/** Render rows as an aligned plain-text table; numbers right-aligned. */
export function renderTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const texts = rows.map((r) => headers.map((_, i) => cellText(r[i])));
  const widths = headers.map((h, i) => Math.max(width(h), ...texts.map((t) => width(t[i]!))));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] == null));
  const pad = (text: string, i: number) => {
    const gap = ' '.repeat(widths[i]! - width(text));
    return numeric[i] ? gap + text : text + gap;
  };
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => pad(c, i))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...texts.map(line)].join('\n');
}

/** What every demo section prints with. */
export interface Printer {
  heading(title: string): void;
  line(text?: string): void;
  table(headers: readonly string[], rows: readonly (readonly Cell[])[]): void;
}

export function consolePrinter(write: (text: string) => void = (t) => process.stdout.write(t)): Printer {
  return {
    heading(title) {
      write(`\n== ${title} ${'='.repeat(Math.max(0, 74 - width(title)))}\n`);
    },
    line(text = '') {
      write(`${text}\n`);
    },
    table(headers, rows) {
      write(`${renderTable(headers, rows)}\n`);
    },
  };
}
