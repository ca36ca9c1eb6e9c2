import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
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
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { parseIsoDay } from '../../src/time.js';
import { withDepositors } from './book-with-depositors.js';
import { DEFAULT_TAG_RULES } from '../../src/tags/default-tag-rules.js';

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

  it("equals scoreCustomers itself (its records are applyScoringModel's); the fixture has customers off the book", () => {
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
    expect(() => scoreStream(model, book, { chunkSize: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    expect(() => scoreStream(model, book, { firstPurchaseDay: '2024-1-1' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    await expect(collect(scoreStream(model, book, { firstPurchaseDay: '2099-01-01' }))).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    expect(() => scoreStream(model, 42 as never)).toThrow(ClvkitError);
    await expect(collect(scoreStream(model, [{ rows: [] }] as never))).rejects.toMatchObject({ code: 'INVALID_VALUE', details: { chunk: 0 } });
    expect(() => scoreStream({ format: 'nope' } as never, book)).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
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

describe('scoreStream — what one chunk cannot see (the anchor)', () => {
  // Customers without transactions count their silence from the book's first purchase day; a chunk of
  // customers who all left the book has no snapshot in the book's last month. Naive per-chunk scoring
  // gets both wrong (checked below, so the equality is a real test of the anchor).
  const book = withDepositors(simulateBank({ customers: 300, months: 12, seed: 9 }), [
    { id: 'd0', type: 'individual', joinDay: parseIsoDay('2023-07-01'), months: [6, 7, 8, 9, 10, 11].map((m) => [m, 80_000, 60, 10, 1] as const) },
    { id: 'd1', type: 'enterprise', joinDay: parseIsoDay('2020-05-04'), months: Array.from({ length: 12 }, (_, m) => [m, 3_000_000, 900, 100, 3] as const) },
    { id: 'd2', type: 'individual', joinDay: parseIsoDay('2020-05-04'), months: [0, 1, 2, 3, 4, 5, 6, 7, 8].map((m) => [m, 20_000, 30, 10, 1] as const) },
  ]);
  // A tag reading daysSinceLastPurchase, which for a customer without transactions counts from max(joinDay, first purchase day).
  const tagRules = [
    ...DEFAULT_TAG_RULES,
    {
      tag: 'silent_300',
      label: 'Silent 300 days',
      labelZh: '沉默300天',
      description: 'days since last purchase ≥ 300',
      when: { column: 'daysSinceLastPurchase', op: '>=', value: 300 },
    },
  ];
  const scores = scoreCustomers(book, { clusters: false, tagRules: tagRules as never });
  const expected = scores.toRecords();
  const firstPurchaseDay = bookFirstPurchaseDay(book, book.endDate);
  const offBook = expected.flatMap((r, i) => (r.onBook ? [] : [i])).slice(0, 4);
  const silent = expected.flatMap((r, i) => (r.hasTransactions ? [] : [i]));
  const single = [...bookChunks(book, { chunkSize: 1 })];

  it('scores one-customer chunks of depositors and of customers off the book exactly as the whole book', async () => {
    expect(silent.length).toBe(3);
    expect(offBook.length).toBe(4);
    const picked = [...silent, ...offBook, 0, 1];
    const { records } = await collect(
      scoreStream(
        scores.model,
        picked.map((i) => single[i]!),
        { firstPurchaseDay },
      ),
    );
    expect(records).toEqual(picked.map((i) => expected[i]));
    // The same chunks scored naively, without the anchor: off-book chunks fail or differ, depositors' silence differs.
    const naiveDiffers = (i: number): boolean => {
      try {
        return !isDeepStrictEqual(applyScoringModel(scores.model, single[i]!, {}).toRecords()[0], expected[i]);
      } catch {
        return true;
      }
    };
    expect(offBook.map(naiveDiffers)).toEqual([true, true, true, true]);
    expect(expected[silent[1]!]!.customerId).toBe('d1');
    expect(expected[silent[1]!]!.tags).toContain('silent_300');
    expect(naiveDiffers(silent[1]!)).toBe(true);
  });
});
