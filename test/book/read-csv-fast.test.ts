import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textAt } from '../../src/book/book-rows.js';
import type { BookTable, CodedText } from '../../src/book/book-rows.js';
import {
  readColumnsFast,
  readTableFast,
  readTableGeneral,
  readTransactionsFast,
  readTransactionsFastOnly,
  readTransactionsGeneral,
} from '../../src/book/read-csv-fast.js';
import type { FastColumns } from '../../src/book/read-csv-fast.js';
import { readBook } from '../../src/book/read-book.js';
import { ClvkitError } from '../../src/errors.js';
import { readTable } from '../../src/io/read-table.js';
import type { TableData } from '../../src/io/read-table.js';
import { readTransactions } from '../../src/io/read-transactions.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'clvkit-fast-csv-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COLUMNS: FastColumns = {
  id: { source: 'id', type: 'string' },
  month: { source: 'month', type: 'string' },
  value: { source: 'value', type: 'number' },
  count: { source: 'count', type: 'integer' },
  day: { source: 'day', type: 'date' },
};

/** Cells per column, valid and not (the general reader's verdict decides which the fast path must match). */
const CELLS: Record<string, string[]> = {
  id: ['A', 'B', 'C 1', ' ', '', 'Ärger', 'x\u0001', 'C000001'],
  month: ['2024-01', '2024-02', '2024-13', ''],
  value: ['1', '-2.5', '3.25', '0', '1e3', '', 'abc', '007', '1,5', '+4', '123456789012345678'],
  count: ['1', '-7', '2.5', '99999999999', '', '42'],
  day: ['2024-01-31', '20240229', '2023-02-29', 'x', '2024-01-05T10:00', '1999-12-31'],
  extra: ['a', 'b c', '', '€'],
};
const QUOTED = ['"q"', 'a"b', '"x,y"'];

/** A random CSV over the columns above (shuffled, an extra one, padded header names), LF/CRLF, BOM, blank lines, sometimes quotes or a short row. */
const csvArb = fc
  .record({
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    order: fc.shuffledSubarray(['id', 'month', 'value', 'count', 'day', 'extra'], { minLength: 6, maxLength: 6 }),
    pad: fc.boolean(),
    bom: fc.boolean(),
    trailing: fc.boolean(),
    rows: fc.array(
      fc.record({
        picks: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
        valid: fc.nat({ max: 9 }),
        crlf: fc.boolean(),
        blank: fc.nat({ max: 19 }),
        quote: fc.nat({ max: 39 }),
        short: fc.nat({ max: 49 }),
      }),
      { maxLength: 30 },
    ),
  })
  .map(({ delimiter, order, pad, bom, trailing, rows }) => {
    const lines = [order.map((c) => (pad && c === 'value' ? ` ${c} ` : c)).join(delimiter)];
    const ends: string[] = ['\n'];
    for (const r of rows) {
      const cells = order.map((c, k) => {
        const options = CELLS[c]!;
        // Mostly valid cells (the first few of each list), so most files take the fast path.
        const pick = r.valid < 8 ? r.picks[k]! % Math.min(2, options.length) : r.picks[k]! % options.length;
        const cell = options[pick]!;
        return c === 'id' && cell.includes(delimiter) ? 'A' : cell;
      });
      if (r.quote === 0) cells[r.picks[0]! % cells.length] = QUOTED[r.picks[1]! % QUOTED.length]!;
      if (r.short === 0) cells.pop();
      lines.push(cells.join(delimiter));
      ends.push(r.crlf ? '\r\n' : '\n');
      if (r.blank === 0) {
        lines.push(r.crlf ? '' : '   '.slice(3));
        ends.push('\n');
      }
    }
    let text = lines.map((l, i) => l + ends[i]).join('');
    if (!trailing) text = text.replace(/\r?\n$/, '');
    return { text: (bom ? '\uFEFF' : '') + text, delimiter: delimiter as ',' | ';' | '\t' | '|' };
  });

/** A table's columns as plain arrays (text decoded), to compare reads whatever their dictionaries. */
function plain(t: BookTable | TableData): unknown {
  const columns: Record<string, unknown> = {};
  for (const [name, col] of Object.entries(t.columns)) {
    columns[name] = ArrayBuffer.isView(col)
      ? Array.from(col as Float64Array)
      : Array.isArray(col)
        ? [...col]
        : Array.from({ length: t.length }, (_, i) => textAt(col as CodedText, i));
  }
  return { length: t.length, columns, stats: t.stats, rejects: t.rejects };
}

