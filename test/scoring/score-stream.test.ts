import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { readBook } from '../../src/book/read-book.js';
import type { Book } from '../../src/book/book.js';
import { ClvkitError } from '../../src/errors.js';
import { bookFirstPurchaseDay } from '../../src/scoring/book-first-purchase-day.js';
import type { CustomerScoreRecord, ScoringInput } from '../../src/scoring/customer-scores.js';
import { applyScoringModel, scoreCustomers } from '../../src/scoring/score-customers.js';
import { scoreStream, STREAM_ANCHOR_ID } from '../../src/scoring/score-stream.js';
import type { ScoringModel } from '../../src/scoring/scoring-model.js';
import { bookChunks } from '../../src/scoring/book-chunks.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function collect(stream: AsyncIterable<CustomerScoreRecord[]>): Promise<{ records: CustomerScoreRecord[]; sizes: number[] }> {
  const records: CustomerScoreRecord[] = [];
  const sizes: number[] = [];
  for await (const chunk of stream) {
    sizes.push(chunk.length);
    for (const r of chunk) records.push(r);
  }
  return { records, sizes };
}

describe('scoreStream', () => {
  let book: Book;
  let model: ScoringModel;
  let expected: CustomerScoreRecord[];
  let firstPurchaseDay: string;
  beforeAll(async () => {
    book = await readBook(join(ROOT, 'fixtures/bank'));
    const scores = scoreCustomers(book, {});
    model = scores.model;
    expected = applyScoringModel(model, book, {}).toRecords();
    firstPurchaseDay = bookFirstPurchaseDay(book, book.endDate);
  });

  it('gives exactly the in-process records for several chunk sizes', async () => {
    const n = book.customers.length;
    for (const chunkSize of [53, 600, n, n + 5]) {
      const { records, sizes } = await collect(scoreStream(model, book, { chunkSize, firstPurchaseDay }));
      expect(sizes.length).toBe(Math.ceil(n / chunkSize));
      expect(Math.max(...sizes)).toBeLessThanOrEqual(chunkSize);
      expect(records).toEqual(expected);
    }
  }, 60_000);

  it('equals scoreCustomers itself (its records are applyScoringModel\'s) and covers customers without transactions and off the book', () => {
    const direct = scoreCustomers(book, {}).toRecords();
    expect(direct).toEqual(expected);
    // The equality above is only a test of the chunking if the fixture has the cases the anchor exists for.
    expect(expected.some((r) => !r.onBook)).toBe(true);
  });

  it('reads an async iterable of chunks, re-cutting chunks larger than chunkSize', async () => {
    async function* source(): AsyncGenerator<ScoringInput> {
      for (const chunk of bookChunks(book, { chunkSize: 150 })) yield chunk;
    }
    const { records, sizes } = await collect(scoreStream(model.toJSON(), source(), { chunkSize: 100, firstPurchaseDay }));
    expect(sizes.every((s) => s <= 100)).toBe(true);
    expect(records).toEqual(expected);
  });

  it('needs firstPurchaseDay only when a chunk has customers without transactions', async () => {
    const t = book.transactions!;
    const buyers = new Set(Array.from(t.customer, (c) => t.customerIds[c]!));
    const silent = book.customers.customerId.some((id) => !buyers.has(id));
    const run = collect(scoreStream(model, book, { chunkSize: book.customers.length }));
    if (silent) await expect(run).rejects.toMatchObject({ code: 'MISSING_COLUMN', details: { path: ['firstPurchaseDay'] } });
    else await expect(run).resolves.toBeDefined();
  });

  it('rejects bad options, sources, chunks and models with ClvkitError', async () => {
    await expect(collect(scoreStream(model, book, { chunkSize: 0 }))).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(collect(scoreStream(model, book, { firstPurchaseDay: '2024-1-1' }))).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(collect(scoreStream(model, book, { firstPurchaseDay: '2099-01-01' }))).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(collect(scoreStream(model, 42 as never))).rejects.toBeInstanceOf(ClvkitError);
    await expect(collect(scoreStream(model, [{ rows: [] }] as never))).rejects.toMatchObject({ code: 'INVALID_VALUE', details: { chunk: 0 } });
    await expect(collect(scoreStream({ format: 'nope' } as never, book))).rejects.toMatchObject({ code: 'INVALID_MODEL' });
    const [first] = bookChunks(book, { chunkSize: 5 });
    const bad = { ...first!, customers: { ...first!.customers, customerId: [STREAM_ANCHOR_ID, ...first!.customers.customerId.slice(1)] } };
    await expect(collect(scoreStream(model, [bad], { firstPurchaseDay }))).rejects.toMatchObject({ code: 'INVALID_VALUE' });
    const noMonths = { ...first!, months: undefined };
    await expect(collect(scoreStream(model, [noMonths], { firstPurchaseDay }))).rejects.toMatchObject({ code: 'MISSING_COLUMN', details: { chunk: 0 } });
  });

  it('has the public types', () => {
    expectTypeOf(scoreStream).returns.toEqualTypeOf<AsyncGenerator<CustomerScoreRecord[]>>();
  });
});
