import { describe, expect, expectTypeOf, it } from 'vitest';
import { ClvkitError } from '../../src/errors.js';
import { dialectRules, quoteIdentifier, SQL_DIALECTS, type SqlDialect } from '../../src/sql/sql-dialect.js';

/** Undo a dialect's quoting of one part: the independent check that quoting round-trips. */
function unquote(quoted: string, dialect: SqlDialect): string {
  const inner = quoted.slice(1, -1);
  if (dialect === 'spark') return inner.replace(/``/g, '`');
  if (dialect === 'bigquery') return inner.replace(/\\(.)/g, '$1');
  return inner.replace(/""/g, '"');
}

describe('quoteIdentifier', () => {
  it('quotes each part and escapes the quote character (worked examples)', () => {
    expect(quoteIdentifier('a"b', 'postgres')).toBe('"a""b"');
    expect(quoteIdentifier('sales.tx', 'spark')).toBe('`sales`.`tx`');
    expect(quoteIdentifier(['my.db', 't'], 'duckdb')).toBe('"my.db"."t"');
    expect(quoteIdentifier('t`x', 'spark')).toBe('`t``x`');
    expect(quoteIdentifier('t`x\\', 'bigquery')).toBe('`t\\`x\\\\`');
    expect(quoteIdentifier('Mixed Case', 'trino')).toBe('"Mixed Case"');
  });

  it('round-trips hostile names in every dialect, and the quote never closes early', () => {
    const names = ['a"; DROP TABLE x; --', 'b`; DELETE FROM y; --', "c'd", 'e\\"`f', '"', '`', 'ünï ☃'];
    for (const dialect of SQL_DIALECTS) {
      const q = dialect === 'spark' || dialect === 'bigquery' ? '`' : '"';
      for (const name of names) {
        const quoted = quoteIdentifier([name], dialect);
        expect(unquote(quoted, dialect)).toBe(name);
        expect(quoted.startsWith(q) && quoted.endsWith(q)).toBe(true);
        // Scan like a lexer: the first unescaped closing quote is the last character.
        let i = 1;
        while (i < quoted.length - 1) {
          const c = quoted[i]!;
          if (dialect === 'bigquery' && c === '\\') i += 2;
          else if (c === q) {
            expect(quoted[i + 1]).toBe(q);
            i += 2;
          } else i++;
        }
        expect(i).toBe(quoted.length - 1);
      }
    }
  });

  it('rejects empty parts and control characters', () => {
    for (const bad of ['', 'a..b', 'a\u0000b', 'a\nb', ['x', '']]) {
      let error: unknown;
      try {
        quoteIdentifier(bad, 'postgres', 'test');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ClvkitError);
      expect((error as ClvkitError).code).toBe('INVALID_OPTIONS');
      expect((error as ClvkitError).details.fn).toBe('test');
    }
  });

  it('has dialect rules for every dialect', () => {
    for (const d of SQL_DIALECTS) expect(dialectRules(d).epochDay('x')).toContain('x');
    expect(dialectRules('bigquery').doubleType).toBe('FLOAT64');
    expectTypeOf(quoteIdentifier).returns.toEqualTypeOf<string>();
  });
});
