import { escapeHtml } from './escape-html.js';
import { formatCell } from './format-cell.js';
import type { RecordCell } from './records.js';
import { hiddenColumnsNote } from './text-table.js';
import type { ShownRows } from './text-table.js';

const CELL = 'padding:2px 8px;border-bottom:1px solid #e5e5e5;white-space:nowrap;';

/**
 * An HTML table of the first and last rows under the shape line, for notebooks: numbers right-aligned
 * and rounded, every text escaped, row numbers in the first column, a `…` row where rows are left out.
 *
 * @example
 * htmlTable('T: 1 row × 1 column', { names: ['x'], head: [{ x: 1 }], tailStart: 1, tail: [] }).startsWith('<div class="clvkit-table">') // true
 */
export function htmlTable(shapeLine: string, shown: ShownRows): string {
  const th = (text: string, right: boolean): string => `<th style="${CELL}text-align:${right ? 'right' : 'left'}">${escapeHtml(text)}</th>`;
  const td = (cell: RecordCell, right: boolean): string =>
    `<td style="${CELL}text-align:${right ? 'right' : 'left'};font-variant-numeric:tabular-nums">${escapeHtml(formatCell(cell))}</td>`;
  const all = [...shown.head, ...shown.tail];
  const right = shown.names.map((n) => all.some((r) => typeof r[n] === 'number'));
  const row = (label: string, record: Readonly<Record<string, RecordCell>>): string =>
    `<tr><th style="${CELL}text-align:right;color:#777">${escapeHtml(label)}</th>${shown.names.map((n, c) => td(record[n] ?? null, right[c]!)).join('')}</tr>`;
  const body: string[] = shown.head.map((r, i) => row(String(i), r));
  if (shown.tail.length > 0) {
    body.push(
      `<tr><th style="${CELL}text-align:right">…</th>${shown.names.map((_, c) => `<td style="${CELL}text-align:${right[c] ? 'right' : 'left'}">…</td>`).join('')}</tr>`,
    );
    shown.tail.forEach((r, i) => body.push(row(String(shown.tailStart + i), r)));
  }
  const head = `<tr><th style="${CELL}"></th>${shown.names.map((n, c) => th(n, right[c]!)).join('')}</tr>`;
  return (
    `<div class="clvkit-table"><p style="margin:0 0 4px;font-family:sans-serif;font-size:13px;color:#333">${escapeHtml(shapeLine)}</p>` +
    `<table style="border-collapse:collapse;font-family:sans-serif;font-size:12px"><thead>${head}</thead><tbody>${body.join('')}</tbody></table>` +
    ((shown.hiddenColumns ?? 0) > 0
      ? `<p style="margin:4px 0 0;font-family:sans-serif;font-size:12px;color:#555">${escapeHtml(hiddenColumnsNote(shown.hiddenColumns!))}</p>`
      : '') +
    `</div>`
  );
}
