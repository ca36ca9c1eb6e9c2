import { describe, expect, it } from 'vitest';
import { ClvkitError } from '../../src/errors.js';
import { recordsToCsv } from '../../src/scoring/records-to-csv.js';
import {
  pushScoreValue,
  SCORE_CSV_BLOCK_ROWS,
  SCORE_CSV_KINDS,
  SCORE_CSV_LABELS,
  SCORE_CSV_VALUES,
  ScoreCsvWriter,
  scoreCsvBlock,
  scoreTextCell,
} from '../../src/scoring/score-csv-writer.js';
import { SCORE_RECORD_COLUMNS } from '../../src/scoring/score-records-csv.js';
import { scoreCustomers } from '../../src/scoring/score-customers.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { createRandom } from '../../src/random.js';

/** Rows (score columns by name) through a ScoreCsvWriter with a 64 KiB buffer, a block handed over every `blockRows`. */
function writeThroughBlocks(rows: readonly Record<string, unknown>[], blockRows: number): { parts: Buffer[]; w: ScoreCsvWriter } {
  const parts: Buffer[] = [];
  const w = new ScoreCsvWriter((b) => parts.push(Buffer.from(b)), 1 << 16);
  const block = scoreCsvBlock();
  for (const r of rows) {
    SCORE_RECORD_COLUMNS.forEach((column, c) => {
      const kind = SCORE_CSV_KINDS[c];
      if (kind === 0) block.ids.push(r[column] as string);
      else if (kind === 1) block.labels.push(r[column] as string | null);
      else pushScoreValue(block, r[column] as number | boolean | null);
    });
    if (++block.rows === blockRows) w.block(block);
  }
  w.block(block);
  w.flush();
  return { parts, w };
}

