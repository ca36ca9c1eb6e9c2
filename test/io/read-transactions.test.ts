import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ClvkitError } from '../../src/errors.js';
import { readTransactions, readTransactionsSync } from '../../src/io/read-transactions.js';
import type { IngestProgress } from '../../src/io/ingest-options.js';
import { MAX_AMOUNT } from '../../src/io/record-decoder.js';
import type { TransactionTable } from '../../src/io/transaction-table.js';
import { epochDay } from '../../src/time.js';
import type { Displayed } from '../../src/display/with-display.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/io/${name}`, import.meta.url));
const csv = (lines: string[], header = 'customer_id,date,amount'): string => [header, ...lines].join('\n');

async function caught(p: Promise<unknown>): Promise<ClvkitError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ClvkitError) return e;
    throw e;
  }
  throw new Error('expected a ClvkitError');
}

function syncCaught(f: () => unknown): ClvkitError {
  try {
    f();
  } catch (e) {
    if (e instanceof ClvkitError) return e;
    throw e;
  }
  throw new Error('expected a ClvkitError');
}

function expectStatsAddUp(t: TransactionTable): void {
  expect(t.stats.read).toBe(t.stats.accepted + t.stats.rejected);
  expect(t.length).toBe(t.stats.accepted);
  expect(t.rejects.length).toBe(t.stats.rejected);
}

describe('readTransactions: worked example', () => {
  it('reads a CSV into dictionary-encoded typed columns', async () => {
    const t = await readTransactions({ text: csv(['A,1997-01-01,9.50', 'B,19970102,-2', 'A,1997-01-03T10:00:00Z,3']) });
    expect(t.length).toBe(3);
    expect(t.customerIds).toEqual(['A', 'B']);
    expect([...t.customer]).toEqual([0, 1, 0]);
    expect([...t.day]).toEqual([epochDay(1997, 1, 1), epochDay(1997, 1, 2), epochDay(1997, 1, 3)]);
    expect([...t.amount]).toEqual([9.5, -2, 3]);
    expect(t.stats).toEqual({ read: 3, accepted: 3, rejected: 0, negativeAmounts: 1 });
    expect(t.customer).toBeInstanceOf(Uint32Array);
    expect(t.day).toBeInstanceOf(Int32Array);
    expect(t.amount).toBeInstanceOf(Float64Array);
    expectTypeOf(t).toEqualTypeOf<Displayed<TransactionTable>>();
  });

  it('keeps attributes as dictionary columns (list or renamed)', async () => {
    const text = csv(['A,1997-01-01,1,cd,web', 'B,1997-01-01,2,dvd,web', 'A,1997-01-02,3,cd,shop'], 'customer_id,date,amount,product,channel');
    const t = await readTransactions({ text }, { attributes: ['product'] });
    expect(t.attributes.product).toEqual({ values: ['cd', 'dvd'], codes: new Uint32Array([0, 1, 0]) });
    const u = readTransactionsSync(text, { attributes: { via: 'channel', col: 3 } });
    expect(u.attributes.via!.values).toEqual(['web', 'shop']);
    expect([...u.attributes.col!.codes]).toEqual([0, 1, 0]);
  });

  it('maps columns by name or by 0-based index without a header', () => {
    const t = readTransactionsSync(csv(['x,A,9,1997-01-01'], 'skip,id,amt,when'), { columns: { customerId: 'id', date: 'when', amount: 'amt' } });
    expect([t.customerIds[0], t.amount[0], t.day[0]]).toEqual(['A', 9, epochDay(1997, 1, 1)]);
    const u = readTransactionsSync('A,1997-01-01,9\nB,1997-01-02,4', { header: false, columns: { customerId: 0, date: 1, amount: 2 } });
    expect(u.customerIds).toEqual(['A', 'B']);
    expect(u.stats.read).toBe(2);
  });
});

