// Edge cases of ingestion that random generation rarely reaches: a 10 MB field, 100,000 columns,
// bare-CR and mixed line endings, truncated rows. Each case runs under a time limit and, for the
// large ones, with the heap measured after a forced collection. The comments marked FIXED name a
// bug found here (from the reliability report) and pinned by the test below it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read-table.js';
import { readTransactions, readTransactionsSync } from '../../src/io/read-transactions.js';
import { streamTransactions } from '../../src/io/stream-transactions.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import { FUZZ_SEED, MB, chunked, outcome, settledHeap } from './fuzz-helpers.js';

const HEADER = 'customer_id,date,amount';

describe('very large fields and records', () => {
  it('a 10 MB single field (a customer id) is read whole when the limits allow it, in bounded time and heap (by default: CSV_PARSE)', async () => {
    const big = 'x'.repeat(10 * MB);
    const bytes = Buffer.from(`${HEADER}\n${big},2024-01-05,1.00\nB,2024-01-06,2.00\n`);
    const refused = await outcome(() => readTransactions(chunked(bytes, [1 << 16, 1 << 20, 5 * MB])), 20_000);
    expect(refused.ok ? 'read' : refused.error.code).toBe('CSV_PARSE');
    const before = settledHeap();
    const limits = { maxFieldLength: 11 * MB, maxRecordLength: 11 * MB };
    const o = await outcome(() => readTransactions(chunked(bytes, [1 << 16, 1 << 20, 5 * MB]), limits), 20_000);
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    expect(o.value.stats).toEqual({ read: 2, accepted: 2, rejected: 0, negativeAmounts: 0 });
    expect(o.value.customerIds[0]!.length).toBe(10 * MB);
    // The result holds the 10 MB id (a one-byte string); anything beyond a few copies is a leak.
    expect(settledHeap() - before).toBeLessThan(80 * MB);
  });

  it('a 4 MB quoted field with embedded delimiters and newlines goes through csv-parse and is read whole (limits raised)', async () => {
    const big = 'a,b\n"c"'.repeat((4 * MB) / 8);
    const text = `${HEADER},note\nA,2024-01-05,1.00,"${big.replaceAll('"', '""')}"\n`;
    const options = { attributes: ['note'], maxFieldLength: 5 * MB, maxRecordLength: 5 * MB };
    const o = await outcome(() => readTransactions(chunked(Buffer.from(text), [1 << 20, 3 * MB]), options), 30_000);
    expect(o.ok).toBe(true);
    if (o.ok) expect(o.value.attributes.note!.values).toEqual([big]);
  });

  it('a 10 MB bad amount is rejected with its value truncated to 200 characters in the error', async () => {
    const o = await outcome(
      () => readTransactions({ text: `${HEADER}\nA,2024-01-05,${'9'.repeat(10 * MB)}x\n` }, { maxFieldLength: 11 * MB, maxRecordLength: 11 * MB }),
      20_000,
    );
    expect(o.ok).toBe(false);
    if (o.ok) return;
    expect(o.error.code).toBe('INVALID_NUMBER');
    expect(o.error.details.line).toBe(2);
    expect(String(o.error.details.value).length).toBeLessThanOrEqual(201);
    expect(o.error.message.length).toBeLessThan(400);
  });

  it('100,000 columns: the three needed are found; a row with one field fewer is rejected', async () => {
    const n = 100_000;
    const names = Array.from({ length: n }, (_, i) => `c${i}`);
    names[n - 3] = 'customer_id';
    names[7] = 'date';
    names[n - 1] = 'amount';
    const row = (id: string) => names.map((c) => (c === 'customer_id' ? id : c === 'date' ? '2024-01-05' : c === 'amount' ? '3.5' : '')).join(',');
    const text = `${names.join(',')}\n${row('A')}\n${row('B')}\n${row('C').slice(0, -4)}\n`;
    const before = settledHeap();
    const o = await outcome(() => readTransactions(chunked(Buffer.from(text), [1 << 16]), { onInvalid: 'collect' }), 20_000);
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    expect(o.value.stats).toEqual({ read: 3, accepted: 2, rejected: 1, negativeAmounts: 0 });
    expect(o.value.customerIds).toEqual(['A', 'B']);
    expect(o.value.rejects[0]).toMatchObject({ line: 4, code: 'INVALID_ROW', reason: `expected ${n} fields, found ${n - 1}` });
    expect(settledHeap() - before).toBeLessThan(100 * MB);
  });

  it('readTable with 100,000 header columns and one wanted column', async () => {
    const n = 100_000;
    const header = Array.from({ length: n }, (_, i) => `c${i}`).join(',');
    const row = Array.from({ length: n }, (_, i) => String(i)).join(',');
    const o = await outcome(() => readTable({ text: `${header}\n${row}\n` }, { columns: { last: { source: `c${n - 1}`, type: 'integer' } } }), 20_000);
    expect(o.ok).toBe(true);
    if (o.ok) expect([...(o.value.columns.last as Int32Array)]).toEqual([n - 1]);
  });
});