describe('ScoreCsvWriter', () => {
  it('has one kind per score column: the id is text, strings and lists are labels, numbers and booleans are values', () => {
    const record = scoreCustomers(simulateBank({ customers: 300, months: 24, seed: 3 }), {})
      .toRecords()
      .find((r) => r.hasTransactions && r.tier !== null && r.cluster !== null)!;
    expect(SCORE_CSV_KINDS.length).toBe(SCORE_RECORD_COLUMNS.length);
    SCORE_RECORD_COLUMNS.forEach((column, c) => {
      const v = record[column];
      const expected = column === 'customerId' ? 0 : typeof v === 'string' || Array.isArray(v) ? 1 : 2;
      expect([column, SCORE_CSV_KINDS[c]]).toEqual([column, expected]);
    });
    expect(SCORE_CSV_KINDS.filter((k) => k === 1).length).toBe(SCORE_CSV_LABELS);
    expect(SCORE_CSV_KINDS.filter((k) => k === 2).length).toBe(SCORE_CSV_VALUES);
  });

  it('escapes text exactly as the generic writer (formula start, quotes, commas, line breaks, non-ASCII)', () => {
    for (const text of ['plain', '=1+2', '+x', '-y', '@z', '\tt', '\rr', 'a,b', 'say "hi"', 'line\nbreak', '普通客户', "'=already", '', 'é,"x"'])
      expect(scoreTextCell(text)).toBe(recordsToCsv([{ a: text }], {}).slice(2, -1));
  });

  // A hand-made block through a small buffer: numbers as String(n), null empty, booleans, cached labels,
  // a label longer than the buffer, non-ASCII ids — compared with the generic writer on the same cells.
  it('writes a block byte for byte as recordsToCsv, across buffer flushes and cells larger than a buffer', () => {
    const width = SCORE_RECORD_COLUMNS.length;
    const rows: Record<string, unknown>[] = [];
    const numbers = [0, -0, 1, -1.5, 0.1 + 0.2, 1e21, 1.5e-7, 123456789012345680000, Number.MIN_VALUE, -Number.MAX_VALUE, 2 ** 53, 1 / 3];
    const labels = ['mass', '普通客户', '=SUM(A1)', 'a,b', 'q"uote', 'x'.repeat(70_000), 'tail'];
    for (let i = 0; i < 5000; i++) {
      const r: Record<string, unknown> = {};
      SCORE_RECORD_COLUMNS.forEach((column, c) => {
        const kind = SCORE_CSV_KINDS[c];
        if (kind === 0) r[column] = i % 7 === 0 ? `客户-${i}` : i % 11 === 0 ? `+${i},"x"` : `C${i}`;
        else if (kind === 1) r[column] = (i + c) % 5 === 0 ? null : labels[(i * 3 + c) % (i % 500 === 0 ? labels.length : labels.length - 2)];
        else r[column] = (i + c) % 6 === 0 ? null : (i + c) % 6 === 1 ? (i + c) % 2 === 0 : numbers[(i * 7 + c) % numbers.length];
      });
      rows.push(r);
    }
    const { parts } = writeThroughBlocks(rows, 1000);
    expect(parts.length).toBeGreaterThan(10);
    const expected = recordsToCsv(rows as never, { columns: [...SCORE_RECORD_COLUMNS] });
    expect(Buffer.concat(parts).toString('utf8')).toBe(expected.slice(expected.indexOf('\n') + 1));
    expect(width).toBe(41);
  });

  // Every way a number cell is written — integer and six-decimal fast paths, a column cache that pays (few
  // repeated values), one that is dropped after its trial (all distinct) and one dropped midway, and the native
  // batch — against the generic writer (String(n)) on random doubles of every kind.
  it('writes random doubles of every kind as String(n): subnormals, -0, ≥ 1e21, ≤ 1e-7, integers ≥ 2^53, nulls, booleans', () => {
    const rng = createRandom(7);
    const bits = new Float64Array(1);
    const words = new Uint32Array(bits.buffer);
    const anyDouble = (): number => {
      for (;;) {
        words[0] = rng.int(2 ** 32);
        words[1] = rng.int(2 ** 32);
        if (Number.isFinite(bits[0]!)) return bits[0]!;
      }
    };
    const special = [0, -0, 5e-324, -2.2250738585072014e-308, 1e21, -1.2345e25, 1e-7, -9.99e-8, 2 ** 53, 2 ** 60 + 2 ** 10, 1e-6, 123.456789];
    const repeated = Array.from({ length: 300 }, (_, k) => k / 7);
    const valueColumns = SCORE_RECORD_COLUMNS.filter((_, c) => SCORE_CSV_KINDS[c] === 2);
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 9000; i++) {
      const r: Record<string, unknown> = {};
      SCORE_RECORD_COLUMNS.forEach((column, c) => {
        const kind = SCORE_CSV_KINDS[c];
        if (kind === 0) r[column] = `C${i}`;
        else if (kind === 1) r[column] = i % 3 === 0 ? null : 'mass';
        else {
          const slot = valueColumns.indexOf(column as never);
          const u = rng.next();
          if (slot === 3)
            r[column] = repeated[rng.int(repeated.length)]; // the cache pays
          else if (slot === 4)
            r[column] = anyDouble(); // the cache is dropped after its trial
          else if (slot === 5)
            r[column] = i < 5000 ? repeated[rng.int(20)] : rng.next() * 1000; // dropped midway
          else if (u < 0.1) r[column] = null;
          else if (u < 0.15) r[column] = u < 0.125;
          else if (u < 0.3) r[column] = special[rng.int(special.length)];
          else if (u < 0.45) r[column] = Math.round(rng.uniform(-1e6, 1e6) * 100) / 100;
          else if (u < 0.6) r[column] = rng.int(1e6) - 5e5;
          else if (u < 0.8) r[column] = rng.normal(0, 1e3);
          else r[column] = anyDouble();
        }
      });
      rows.push(r);
    }
    const { parts, w } = writeThroughBlocks(rows, SCORE_CSV_BLOCK_ROWS);
    const expected = recordsToCsv(rows as never, { columns: [...SCORE_RECORD_COLUMNS] });
    const got = Buffer.concat(parts).toString('utf8');
    expect(got === expected.slice(expected.indexOf('\n') + 1)).toBe(true);
    // The caches did what the comment says: kept for slot 3, dropped for slots 4 and 5.
    const caches = (w as unknown as { numberCaches: unknown[] }).numberCaches;
    expect(caches[3]).not.toBeNull();
    expect([caches[4], caches[5]]).toEqual([null, null]);
  });

  it('refuses a block whose value cells do not fill its rows, and a full block', () => {
    const w = new ScoreCsvWriter(() => {}, 1 << 16);
    const b = scoreCsvBlock();
    b.ids.push('x');
    b.rows = 1;
    pushScoreValue(b, 1);
    expect(() => w.block(b)).toThrow(ClvkitError);
    const full = scoreCsvBlock();
    for (let k = 0; k < SCORE_CSV_BLOCK_ROWS * SCORE_CSV_VALUES; k++) pushScoreValue(full, k);
    expect(() => pushScoreValue(full, 1)).toThrow(/block full/);
  });

  it('refuses a buffer too small for a row', () => {
    expect(() => new ScoreCsvWriter(() => {}, 1000)).toThrow(ClvkitError);
  });
});