describe('readTransactions: dates', () => {
  const day = epochDay(1997, 3, 7);
  it.each([
    ['auto', '1997-03-07'],
    ['auto', '19970307'],
    ['auto', '1997-03-07 23:59:59'],
    ['auto', '1997-03-07T23:30:00-05:00'], // the date as written, not converted to UTC
    ['DD/MM/YYYY', '07/03/1997 09:15'],
    ['DD/MM/YYYY', '07/03/1997'],
    ['DD/MM/YYYY', '7/3/1997'],
    ['MM/DD/YYYY', '03/07/1997'],
    ['YYYY/MM/DD', '1997/03/07'],
    ['DD.MM.YYYY', '07.03.1997'],
    ['DD-MM-YYYY', '07-03-1997'],
    ['YYYYMMDD', '19970307'],
  ])('%s reads %s', (dateFormat, text) => {
    expect(readTransactionsSync(csv([`A,${text},1`]), { dateFormat }).day[0]).toBe(day);
  });

  it.each([
    ['auto', '1997-02-30'],
    ['auto', '1997-13-01'],
    ['auto', '19970230'],
    ['auto', '1997-2-3'],
    ['auto', '07/03/1997'],
    ['auto', ''],
    ['auto', '1997-03-07 garbage'],
    ['auto', '1997-03-07Tfoo'],
    ['auto', '1997-03-07 25:00'],
    ['DD/MM/YYYY', '07/03/1997 x'],
    ['DD/MM/YYYY', '29/02/1997'],
    ['DD/MM/YYYY', '1997-03-07'],
    ['MM/DD/YYYY', '13/01/1997'],
  ])('%s rejects %j with INVALID_DATE', (dateFormat, text) => {
    const e = syncCaught(() => readTransactionsSync(csv([`A,${text},1`]), { dateFormat }));
    expect(e.code).toBe('INVALID_DATE');
    expect(e.details).toMatchObject({ fn: 'readTransactionsSync', line: 2, column: 'date', value: text });
  });

  it('accepts 29 February in leap years only', () => {
    expect(readTransactionsSync(csv(['A,2000-02-29,1', 'A,2024-02-29,1'])).length).toBe(2);
    expect(syncCaught(() => readTransactionsSync(csv(['A,1900-02-29,1']))).code).toBe('INVALID_DATE');
  });

  it('rejects a bad dateFormat option', () => {
    expect(syncCaught(() => readTransactionsSync(csv([]), { dateFormat: 'DD/MM/YY' })).code).toBe('INVALID_OPTIONS');
    expect(syncCaught(() => readTransactionsSync(csv([]), { dateFormat: 'DD/DD/YYYY' })).code).toBe('INVALID_OPTIONS');
  });
});