/** Independently: the file line of each data row of clean CSV text (non-blank lines after the header). */
function dataLines(text: string): number[] {
  const out: number[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((l, i) => {
      if (l.replace(/\r$/, '') !== '') out.push(i + 1);
    });
  return out.slice(1);
}

async function general(text: string, delimiter: ',' | ';' | '\t' | '|'): Promise<TableData | ClvkitError> {
  try {
    return await readTable({ text }, { file: 't.csv', delimiter, columns: COLUMNS, onInvalid: 'collect' });
  } catch (error) {
    if (error instanceof ClvkitError) return error;
    throw error;
  }
}

describe('readColumnsFast — the fast path against the general reader', () => {
  it('gives the general reader’s table whenever it applies, and applies to every clean unquoted file (property)', async () => {
    let fastRuns = 0;
    let fallbacks = 0;
    await fc.assert(
      fc.asyncProperty(csvArb, async ({ text, delimiter }) => {
        const slow = await general(text, delimiter);
        // The book's general reader is readTable plus each row's line: same table, same errors.
        const withLines = await readTableGeneral({ text }, { file: 't.csv', delimiter }, COLUMNS, 'collect').catch((e: unknown) => e);
        if (slow instanceof ClvkitError) expect(withLines).toEqual(slow);
        else {
          expect(plain(withLines as BookTable)).toEqual(plain(slow));
          expect((withLines as BookTable).lines.length).toBe(slow.length);
        }
        const fast = await readColumnsFast({ text }, { file: 't.csv', delimiter }, COLUMNS);
        const clean = !(slow instanceof ClvkitError) && slow.rejects.length === 0 && !text.includes('"');
        if (fast === undefined) {
          fallbacks++;
          expect(clean).toBe(false);
        } else {
          fastRuns++;
          expect(slow).not.toBeInstanceOf(ClvkitError);
          // Dictionaries in order of first appearance on both paths: the codes and the lines agree too.
          expect(fast).toEqual(withLines);
          expect(Array.from(fast.lines)).toEqual(dataLines(text));
        }
      }),
      { numRuns: 300, seed: 20261206 },
    );
    // Both branches were exercised (the generator is not degenerate).
    expect(fastRuns).toBeGreaterThan(50);
    expect(fallbacks).toBeGreaterThan(50);
  });

  it('readTableFast: a bad cell or a quote goes to the general reader (same error, same rejects)', async () => {
    const bad = 'id,month,value,count,day\nA,2024-01,1,2,2024-01-31\nB,2024-02,x,3,2024-02-29\n';
    const columns = COLUMNS;
    const thrown = await readTableFast({ text: bad }, { file: 'b.csv' }, columns, 'throw').catch((e: unknown) => e);
    const expected = await readTable({ text: bad }, { file: 'b.csv', columns, onInvalid: 'throw' }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ClvkitError);
    expect(thrown).toEqual(expected);
    expect((thrown as ClvkitError).details).toMatchObject({ file: 'b.csv', line: 3, column: 'value', value: 'x' });
    const collected = await readTableFast({ text: bad }, { file: 'b.csv' }, columns, 'collect');
    expect(collected.stats).toEqual({ read: 2, accepted: 1, rejected: 1 });
    expect(collected.rejects[0]).toMatchObject({ line: 3, code: 'INVALID_NUMBER', column: 'value' });
    const quoted = 'id,month,value,count,day\n"A, Ltd",2024-01,1,2,2024-01-31\n';
    expect(await readColumnsFast({ text: quoted }, { file: 'q.csv' }, columns)).toBeUndefined();
    const viaQuotes = await readTableFast({ text: quoted }, { file: 'q.csv' }, columns, 'throw');
    expect(textAt(viaQuotes.columns.id as CodedText, 0)).toBe('A, Ltd');
  });

  it('reads files: BOM, CRLF and .csv.gz give the same table as the plain file', async () => {
    const body = 'id,month,value,count,day\r\nA,2024-01,1.5,2,2024-01-31\r\nB,2024-02,-3,4,2024-02-29\r\n';
    const plainFile = join(dir, 'p.csv');
    const bomFile = join(dir, 'bom.csv');
    const gzFile = join(dir, 'g.csv.gz');
    writeFileSync(plainFile, body);
    writeFileSync(bomFile, `\uFEFF${body}`);
    writeFileSync(gzFile, gzipSync(body));
    const a = await readColumnsFast(plainFile, { file: plainFile }, COLUMNS);
    expect(a).toBeDefined();
    expect(plain(a!)).toEqual(plain(await readTable(plainFile, { columns: COLUMNS })));
    expect(plain((await readColumnsFast(bomFile, { file: bomFile }, COLUMNS))!)).toEqual(plain(a!));
    expect(plain((await readColumnsFast(gzFile, { file: gzFile }, COLUMNS))!)).toEqual(plain(a!));
    expect((a!.columns.value as Float64Array)[1]).toBe(-3);
    expect(Array.from(a!.columns.day as Int32Array)).toEqual([19753, 19782]);
  });

  it('readBook takes a .CSV.GZ part in any case (its header gunzipped too)', async () => {
    const customers = join(dir, 'C.CSV.GZ');
    const transactions = join(dir, 'T.csv');
    writeFileSync(customers, gzipSync('customer_id,segment\nA,retail\nB,sme\n'));
    writeFileSync(transactions, 'customer_id,date,amount\nA,2024-01-05,1\nB,2024-01-06,2\n');
    const book = await readBook({ customers: { path: customers }, transactions: { path: transactions } });
    expect(book.customers.attributes).toEqual({ segment: ['retail', 'sme'] });
  });

  it('a lone-CR file and invalid UTF-8 go to the general reader', async () => {
    expect(await readColumnsFast({ text: 'id,month,value,count,day\rA,2024-01,1,2,2024-01-31\r' }, { file: 'cr.csv' }, COLUMNS)).toBeUndefined();
    const file = join(dir, 'latin1.csv');
    writeFileSync(file, Buffer.concat([Buffer.from('id,month,value,count,day\nA'), Buffer.from([0xe9]), Buffer.from(',2024-01,1,2,2024-01-31\n')]));
    expect(await readColumnsFast(file, { file }, COLUMNS)).toBeUndefined();
    await expect(readTableFast(file, { file }, COLUMNS, 'throw')).rejects.toMatchObject({ code: 'CSV_PARSE' });
  });
});

/** Random transaction CSVs: ids, dates and amounts valid or not, extra column, LF/CRLF, sometimes quotes. */
const txArb = fc
  .record({
    delimiter: fc.constantFrom(',', ';'),
    swap: fc.boolean(),
    rows: fc.array(
      fc.record({
        id: fc.constantFrom('A', 'B', 'C', 'B', ' ', '', 'D\u0007'),
        day: fc.constantFrom('2024-01-31', '2024-02-29', '20240301', '2023-02-29', ''),
        amount: fc.constantFrom('10', '-2.5', '0', '1e3', '2000000000000000', '3.333', 'x'),
        valid: fc.nat({ max: 9 }),
        crlf: fc.boolean(),
        quote: fc.nat({ max: 29 }),
        blank: fc.nat({ max: 9 }),
      }),
      { maxLength: 25 },
    ),
  })
  .map(({ delimiter, swap, rows }) => {
    const header = swap ? ['amount', 'note', 'customer_id', 'date'] : ['customer_id', 'date', 'amount', 'note'];
    const lines = [header.join(delimiter) + '\n'];
    for (const r of rows) {
      const cell: Record<string, string> = {
        customer_id: r.valid < 8 ? 'A' : r.id,
        date: r.valid < 8 ? '2024-01-31' : r.day,
        amount: r.valid < 7 ? r.amount.replace('x', '1') : r.amount,
        note: r.quote === 0 ? '"n"' : 'n',
      };
      if (r.valid === 9) cell.customer_id = r.id === '' ? 'E' : r.id;
      lines.push(header.map((h) => cell[h]).join(delimiter) + (r.crlf ? '\r\n' : '\n'));
      if (r.blank === 0) lines.push(r.crlf ? '\r\n' : '\n');
    }
    return { text: lines.join(''), delimiter: delimiter as ',' | ';' };
  });

describe('readTransactionsFastOnly — against readTransactions', () => {
  it('gives readTransactions’ table whenever it applies, and applies to every clean unquoted file (property)', async () => {
    let fastRuns = 0;
    const columns = { customerId: 'customer_id', date: 'date', amount: 'amount' };
    await fc.assert(
      fc.asyncProperty(txArb, async ({ text, delimiter }) => {
        const slow = await readTransactions({ text }, { file: 't.csv', delimiter, columns, onInvalid: 'collect' }).catch((e: unknown) => e);
        const withLines = await readTransactionsGeneral({ text }, { file: 't.csv', delimiter }, columns, 'collect').catch((e: unknown) => e);
        if (slow instanceof ClvkitError) expect(withLines).toEqual(slow);
        else expect({ ...(withLines as { table: object }).table }).toEqual({ ...(slow as object) });
        const fast = await readTransactionsFastOnly({ text }, { file: 't.csv', delimiter }, columns);
        const clean = !(slow instanceof ClvkitError) && (slow as { rejects: unknown[] }).rejects.length === 0 && !text.includes('"');
        if (fast === undefined) expect(clean).toBe(false);
        else {
          fastRuns++;
          const s = slow as Awaited<ReturnType<typeof readTransactions>>;
          expect({ ...fast.table }).toEqual({ ...s });
          expect(fast.table.stats.negativeAmounts).toBe(s.stats.negativeAmounts);
          expect(fast.lines).toEqual((withLines as { lines: Int32Array }).lines);
          expect(Array.from(fast.lines)).toEqual(dataLines(text));
        }
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(fastRuns).toBeGreaterThan(50);
  });

  it('readTransactionsFast: a bad amount throws the general reader’s error with its place', async () => {
    const text = 'customer_id,date,amount\nA,2024-01-31,10\nB,2024-02-29,1e3\n';
    const columns = { customerId: 'customer_id', date: 'date', amount: 'amount' };
    await expect(readTransactionsFast({ text }, { file: 'x.csv' }, columns, 'throw')).rejects.toMatchObject({
      code: 'INVALID_NUMBER',
      details: { file: 'x.csv', line: 3, column: 'amount', value: '1e3' },
    });
    const collected = await readTransactionsFast({ text }, { file: 'x.csv' }, columns, 'collect');
    expect(Array.from(collected.lines)).toEqual([2]);
    expect(collected.table.stats).toEqual({ read: 2, accepted: 1, rejected: 1, negativeAmounts: 0 });
  });
});