describe('truncated input', () => {
  it('a file cut at any byte ends in a ClvkitError or a result whose counts add up', async () => {
    const text = `${HEADER}\n"A, Ltd",2024-01-05,10.00\nB,20240106,-2\n"C ""q""",2024-01-07,3\nD€,2024-01-08,4\n`;
    const bytes = Buffer.from(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const o = await outcome(() => readTransactions(chunked(bytes.subarray(0, cut)), { onInvalid: 'collect' }), 5_000);
      if (o.ok) expect(o.value.stats.read).toBe(o.value.stats.accepted + o.value.stats.rejected);
      else expect(['EMPTY_INPUT', 'CSV_PARSE', 'MISSING_COLUMN']).toContain(o.error.code);
      // A cut inside the 3-byte "€" is invalid UTF-8, said so (not turned into U+FFFD).
      const euro = text.indexOf('€');
      const at = Buffer.byteLength(text.slice(0, euro));
      if (cut > at && cut < at + 3) expect(o.ok ? 'ok' : o.error.code).toBe('CSV_PARSE');
    }
  });
});

describe('line endings', () => {
  it('LF, CRLF and bare CR files give the same rows (streamed, the first line break in the first chunk)', async () => {
    const rows = ['A,2024-01-05,1', 'B,2024-01-06,2', 'C,2024-01-07,3'];
    for (const eol of ['\n', '\r\n', '\r']) {
      const t = await readTransactions(chunked(Buffer.from([HEADER, ...rows].join(eol) + eol), [30, 47]));
      expect(t.customerIds).toEqual(['A', 'B', 'C']);
      expect(t.stats.read).toBe(3);
    }
  });

  // FIXED: bare-CR files were detected only when the first CR fell inside the first chunk and was
  // not its last byte; a stream whose first chunk ended before the header's CR read the whole file
  // as one header line (MISSING_COLUMN). The line style now comes from the first line break,
  // whatever the chunking.
  it('a bare-CR file reads the same whatever the chunk boundaries', async () => {
    const text = `${HEADER}\rA,2024-01-05,1\rB,2024-01-06,2\r`;
    for (const cuts of [[5], [HEADER.length + 1], [HEADER.length]]) {
      const t = await readTransactions(chunked(Buffer.from(text), cuts));
      expect(t.customerIds).toEqual(['A', 'B']);
    }
  });

  // FIXED: readTransactionsSync on text with bare-CR line endings threw an untyped TypeError from
  // toTransactionBatch (an empty fast-path batch, decoded before the header was bound).
  it('readTransactionsSync reads bare-CR text like readTransactions does', () => {
    const t = readTransactionsSync(`${HEADER}\rA,2024-01-05,1\rB,2024-01-06,2\r`);
    expect(t.customerIds).toEqual(['A', 'B']);
  });

  // FIXED: once a quote sent the rest of a file to csv-parse, the record delimiter was fixed by the
  // first line break csv-parse saw, so a file mixing LF and CRLF lines lost row boundaries (rows B
  // and C merged: read 2, not 3). csv-parse now gets fixed record delimiters ('\r\n' and '\n').
  it('mixed LF / CRLF line endings read the same with and without a quoted field', async () => {
    const plain = `${HEADER}\nA,2024-01-05,1\r\nB,2024-01-05,2\nC,2024-01-05,3\r\n`;
    const quoted = `${HEADER}\n"A",2024-01-05,1\r\nB,2024-01-05,2\nC,2024-01-05,3\r\n`;
    const a = await readTransactions({ text: plain }, { onInvalid: 'collect' });
    const b = await readTransactions({ text: quoted }, { onInvalid: 'collect' });
    expect(a.stats).toEqual({ read: 3, accepted: 3, rejected: 0, negativeAmounts: 0 });
    expect(b.stats).toEqual(a.stats);
  });

  it('property: per-row LF or CRLF never changes the rows read (quoted ids)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('\n', '\r\n'), { minLength: 2, maxLength: 12 }), async (eols) => {
        const text = HEADER + '\n' + eols.map((eol, i) => `"C${i}",2024-01-05,${i}${eol}`).join('');
        const t = await readTransactions({ text }, { onInvalid: 'collect' });
        expect(t.stats).toEqual({ read: eols.length, accepted: eols.length, rejected: 0, negativeAmounts: 0 });
      }),
      { seed: FUZZ_SEED + 10, numRuns: 50 },
    );
  });
});