describe('readTransactions: amounts', () => {
  it.each([
    ['0', 0],
    ['-12.5', -12.5],
    ['+3', 3],
    ['0.1', 0.1],
    ['123456789.123456789', 123456789.123456789],
    ['29.33', 29.33],
  ])('reads %s', (text, value) => {
    expect(readTransactionsSync(csv([`A,1997-01-01,${text}`])).amount[0]).toBe(value);
  });

  it.each(['', ' 1', '1e3', '1e999', 'NaN', 'Infinity', '1,000', '1.', '.5', '--1', '12a', '0x10', `1${'0'.repeat(400)}`])(
    'rejects %j with INVALID_NUMBER',
    (text) => {
      const e = syncCaught(() => readTransactionsSync(csv([`A,1997-01-01,"${text}"`])));
      expect(e.code).toBe('INVALID_NUMBER');
      expect(e.details).toMatchObject({ line: 2, column: 'amount' });
      expect(String(e.details.value).slice(0, 200)).toBe(text.slice(0, 200));
    },
  );

  it('caps amounts at ±1e15 (MAX_AMOUNT): beyond, INVALID_NUMBER in CSV and object rows', () => {
    expect(MAX_AMOUNT).toBe(1e15);
    const t = readTransactionsSync(
      csv([
        'A,1997-01-01,1000000000000000',
        'A,1997-01-01,-1000000000000000.00',
        'B,1997-01-01,1000000000000000.5',
        `C,1997-01-01,${'9'.repeat(308)}`,
        'D,1997-01-01,-1000000000000001',
      ]),
      { onInvalid: 'collect' },
    );
    expect([...t.amount]).toEqual([1e15, -1e15]);
    expect(t.rejects.map((r) => [r.line, r.code, r.reason])).toEqual(
      [4, 5, 6].map((line) => [line, 'INVALID_NUMBER', 'amount beyond ±1e15 (no real transaction is that large)']),
    );
    const o = readTransactionsSync(
      [
        { customer_id: 'A', date: '1997-01-01', amount: 1e308 },
        { customer_id: 'A', date: '1997-01-01', amount: '2e15' },
        { customer_id: 'A', date: '1997-01-01', amount: -1e15 },
      ],
      { onInvalid: 'collect' },
    );
    expect(o.rejects.map((r) => [r.line, r.code])).toEqual([
      [1, 'INVALID_NUMBER'],
      [2, 'INVALID_NUMBER'],
    ]);
    expect([...o.amount]).toEqual([-1e15]);
  });

  it('reads decimal commas and, when asked, thousands separators', () => {
    const t = readTransactionsSync('customer_id;date;amount\nA;1997-01-01;12,50\nB;1997-01-01;-0,5', { delimiter: ';', decimal: ',' });
    expect([...t.amount]).toEqual([12.5, -0.5]);
    const u = readTransactionsSync(csv(['A,1997-01-01,"1,234,567.25"']), { thousands: ',' });
    expect(u.amount[0]).toBe(1234567.25);
    expect(syncCaught(() => readTransactionsSync(csv(['A,1997-01-01,"12,34"']), { thousands: ',' })).code).toBe('INVALID_NUMBER');
    expect(syncCaught(() => readTransactionsSync(csv([]), { decimal: ',', thousands: ',' })).code).toBe('INVALID_OPTIONS');
  });

  it('counts negative amounts and keeps them', () => {
    const t = readTransactionsSync(csv(['A,1997-01-01,-1', 'A,1997-01-02,2', 'B,1997-01-02,-3.5']));
    expect(t.stats.negativeAmounts).toBe(2);
    expect(t.length).toBe(3);
  });
});

describe('readTransactions: CSV dialects', () => {
  it('handles CRLF, BOM, quoted fields with delimiters, quotes and newlines', async () => {
    const text = '\uFEFFcustomer_id,date,amount\r\n"A,1",1997-01-01,"1.5"\r\n"say ""hi""\nthere",1997-01-02,2\r\nC,1997-01-03,3\r\n';
    // A line break inside a quoted id is a control character: the row is rejected (line 3), not kept.
    const collect = { onInvalid: 'collect' } as const;
    for (const t of [readTransactionsSync(text, collect), await readTransactions({ text }, collect)]) {
      expect(t.customerIds).toEqual(['A,1', 'C']);
      expect([...t.amount]).toEqual([1.5, 3]);
      expect(t.rejects.map((r) => [r.line, r.code, r.reason])).toEqual([[3, 'INVALID_ROW', 'customerId contains a control character (U+000A)']]);
    }
    const t = await readTransactions({ text: `${text}D,1997-02-30,1\r\n` }, collect);
    expect(t.rejects[1]!.line).toBe(6); // the quoted newline takes a line
  });

  it.each([',', ';', '\t', '|'] as const)('reads delimiter %j', (delimiter) => {
    const t = readTransactionsSync(['customer_id', 'date', 'amount'].join(delimiter) + '\n' + ['A', '1997-01-01', '4'].join(delimiter), { delimiter });
    expect([t.customerIds[0], t.amount[0]]).toEqual(['A', 4]);
  });

  it('reads a semicolon-separated European export with decimal commas, CRLF and quotes (fixture)', async () => {
    const t = await readTransactions(fixture('european.csv'), {
      delimiter: ';',
      decimal: ',',
      thousands: '.',
      dateFormat: 'DD/MM/YYYY',
      attributes: ['channel'],
    });
    expect(t.customerIds).toEqual(['A;1', 'B']);
    expect([...t.amount]).toEqual([1234.5, -3.5]);
    expect([...t.day]).toEqual([epochDay(1997, 2, 1), epochDay(1997, 2, 28)]);
    expect(t.attributes.channel!.values).toEqual(['web', 'branch']);
  });

  it('skips blank lines (they are not rows) but keeps line numbers', () => {
    const t = readTransactionsSync(csv(['A,1997-01-01,1', '', 'B,1997-13-01,1', '']), { onInvalid: 'collect' });
    expect(t.stats).toMatchObject({ read: 2, accepted: 1, rejected: 1 });
    expect(t.rejects[0]!.line).toBe(4);
  });
});

