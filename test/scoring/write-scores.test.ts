import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ClvkitError } from '../../src/errors.js';
import { bookFirstPurchaseDay } from '../../src/scoring/book-first-purchase-day.js';
import { scoreCustomers } from '../../src/scoring/score-customers.js';
import { scoreStream } from '../../src/scoring/score-stream.js';
import { scoreRecordsToCsv } from '../../src/scoring/score-records-csv.js';
import { writeScoresCsv, writeScoresJsonl } from '../../src/scoring/write-scores.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';

describe('writeScoresCsv / writeScoresJsonl', () => {
  const book = simulateBank({ customers: 600, months: 24, seed: 5 });
  const scores = scoreCustomers(book, {});
  const firstPurchaseDay = bookFirstPurchaseDay(book, book.endDate);
  const dir = mkdtempSync(join(tmpdir(), 'clvkit-write-scores-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('streams CSV to a file equal to toCsv()', async () => {
    const path = join(dir, 'scores.csv');
    const written = await writeScoresCsv(scoreStream(scores.model, book, { chunkSize: 250, firstPurchaseDay }), path);
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(scores.toCsv());
    expect(written).toEqual({ customers: 600, chunks: 3, bytes: Buffer.byteLength(text) });
  });

  it('writes the same file with threads 1, 2 and auto, for a whole result and a stream; refuses other options', async () => {
    const texts: string[] = [];
    for (const threads of [1, 2, 'auto'] as const) {
      const path = join(dir, `threads-${threads}.csv`);
      await writeScoresCsv(scores, path, { threads });
      texts.push(readFileSync(path, 'utf8'));
      await writeScoresCsv(scoreStream(scores.model, book, { chunkSize: 250, firstPurchaseDay }), path, { threads });
      texts.push(readFileSync(path, 'utf8'));
    }
    for (const text of texts) expect(text).toBe(scores.toCsv());
    await expect(writeScoresCsv(scores, join(dir, 'x.csv'), { threads: 3 as never })).rejects.toThrow(/INVALID_OPTIONS|threads/);
    await expect(writeScoresCsv(scores, join(dir, 'x.csv'), { thread: 2 } as never)).rejects.toThrow(/thread/);
  });

  it('writes a record chunk larger than a pass (8,192 records) in passes, the same bytes', async () => {
    const records = scores.toRecords();
    const many = Array.from({ length: 15 }, () => records).flat();
    const parts: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        parts.push(Buffer.from(chunk));
        done();
      },
    });
    const written = await writeScoresCsv([many], sink, { threads: 1 });
    expect(written.customers).toBe(9000);
    expect(Buffer.concat(parts).toString('utf8') === scoreRecordsToCsv(many)).toBe(true);
  });

  it('writes a whole CustomerScores from its columns, equal to toCsv(), with backpressure', async () => {
    const path = join(dir, 'all.csv');
    const written = await writeScoresCsv(scores, path);
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(scores.toCsv());
    expect(written).toEqual({ customers: 600, chunks: 1, bytes: Buffer.byteLength(text) });
    const parts: Buffer[] = [];
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _e, done) {
        parts.push(Buffer.from(chunk));
        setImmediate(done);
      },
    });
    await writeScoresCsv(scores, slow);
    expect(Buffer.concat(parts).toString('utf8')).toBe(text);
  });

  it('a failed write leaves an existing file as it was and no partial file; a device is written through', async () => {
    const path = join(dir, 'kept.csv');
    writeFileSync(path, 'old\n');
    async function* failing() {
      yield scores.toRecords().slice(0, 5);
      throw new ClvkitError('INVALID_VALUE', 'boom', { fn: 'test' });
    }
    await expect(writeScoresCsv(failing(), path)).rejects.toThrow(/boom/);
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(readdirSync(dir).filter((f) => f.includes('kept'))).toEqual(['kept.csv']);
    expect((await writeScoresCsv([scores.toRecords().slice(0, 3)], '/dev/null')).customers).toBe(3);
  });

  it('streams JSON lines equal to the records, to a Writable with backpressure', async () => {
    const parts: Buffer[] = [];
    const sink = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _e, done) {
        parts.push(chunk);
        setImmediate(done);
      },
    });
    const written = await writeScoresJsonl(scoreStream(scores.model, book, { chunkSize: 100, firstPurchaseDay }), sink);
    const lines = Buffer.concat(parts).toString('utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(JSON.parse(JSON.stringify(scores.toRecords())));
    expect(written.customers).toBe(600);
    expect(written.chunks).toBe(6);
  });

  it('rejects a bad source or target, and reports a failing stream', async () => {
    await expect(writeScoresCsv(42 as never, join(dir, 'x.csv'))).rejects.toBeInstanceOf(ClvkitError);
    await expect(writeScoresCsv([[]], 42 as never)).rejects.toMatchObject({ code: 'INVALID_VALUE' });
    await expect(writeScoresCsv([42 as never], join(dir, 'y.csv'))).rejects.toMatchObject({ code: 'INVALID_VALUE', details: { chunk: 0 } });
    await expect(writeScoresCsv([[]], join(dir, 'no/such/dir/z.csv'))).rejects.toMatchObject({ code: 'IO_ERROR' });
  });
});

describe('writeScoresCsv backpressure', () => {
  it('waits for drain on every chunk without piling up listeners', async () => {
    const record = scoreCustomers(simulateBank({ customers: 200, months: 24, seed: 5 }), {}).toRecords()[0]!;
    const sink = new Writable({
      highWaterMark: 16,
      write(_chunk, _e, done) {
        setImmediate(done);
      },
    });
    const chunks = Array.from({ length: 30 }, () => [record]);
    const written = await writeScoresCsv(chunks, sink);
    expect(written.chunks).toBe(30);
    expect(sink.listenerCount('error')).toBe(0);
    expect(sink.listenerCount('drain')).toBe(0);
  });
});