describe('line numbers of rejected rows', () => {
  it('property: a reject names the file line its row starts on, whatever the line ends, quoted line breaks, blank lines and chunking', async () => {
    const rowArb = fc.record({
      eol: fc.constantFrom('\n', '\r\n'),
      inner: fc.constantFrom('', '\n', '\r\n', '\n\r\n'),
      blank: fc.constantFrom('', '\n', '\r\n'),
      bad: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 10 }), fc.array(fc.nat(400), { maxLength: 4 }), async (rows, cuts) => {
        // The quoted line breaks sit in a text column (an id may not hold control characters).
        let text = `${HEADER},note\n`;
        let line = 2;
        const badLines: number[] = [];
        rows.forEach((r, i) => {
          if (r.bad) badLines.push(line);
          text += `C${i},2024-01-05,${r.bad ? 'oops' : i},"n${r.inner}x"${r.eol}${r.blank}`;
          line += 1 + (r.inner.match(/\n/g) ?? []).length + (r.blank === '' ? 0 : 1);
        });
        const streamed = await readTransactions(chunked(Buffer.from(text), cuts), { onInvalid: 'collect', attributes: ['note'] });
        const sync = readTransactionsSync(text, { onInvalid: 'collect', attributes: ['note'] });
        expect(streamed.rejects.map((r) => r.line)).toEqual(badLines);
        expect(sync.rejects.map((r) => r.line)).toEqual(badLines);
        expect(streamed.stats.read).toBe(rows.length);
      }),
      { seed: FUZZ_SEED + 11, numRuns: 100 },
    );
  });
});

describe('error messages of malformed CSV', () => {
  // FIXED: CSV_PARSE messages embedded csv-parse's own line number, counted from where csv-parse
  // took over: stray quote on file line 3 → "... got "0" at line 1 ..." with details.line 3.
  it('the message names no line other than details.line', async () => {
    const o = await outcome(() => readTransactions({ text: `${HEADER}\nA,2024-01-05,10.00\nB,2024-01-06,"2"0.00\n` }));
    expect(o.ok).toBe(false);
    if (o.ok) return;
    const mentioned = [...o.error.message.matchAll(/line (\d+)/g)].map((m) => Number(m[1]));
    expect(new Set(mentioned)).toEqual(new Set([o.error.details.line]));
  });
});

describe('dates with trailing text', () => {
  // FIXED: any text after a space or a 'T' was accepted ("2024-01-05 garbage", "2024-01-05Tfoo"
  // read as 2024-01-05). Only a time of day is accepted now.
  it('a date followed by text that is not a time is rejected', () => {
    const t = readTransactionsSync(`${HEADER}\nA,2024-01-05 garbage,1\n`, { onInvalid: 'collect' });
    expect(t.stats.rejected).toBe(1);
  });
});

describe('summarizeCustomers over a stream that fails midway', () => {
  it('propagates the reader error (typed) and leaves the stats consistent', async () => {
    const text = `${HEADER}\n${Array.from({ length: 5000 }, (_, i) => `C${i % 50},2024-01-${String((i % 28) + 1).padStart(2, '0')},1`).join('\n')}\nZ,2024-01-05,"1\n`;
    const stream = streamTransactions(chunked(Buffer.from(text), [4096, 20_000]));
    const o = await outcome(() => summarizeCustomers(stream, { observationEnd: '2024-12-31', timeUnit: 'day' }));
    expect(o.ok).toBe(false);
    if (o.ok) return;
    expect(o.error.code).toBe('CSV_PARSE');
    expect(stream.stats.read).toBe(stream.stats.accepted + stream.stats.rejected);
  });
});