describe('readTransactions: bad rows', () => {
  const bad = csv([
    'A,1997-01-01,1', // line 2 ok
    'B,1997-01-01', // 3: too few fields
    ',1997-01-01,1', // 4: empty id
    'C,1997-02-30,1', // 5: impossible date
    'D,1997-01-01,abc', // 6: bad number
    'E,1997-01-01,1,extra', // 7: too many fields
    'F,1997-01-02,2', // 8 ok
  ]);
  const expected = [
    { line: 3, code: 'INVALID_ROW', raw: ['B', '1997-01-01'] },
    { line: 4, code: 'INVALID_ROW', column: 'customer_id', value: '' },
    { line: 5, code: 'INVALID_DATE', column: 'date', value: '1997-02-30' },
    { line: 6, code: 'INVALID_NUMBER', column: 'amount', value: 'abc' },
    { line: 7, code: 'INVALID_ROW', raw: ['E', '1997-01-01', '1', 'extra'] },
  ];

  it('collect mode rejects each bad row with code, line, column and value; stats add up', async () => {
    for (const t of [readTransactionsSync(bad, { onInvalid: 'collect' }), await readTransactions({ text: bad }, { onInvalid: 'collect' })]) {
      expect(t.rejects).toMatchObject(expected);
      expect(t.stats).toEqual({ read: 7, accepted: 2, rejected: 5, negativeAmounts: 0 });
      expect(t.customerIds).toEqual(['A', 'F']);
      expectStatsAddUp(t);
    }
  });

  it('throw mode throws at the first bad row with file, line, column and value', async () => {
    const e = await caught(readTransactions({ text: bad }, { file: 'bank.csv' }));
    expect(e.code).toBe('INVALID_ROW');
    expect(e.details).toMatchObject({ fn: 'readTransactions', file: 'bank.csv', line: 3 });
    expect(e.message).toContain('bank.csv, line 3');
    for (const [i, row] of expected.entries()) {
      const lines = bad.split('\n');
      const only = [lines[0]!, ...Array.from({ length: row.line - 2 }, () => 'ok,1997-01-01,1'), lines[row.line - 1]!].join('\n');
      const err = syncCaught(() => readTransactionsSync(only));
      expect(err.code, `row ${i}`).toBe(row.code);
      expect(err.details.line).toBe(row.line);
      if ('column' in row) expect(err.details).toMatchObject({ column: row.column, value: row.value });
    }
  });

  it('MISSING_COLUMN when a mapped column is not in the header', async () => {
    const e = await caught(readTransactions({ text: 'id,date,amount\nA,1997-01-01,1' }));
    expect(e.code).toBe('MISSING_COLUMN');
    expect(e.details).toMatchObject({ column: 'customer_id', line: 1 });
    expect(syncCaught(() => readTransactionsSync('id,date,amount', { attributes: ['channel'] })).code).toBe('MISSING_COLUMN');
    expect(syncCaught(() => readTransactionsSync('A,1997-01-01', { header: false, columns: { customerId: 0, date: 1, amount: 2 } })).code).toBe(
      'MISSING_COLUMN',
    );
  });

  it('CSV_PARSE for an unclosed quote (both modes) with its line', async () => {
    const text = csv(['A,1997-01-01,1', 'B,"1997-01-02,2', 'C,1997-01-03,3']);
    for (const onInvalid of ['throw', 'collect'] as const) {
      const e = await caught(readTransactions({ text }, { onInvalid }));
      expect(e.code).toBe('CSV_PARSE');
      expect(e.details.line).toBe(3); // where the quote opened
      expect(syncCaught(() => readTransactionsSync(text, { onInvalid })).details.line).toBe(3);
    }
    expect((await caught(readTransactions({ text: csv(['A,19"97,1']) }))).code).toBe('CSV_PARSE');
  });

  it('CSV_PARSE for invalid UTF-8, with the line', async () => {
    const bytes = Buffer.concat([Buffer.from('customer_id,date,amount\nA,1997-01-01,1\nB'), Buffer.from([0xff, 0xfe]), Buffer.from(',1997-01-01,1\n')]);
    const e = await caught(readTransactions(Readable.from([bytes])));
    expect(e.code).toBe('CSV_PARSE');
    expect(e.details.line).toBe(3);
    // A multi-byte character split across chunks is fine.
    const euro = Buffer.from('customer_id,date,amount\n€uro,1997-01-01,1\n');
    const t = await readTransactions(Readable.from([euro.subarray(0, 25), euro.subarray(25)]));
    expect(t.customerIds).toEqual(['€uro']);
  });

  it('EMPTY_INPUT for an empty file; a header-only file is an empty table (stats 0/0/0)', async () => {
    expect((await caught(readTransactions(fixture('empty.csv')))).code).toBe('EMPTY_INPUT');
    expect(syncCaught(() => readTransactionsSync('')).code).toBe('EMPTY_INPUT');
    const t = await readTransactions(fixture('header-only.csv'));
    expect(t.length).toBe(0);
    expect(t.stats).toEqual({ read: 0, accepted: 0, rejected: 0, negativeAmounts: 0 });
  });

  it('IO_ERROR for a missing file, INVALID_OPTIONS for bad options or source', async () => {
    expect((await caught(readTransactions(fixture('nope.csv')))).code).toBe('IO_ERROR');
    expect((await caught(readTransactions({ text: '' }, { delimiter: '#' } as never))).code).toBe('INVALID_OPTIONS');
    expect((await caught(readTransactions(42 as never))).code).toBe('INVALID_OPTIONS');
    expect(syncCaught(() => readTransactionsSync(new Set() as never)).code).toBe('INVALID_OPTIONS');
    expect(syncCaught(() => readTransactionsSync('', { attributes: ['amount', 'amount'] })).code).toBe('INVALID_OPTIONS');
  });
});

