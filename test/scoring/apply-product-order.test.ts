import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Book, BookHoldings } from '../../src/book/book.js';
import { readBook } from '../../src/book/read-book.js';
import { ClvkitError } from '../../src/errors.js';
import { applyScoringModel, scoreCustomers } from '../../src/scoring/score-customers.js';

const dir = fileURLToPath(new URL('../../fixtures/own-vocabulary/', import.meta.url));

/** The same holdings coded over another dictionary order: names permuted, each row's indexes re-mapped (kept ascending). */
function permuted(h: BookHoldings, order: readonly number[]): BookHoldings {
  const names = order.map((b) => h.names[b]!);
  const newIndexOf = new Map(order.map((old, k) => [old, k]));
  const index = new Uint32Array(h.index.length);
  for (let j = 0; j + 1 < h.offsets.length; j++) {
    const row = Array.from(h.index.subarray(h.offsets[j]!, h.offsets[j + 1]!), (b) => newIndexOf.get(b)!).sort((x, y) => x - y);
    index.set(row, h.offsets[j]!);
  }
  return { names, offsets: h.offsets, index };
}

function withHoldings(book: Book, holdings: BookHoldings): Book {
  return { ...book, snapshots: { ...book.snapshots!, holdings } } as Book;
}

describe('applyScoringModel on a book that met its products in another order', () => {
  let book: Book;
  let fitted: ReturnType<typeof scoreCustomers>;
  beforeAll(async () => {
    book = await readBook(`${dir}book.json`);
    const tagRules = JSON.parse(readFileSync(`${dir}tag-rules.json`, 'utf8'));
    fitted = scoreCustomers(book, { tagRules, clusters: false });
  });

  it('re-codes the book dictionary over the model product names: same tags and values as on the original order', () => {
    const h = book.snapshots!.holdings!;
    expect(h.names.length).toBeGreaterThan(3);
    const reversed = withHoldings(
      book,
      permuted(
        h,
        h.names.map((_, b) => h.names.length - 1 - b),
      ),
    );
    expect(reversed.snapshots!.holdings!.names).not.toEqual(h.names);
    const same = applyScoringModel(fitted.model, book).toRecords();
    const again = applyScoringModel(fitted.model, reversed).toRecords();
    expect(again).toEqual(same);
    // The tags are not trivial: some customer carries a product-based tag.
    expect(same.some((r) => (r.tags as string[] | null)?.includes('saver'))).toBe(true);
  });

  it('refuses a product the model was not fitted with, naming it', () => {
    const h = book.snapshots!.holdings!;
    const extra: BookHoldings = { names: [...h.names, 'crypto_wallet'], offsets: h.offsets, index: h.index };
    let caught: unknown;
    try {
      applyScoringModel(fitted.model, withHoldings(book, extra));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ClvkitError);
    expect((caught as ClvkitError).code).toBe('INVALID_VALUE');
    expect((caught as ClvkitError).message).toContain('crypto_wallet');
  });
});
