import { formatCell } from './format-cell.js';
import type { RecordCell, ResultRecord } from './records.js';

/** The rows a printed table shows: the first ones, then (after a gap) the last ones, with their row numbers. */
export interface ShownRows {
  readonly names: readonly string[];
  readonly head: readonly ResultRecord[];
  /** Row number of the first tail row. */
  readonly tailStart: number;
  readonly tail: readonly ResultRecord[];
  /** Columns left out of the print (only the first ones fit), 0 when all are shown. */
  readonly hiddenColumns?: number;
}

/** Most columns a printed table shows; the rest are named by count (`toRecords()` has them all). */
export const MAX_SHOWN_COLUMNS = 12;

/** The note under a table that leaves columns out. */
export function hiddenColumnsNote(hidden: number): string {
  return `… ${hidden} more ${hidden === 1 ? 'column' : 'columns'} not shown (toRecords() and head() have every column)`;
}

function isNumeric(rows: readonly ResultRecord[], name: string): boolean {
  let seen = false;
  for (const r of rows) {
    const v: RecordCell | undefined = r[name];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number') return false;
    seen = true;
  }
  return seen;
}

/**
 * An aligned plain-text table under a shape line: row numbers on the left, numbers right-aligned and
 * rounded, text left-aligned, a `…` line between the first and last rows when rows are left out.
 *
 * @example
 * textTable('T: 2 rows × 1 column', { names: ['x'], head: [{ x: 1.5 }, { x: 2 }], tailStart: 2, tail: [] })
 * // 'T: 2 rows × 1 column\n     x\n0  1.5\n1    2'
 */
export function textTable(shapeLine: string, shown: ShownRows): string {
  const all = [...shown.head, ...shown.tail];
  if (shown.names.length === 0 || all.length === 0) return shapeLine;
  const index = [...shown.head.map((_, i) => String(i)), ...shown.tail.map((_, i) => String(shown.tailStart + i))];
  const gap = shown.tail.length > 0;
  const indexWidth = Math.max(...index.map((s) => s.length), 1);
  const columns = shown.names.map((name) => {
    const cells = all.map((r) => formatCell(r[name] ?? null));
    const width = Math.max(name.length, ...cells.map((c) => c.length));
    return { name, cells, width, right: isNumeric(all, name) };
  });
  const pad = (s: string, w: number, right: boolean): string => (right ? s.padStart(w) : s.padEnd(w));
  const line = (first: string, parts: string[]): string => `${first.padEnd(indexWidth)}  ${parts.join('  ')}`.trimEnd();
  const lines = [
    shapeLine,
    line(
      '',
      columns.map((c) => pad(c.name, c.width, c.right)),
    ),
  ];
  all.forEach((_, i) => {
    if (gap && i === shown.head.length)
      lines.push(
        line(
          '…',
          columns.map((c) => pad('…', c.width, c.right)),
        ),
      );
    lines.push(
      line(
        index[i]!,
        columns.map((c) => pad(c.cells[i]!, c.width, c.right)),
      ),
    );
  });
  if ((shown.hiddenColumns ?? 0) > 0) lines.push(hiddenColumnsNote(shown.hiddenColumns!));
  return lines.join('\n');
}