describe('readTransactions: sources', () => {
  const rows = [
    { customer_id: 'A', date: '1997-01-01', amount: 10 },
    { customer_id: 7, date: 19970105, amount: '5.5' },
    { customer_id: 'B', date: new Date(Date.UTC(1997, 0, 3, 23, 59)), amount: 7 },
  ];

  it('an array of objects (sync and async), with each value kind', async () => {
    for (const t of [readTransactionsSync(rows), await readTransactions(rows)]) {
      expect(t.customerIds).toEqual(['A', '7', 'B']);
      expect([...t.day]).toEqual([epochDay(1997, 1, 1), epochDay(1997, 1, 5), epochDay(1997, 1, 3)]);
      expect([...t.amount]).toEqual([10, 5.5, 7]);
    }
  });

  it('object rows are validated with the same codes', () => {
    const t = readTransactionsSync(
      [
        { customer_id: 'A', date: '1997-01-01', amount: Number.NaN },
        { date: '1997-01-01', amount: 1 },
        { customer_id: 'A', date: 'x', amount: 1 },
        null as never,
        { customer_id: 'A', date: {}, amount: 1 },
      ],
      { onInvalid: 'collect' },
    );
    expect(t.rejects.map((r) => [r.line, r.code])).toEqual([
      [1, 'INVALID_NUMBER'],
      [2, 'INVALID_ROW'],
      [3, 'INVALID_DATE'],
      [4, 'INVALID_ROW'],
      [5, 'INVALID_DATE'],
    ]);
    expectStatsAddUp(t);
  });

  it('a sync iterable and an async iterable of objects', async () => {
    function* gen(): Generator<Record<string, unknown>> {
      yield* rows;
    }
    async function* agen(): AsyncGenerator<Record<string, unknown>> {
      yield* rows;
    }
    expect((await readTransactions(gen())).length).toBe(3);
    expect((await readTransactions(agen())).length).toBe(3);
    expect((await readTransactions(Readable.from(rows))).length).toBe(3);
  });

  it('a Readable of bytes, an async iterable of string chunks split mid-row', async () => {
    const text = csv(['A,19970101,10', 'A,19970105,5.5', 'B,19970103,7']);
    const a = await readTransactions(Readable.from([Buffer.from(text)]));
    async function* chunks(): AsyncGenerator<string> {
      for (let i = 0; i < text.length; i += 7) yield text.slice(i, i + 7);
    }
    const b = await readTransactions(chunks());
    expect(b.customerIds).toEqual(a.customerIds);
    expect(b.amount).toEqual(a.amount);
    expect(b.day).toEqual(a.day);
  });

  it('a gzipped file, by path or { path }', async () => {
    for (const t of [await readTransactions(fixture('small.csv.gz')), await readTransactions({ path: fixture('small.csv.gz') })]) {
      expect(t.customerIds).toEqual(['A', 'B']);
      expect([...t.amount]).toEqual([10, 5.5, 7]);
    }
  });

  it('reports progress at the end, with bytes and the file size', async () => {
    const calls: IngestProgress[] = [];
    await readTransactions(fixture('small.csv.gz'), { onProgress: (p) => calls.push(p) });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ rows: 3 });
    expect(calls[0]!.totalBytes).toBeGreaterThan(0);
    expect(calls[0]!.bytes).toBe(calls[0]!.totalBytes);
    const many: IngestProgress[] = [];
    const big = csv(Array.from({ length: 250_000 }, (_, i) => `c${i % 1000},1997-01-01,1`));
    const pieces = Array.from({ length: Math.ceil(big.length / 65536) }, (_, i) => Buffer.from(big.slice(i * 65536, (i + 1) * 65536)));
    await readTransactions(Readable.from(pieces), { onProgress: (p) => many.push(p) });
    expect(many).toHaveLength(3); // about every 100,000 rows, then once at the end
    expect(many[0]!.rows).toBeGreaterThanOrEqual(100_000);
    expect(many[0]!.rows).toBeLessThan(110_000);
    expect(many.at(-1)).toEqual({ rows: 250_000, bytes: Buffer.byteLength(big), totalBytes: undefined });
  });
});

