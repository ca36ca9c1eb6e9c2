// The bad-input catalogue: one file per kind of bad (or awkward but valid) input under
// test/bad-input/files/, with the exact error each gets in throw mode and the exact rejects in
// collect mode. The messages asserted here are the ones copied into the README "Errors" section.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ClvkitError, isClvkitError } from '../../src/errors.js';
import { readTransactions, readTransactionsSync } from '../../src/io/read-transactions.js';
import type { TransactionReadOptions } from '../../src/io/stream-transactions.js';
import type { RejectedRow, TransactionTable } from '../../src/io/transaction-table.js';

const FILES = fileURLToPath(new URL('./files/', import.meta.url));

interface ErrorExpectation {
  readonly code: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

interface Accepted {
  readonly ids: readonly string[];
  readonly day: readonly number[];
  readonly amount: readonly number[];
}

interface Case {
  readonly file: string;
  readonly options?: TransactionReadOptions;
  /** throw mode: the error, or the table read. */
  readonly strict: ErrorExpectation | { readonly stats: TransactionTable['stats']; readonly accepted: Accepted };
  /** collect mode: the error (a fatal one), or stats and rejects. */
  readonly collect: ErrorExpectation | { readonly stats: TransactionTable['stats']; readonly rejects: readonly RejectedRow[] };
}

const DOT = 'not a decimal number (decimal separator ".")';
const HUGE = '99999999999999999999';
const ISO = 'not a calendar date in format YYYY-MM-DD or YYYYMMDD';
const stats = (read: number, accepted: number, rejected: number, negativeAmounts = 0): TransactionTable['stats'] => ({
  read,
  accepted,
  rejected,
  negativeAmounts,
});
const fatal = (code: string, reason: string, details: Record<string, unknown>, place: string): ErrorExpectation => ({
  code,
  message: `readTransactions: ${reason} (${place})`,
  details: { fn: 'readTransactions', ...details },
});

/** A file whose row `line` has a bad field; the error in throw mode and the single reject in collect mode. */
function badField(file: string, line: number, code: string, reason: string, column: string, value: string, raw: string[], read: number): Case {
  return {
    file,
    strict: fatal(code, reason, { file, line, column, value }, `${file}, line ${line}, column ${column}, value ${JSON.stringify(value)}`),
    collect: { stats: stats(read, read - 1, 1), rejects: [{ line, code: code as RejectedRow['code'], reason, raw, column, value }] },
  };
}

const CATALOGUE: readonly Case[] = [
  // ---- malformed CSV: fatal in both modes (the rest of the file cannot be trusted) ----
  {
    // The line is where the quote opened; endLine where the input ended.
    file: 'unclosed-quote.csv',
    strict: fatal(
      'CSV_PARSE',
      'malformed CSV: Quote Not Closed: a quoted field opens on this line and is never closed',
      { file: 'unclosed-quote.csv', line: 3, endLine: 4, csvCode: 'CSV_QUOTE_NOT_CLOSED' },
      'unclosed-quote.csv, line 3',
    ),
    collect: fatal(
      'CSV_PARSE',
      'malformed CSV: Quote Not Closed: a quoted field opens on this line and is never closed',
      { file: 'unclosed-quote.csv', line: 3, endLine: 4, csvCode: 'CSV_QUOTE_NOT_CLOSED' },
      'unclosed-quote.csv, line 3',
    ),
  },
  {
    file: 'stray-quote.csv',
    strict: fatal(
      'CSV_PARSE',
      'malformed CSV: Invalid Closing Quote: got "0" at line 3 instead of delimiter, record delimiter, trimable character (if activated) or comment',
      { file: 'stray-quote.csv', line: 3, csvCode: 'CSV_INVALID_CLOSING_QUOTE' },
      'stray-quote.csv, line 3',
    ),
    collect: fatal(
      'CSV_PARSE',
      'malformed CSV: Invalid Closing Quote: got "0" at line 3 instead of delimiter, record delimiter, trimable character (if activated) or comment',
      { file: 'stray-quote.csv', line: 3, csvCode: 'CSV_INVALID_CLOSING_QUOTE' },
      'stray-quote.csv, line 3',
    ),
  },
  {
    file: 'invalid-utf8.csv',
    strict: fatal('CSV_PARSE', 'invalid UTF-8 byte sequence', { file: 'invalid-utf8.csv', line: 3, byte: 255 }, 'invalid-utf8.csv, line 3'),
    collect: fatal('CSV_PARSE', 'invalid UTF-8 byte sequence', { file: 'invalid-utf8.csv', line: 3, byte: 255 }, 'invalid-utf8.csv, line 3'),
  },
  {
    file: 'empty.csv',
    strict: fatal('EMPTY_INPUT', 'the source has no records (not even a header)', { file: 'empty.csv' }, 'empty.csv'),
    collect: fatal('EMPTY_INPUT', 'the source has no records (not even a header)', { file: 'empty.csv' }, 'empty.csv'),
  },
  {
    file: 'missing-column.csv',
    strict: fatal(
      'MISSING_COLUMN',
      'column for amount not found in the header [customer_id, date]',
      { file: 'missing-column.csv', line: 1, column: 'amount' },
      'missing-column.csv, line 1, column amount',
    ),
    collect: fatal(
      'MISSING_COLUMN',
      'column for amount not found in the header [customer_id, date]',
      { file: 'missing-column.csv', line: 1, column: 'amount' },
      'missing-column.csv, line 1, column amount',
    ),
  },
  {
    file: 'duplicate-header.csv',
    strict: fatal(
      'INVALID_ROW',
      'the header names this column more than once',
      { file: 'duplicate-header.csv', line: 1, column: 'customer_id' },
      'duplicate-header.csv, line 1, column customer_id',
    ),
    collect: fatal(
      'INVALID_ROW',
      'the header names this column more than once',
      { file: 'duplicate-header.csv', line: 1, column: 'customer_id' },
      'duplicate-header.csv, line 1, column customer_id',
    ),
  },
  // ---- one bad field: thrown in throw mode, one reject in collect mode ----
  badField('bad-date.csv', 3, 'INVALID_DATE', ISO, 'date', '05/01/2024', ['B', '05/01/2024', '20.00'], 3),
  badField('impossible-date.csv', 3, 'INVALID_DATE', ISO, 'date', '2023-02-29', ['B', '2023-02-29', '20.00'], 3),
  badField('month-13.csv', 3, 'INVALID_DATE', ISO, 'date', '2024-13-01', ['B', '2024-13-01', '20.00'], 2),
  badField('bad-amount.csv', 3, 'INVALID_NUMBER', DOT, 'amount', '12a.50', ['B', '2024-01-06', '12a.50'], 3),
  badField('empty-amount.csv', 3, 'INVALID_NUMBER', DOT, 'amount', '', ['B', '2024-01-06', ''], 3),
  badField('exponent-amount.csv', 2, 'INVALID_NUMBER', DOT, 'amount', '1e3', ['A', '2024-01-05', '1e3'], 2),
  // Text after a date must be a time of day (T or space, HH:MM[:SS[.fff]], optional Z or ±HH:MM).
  badField('date-trailing-text.csv', 3, 'INVALID_DATE', ISO, 'date', '2024-01-06 garbage', ['B', '2024-01-06 garbage', '20.00'], 3),
  // 1e20 is a finite double but no real transaction: beyond ±1e15 an amount is rejected.
  badField('huge-amount.csv', 3, 'INVALID_NUMBER', 'amount beyond ±1e15 (no real transaction is that large)', 'amount', HUGE, ['B', '2024-01-06', HUGE], 2),
  badField('empty-id.csv', 3, 'INVALID_ROW', 'empty customerId', 'customer_id', '', ['', '2024-01-06', '20.00'], 3),
  // Amounts the strict decimal grammar refuses (and DuckDB's casts would accept: see duckdb-conformance.test.ts).
  badField('inf-amount.csv', 3, 'INVALID_NUMBER', DOT, 'amount', 'inf', ['B', '2024-01-06', 'inf'], 2),
  badField('leading-dot-amount.csv', 3, 'INVALID_NUMBER', DOT, 'amount', '.5', ['B', '2024-01-06', '.5'], 2),
  badField('trailing-dot-amount.csv', 3, 'INVALID_NUMBER', DOT, 'amount', '5.', ['B', '2024-01-06', '5.'], 2),
  badField('underscore-amount.csv', 3, 'INVALID_NUMBER', DOT, 'amount', '1_000', ['B', '2024-01-06', '1_000'], 2),
  badField('padded-amount.csv', 3, 'INVALID_NUMBER', DOT, 'amount', ' 5 ', ['B', '2024-01-06', ' 5 '], 2),
  badField('overflow-exponent-amount.csv', 3, 'INVALID_NUMBER', DOT, 'amount', '1e300', ['B', '2024-01-06', '1e300'], 2),
  badField(
    'above-max-amount.csv',
    3,
    'INVALID_NUMBER',
    'amount beyond ±1e15 (no real transaction is that large)',
    'amount',
    '1000000000000001',
    ['B', '2024-01-06', '1000000000000001'],
    2,
  ),
  badField('date-trailing-letter.csv', 3, 'INVALID_DATE', ISO, 'date', '2024-01-05x', ['B', '2024-01-05x', '5.00'], 2),
  // Control characters in an id (NUL, ESC of a terminal colour code): rejected, never stored.
  badField(
    'nul-in-id.csv',
    3,
    'INVALID_ROW',
    'customerId contains a control character (U+0000)',
    'customer_id',
    'B\u0000x',
    ['B\u0000x', '2024-01-06', '5.00'],
    2,
  ),
  badField(
    'control-char-id.csv',
    3,
    'INVALID_ROW',
    'customerId contains a control character (U+001B)',
    'customer_id',
    'B\u001b[31m',
    ['B\u001b[31m', '2024-01-06', '5.00'],
    2,
  ),
  {
    file: 'nan-amount.csv',
    strict: fatal(
      'INVALID_NUMBER',
      DOT,
      { file: 'nan-amount.csv', line: 2, column: 'amount', value: 'NaN' },
      'nan-amount.csv, line 2, column amount, value "NaN"',
    ),
    collect: {
      stats: stats(2, 0, 2),
      rejects: [
        { line: 2, code: 'INVALID_NUMBER', reason: DOT, raw: ['A', '2024-01-05', 'NaN'], column: 'amount', value: 'NaN' },
        { line: 3, code: 'INVALID_NUMBER', reason: DOT, raw: ['B', '2024-01-06', 'Infinity'], column: 'amount', value: 'Infinity' },
      ],
    },
  },
  // ---- wrong number of fields ----
  {
    file: 'wrong-column-count.csv',
    strict: fatal('INVALID_ROW', 'expected 3 fields, found 4', { file: 'wrong-column-count.csv', line: 3 }, 'wrong-column-count.csv, line 3'),
    collect: {
      stats: stats(4, 2, 2),
      rejects: [
        { line: 3, code: 'INVALID_ROW', reason: 'expected 3 fields, found 4', raw: ['B', '2024-01-06', '20.00', 'extra'] },
        { line: 4, code: 'INVALID_ROW', reason: 'expected 3 fields, found 2', raw: ['C', '2024-01-07'] },
      ],
    },
  },
  {
    file: 'unquoted-thousands.csv',
    strict: fatal('INVALID_ROW', 'expected 3 fields, found 4', { file: 'unquoted-thousands.csv', line: 3 }, 'unquoted-thousands.csv, line 3'),
    collect: {
      stats: stats(2, 1, 1),
      rejects: [{ line: 3, code: 'INVALID_ROW', reason: 'expected 3 fields, found 4', raw: ['B', '2024-01-06', '1', '234.00'] }],
    },
  },
  {
    // A lone CR inside an LF file is not a line break: rows B and C arrive as one 5-field row,
    // rejected whole (not dropped: both are in `raw`).
    file: 'mixed-line-endings.csv',
    strict: fatal('INVALID_ROW', 'expected 3 fields, found 5', { file: 'mixed-line-endings.csv', line: 3 }, 'mixed-line-endings.csv, line 3'),
    collect: {
      stats: stats(2, 1, 1),
      rejects: [{ line: 3, code: 'INVALID_ROW', reason: 'expected 3 fields, found 5', raw: ['B', '2024-01-06', '20.00\rC', '2024-01-07', '5.00'] }],
    },
  },
  // ---- valid, if awkward ----
  { file: 'header-only.csv', strict: { stats: stats(0, 0, 0), accepted: { ids: [], day: [], amount: [] } }, collect: { stats: stats(0, 0, 0), rejects: [] } },
  {
    file: 'bom-crlf.csv',
    strict: { stats: stats(2, 2, 0), accepted: { ids: ['A', 'B'], day: [19727, 19728], amount: [10, 20] } },
    collect: { stats: stats(2, 2, 0), rejects: [] },
  },
  {
    file: 'semicolon-decimal-comma.csv',
    options: { delimiter: ';', decimal: ',', thousands: '.', dateFormat: 'DD/MM/YYYY' },
    strict: { stats: stats(2, 2, 0), accepted: { ids: ['A', 'B'], day: [19727, 19728], amount: [1234.5, 20] } },
    collect: { stats: stats(2, 2, 0), rejects: [] },
  },
  {
    file: 'negative-amounts.csv',
    strict: { stats: stats(3, 3, 0, 2), accepted: { ids: ['A', 'B'], day: [19727, 19728, 19728], amount: [10, -10, -3.25] } },
    collect: { stats: stats(3, 3, 0, 2), rejects: [] },
  },
  {
    file: 'blank-lines.csv',
    strict: { stats: stats(2, 2, 0), accepted: { ids: ['A', 'B'], day: [19727, 19728], amount: [10, 20] } },
    collect: { stats: stats(2, 2, 0), rejects: [] },
  },
  {
    file: 'no-final-newline.csv',
    strict: { stats: stats(2, 2, 0), accepted: { ids: ['A', 'B'], day: [19727, 19728], amount: [10, 20] } },
    collect: { stats: stats(2, 2, 0), rejects: [] },
  },
  {
    // YYYYMMDD, an ISO timestamp and a date with a time: the calendar day is what counts.
    file: 'mixed-date-formats.csv',
    strict: { stats: stats(3, 3, 0), accepted: { ids: ['A', 'B', 'C'], day: [19727, 19728, 19729], amount: [10, 20, 5] } },
    collect: { stats: stats(3, 3, 0), rejects: [] },
  },
  // Quoted delimiters and quotes are data; a quoted line break inside an id is a control character
  // (U+000A): rejected like NUL, on the line the record starts on.
  badField(
    'quoted-fields.csv',
    4,
    'INVALID_ROW',
    'customerId contains a control character (U+000A)',
    'customer_id',
    'C\nmultiline',
    ['C\nmultiline', '2024-01-07', '5.00'],
    3,
  ),
];

async function attempt(file: string, options: TransactionReadOptions): Promise<TransactionTable | ClvkitError> {
  try {
    return await readTransactions(FILES + file, { ...options, file });
  } catch (error) {
    if (!isClvkitError(error)) throw new Error(`untyped exception for ${file}: ${String(error)}`);
    return error;
  }
}

function expectError(result: TransactionTable | ClvkitError, expected: ErrorExpectation): void {
  expect(result).toBeInstanceOf(ClvkitError);
  const e = result as ClvkitError;
  expect({ code: e.code, message: e.message, details: e.details }).toEqual(expected);
}

describe('bad-input catalogue (test/bad-input/files)', () => {
  it('has one case per file and one file per case', async () => {
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(FILES).sort()).toEqual(CATALOGUE.map((c) => c.file).sort());
  });

  describe.each(CATALOGUE)('$file', (c) => {
    it('throw mode: the exact error, or the exact table', async () => {
      const result = await attempt(c.file, { ...c.options, onInvalid: 'throw' });
      if ('code' in c.strict) return expectError(result, c.strict);
      expect(result).not.toBeInstanceOf(ClvkitError);
      const t = result as TransactionTable;
      expect(t.stats).toEqual(c.strict.stats);
      expect({ ids: t.customerIds, day: [...t.day], amount: [...t.amount] }).toEqual(c.strict.accepted);
      expect(t.rejects).toEqual([]);
    });

    it('collect mode: the exact rejects, and read = accepted + rejected', async () => {
      const result = await attempt(c.file, { ...c.options, onInvalid: 'collect' });
      if ('code' in c.collect) return expectError(result, c.collect);
      expect(result).not.toBeInstanceOf(ClvkitError);
      const t = result as TransactionTable;
      expect(t.stats).toEqual(c.collect.stats);
      expect(t.rejects).toEqual(c.collect.rejects);
      expect(t.stats.read).toBe(t.stats.accepted + t.stats.rejected);
      expect(t.length).toBe(t.stats.accepted);
    });

    it('readTransactionsSync on the same text agrees (code and line, or the same table)', async () => {
      const bytes = readFileSync(FILES + c.file);
      // Invalid UTF-8 cannot be held in a JS string without loss: the sync reader takes text only.
      if (c.file === 'invalid-utf8.csv') return;
      const text = bytes.toString('utf8');
      for (const onInvalid of ['throw', 'collect'] as const) {
        const expected = onInvalid === 'throw' ? c.strict : c.collect;
        let got: TransactionTable | ClvkitError;
        try {
          got = readTransactionsSync(text, { ...c.options, onInvalid });
        } catch (error) {
          expect(isClvkitError(error), String(error)).toBe(true);
          got = error as ClvkitError;
        }
        if ('code' in expected) {
          expect(got).toBeInstanceOf(ClvkitError);
          expect((got as ClvkitError).code).toBe(expected.code);
          expect((got as ClvkitError).details.line).toBe(expected.details.line);
        } else {
          expect(got).not.toBeInstanceOf(ClvkitError);
          expect((got as TransactionTable).stats).toEqual(expected.stats);
          if ('rejects' in expected) expect((got as TransactionTable).rejects).toEqual(expected.rejects);
        }
      }
    });
  });
});
