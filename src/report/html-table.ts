import { escapeHtml } from './escape-html.js';

/** A table cell: text (escaped) or a number already formatted as text, right-aligned. */
export type TableCell = string | { readonly number: string };

/** An HTML table with escaped headers and cells; numeric cells are right-aligned. @internal */
export function htmlTable(headers: readonly string[], rows: readonly (readonly TableCell[])[], caption?: string): string {
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((c) => (typeof c === 'string' ? `<td>${escapeHtml(c)}</td>` : `<td class="num">${escapeHtml(c.number)}</td>`)).join('')}</tr>`)
    .join('\n');
  const cap = caption === undefined ? '' : `<caption>${escapeHtml(caption)}</caption>`;
  return `<div class="table-wrap"><table>${cap}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** A numeric table cell. @internal */
export function num(text: string): TableCell {
  return { number: text };
}