describe('readTransactions: fast path and csv-parse agree', () => {
  it('gives the same table whether or not a quote sends the input through csv-parse', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `c${(i * 7919) % 211},199${7 + (i % 2)}-0${1 + (i % 9)}-1${i % 10},${(i % 500) / 4 - 20}`);
    const plain = csv(lines);
    const quoted = csv(['"c0",1997-01-01,1', ...lines]); // the first row has a quote: everything after goes through csv-parse
    const late = csv([...lines.slice(0, 1500), '"q",1997-01-01,1', ...lines.slice(1500)]);
    const a = await readTransactions({ text: plain });
    const b = await readTransactions({ text: quoted });
    const c = readTransactionsSync(late);
    expect([...b.amount].slice(1)).toEqual([...a.amount]);
    expect([...b.day].slice(1)).toEqual([...a.day]);
    expect([...c.amount.slice(0, 1500), ...c.amount.slice(1501)]).toEqual([...a.amount]);
  });
});

describe('readTransactions: size limits (maxFieldLength, maxRecordLength)', () => {
  it('reading /dev/zero (no line break, ever) fails fast with CSV_PARSE instead of growing without bound', async () => {
    const started = Date.now();
    await expect(readTransactions('/dev/zero')).rejects.toMatchObject({ code: 'CSV_PARSE', details: { file: '/dev/zero', line: 1 } });
    expect(Date.now() - started).toBeLessThan(5_000);
    // A smaller limit fails sooner; the message names the option.
    await expect(readTransactions('/dev/zero', { maxRecordLength: 1000 })).rejects.toThrow(/longer than 1000 characters \(option maxRecordLength\)/);
  });

  it('a 5 MB customer id is rejected (a record limit in the stream, a field limit per value), never stored', async () => {
    const big = 'x'.repeat(5_000_000);
    const text = `customer_id,date,amount\nA,2024-01-01,5\n${big},2024-01-02,5\n`;
    expect(() => readTransactionsSync(text)).toThrowError(expect.objectContaining({ code: 'CSV_PARSE', details: expect.objectContaining({ line: 3 }) }));
    await expect(readTransactions({ text })).rejects.toMatchObject({ code: 'CSV_PARSE', details: { line: 3 } });
    await expect(readTransactions({ text: text.replace(big, `"${big}"`) })).rejects.toMatchObject({ code: 'CSV_PARSE' });
    // With a record limit raised, the field limit rejects the row (collect keeps reading).
    const t = await readTransactions({ text }, { maxRecordLength: 10_000_000, onInvalid: 'collect' });
    expect(t.customerIds).toEqual(['A']);
    expect(t.rejects.map((r) => [r.line, r.code, r.reason])).toEqual([[3, 'INVALID_ROW', 'customerId longer than 65536 characters (option maxFieldLength)']]);
    expect(String(t.rejects[0]!.value).length).toBeLessThanOrEqual(5_000_000);
    // A configurable field limit, for object rows too.
    const small = readTransactionsSync([{ customer_id: 'ABCDEFGHIJK', date: '2024-01-01', amount: 1 }], { maxFieldLength: 10, onInvalid: 'collect' });
    expect(small.rejects[0]!.reason).toBe('customerId longer than 10 characters (option maxFieldLength)');
  });

  it('limits are validated options', () => {
    for (const bad of [{ maxFieldLength: 0 }, { maxRecordLength: -1 }, { maxFieldLength: 1.5 }, { maxRecordLength: 2 ** 31 }]) {
      expect(() => readTransactionsSync('customer_id,date,amount\n', bad)).toThrowError(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    }
  });

  it('a MISSING_COLUMN message quotes at most ~300 characters of a 10 MB header', () => {
    const header = `${'h'.repeat(10_000_000)},customer_id,date`;
    try {
      readTransactionsSync(`${header}\nA,2024-01-01\n`, { maxRecordLength: 20_000_000 });
      expect.unreachable();
    } catch (e) {
      expect((e as ClvkitError).code).toBe('MISSING_COLUMN');
      expect((e as Error).message.length).toBeLessThan(600);
      expect((e as Error).message).toContain(`[${'h'.repeat(40)}…, customer_id, date]`);
    }
    const many = Array.from({ length: 5000 }, (_, i) => `column_${i}`).join(',');
    expect(() => readTransactionsSync(`${many}\n`)).toThrowError(/column_0, column_1, .*, … \(5000 columns\)\]/);
    expect(() => readTransactionsSync(`${many}\n`)).toThrowError(expect.objectContaining({ message: expect.stringMatching(/^.{0,500}$/s) }));
  });
});

describe('readTransactions: an async source yielding something other than text or bytes', () => {
  it('a number, null or an object after CSV text chunks is INVALID_VALUE naming the chunk, not a TypeError', async () => {
    for (const bad of [42, null, { not: 'bytes' }, [1, 2]]) {
      async function* chunks(): AsyncGenerator<unknown> {
        yield 'customer_id,date,amount\n';
        yield 'A,2024-01-01,5\n';
        yield bad;
      }
      await expect(readTransactions(chunks() as AsyncIterable<string>)).rejects.toMatchObject({ code: 'INVALID_VALUE', details: { index: 2 } });
    }
  });
});
