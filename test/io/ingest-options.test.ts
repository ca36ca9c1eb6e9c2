import { describe, expect, expectTypeOf, it } from 'vitest';
import { readerOptionsSchema, type IngestProgress, type ReaderOptions } from '../../src/io/ingest-options.js';
import { transactionReadSchema } from '../../src/io/stream-transactions.js';

describe('reader options', () => {
  it('defaults', () => {
    expect(readerOptionsSchema.parse({})).toEqual({
      delimiter: ',',
      quote: '"',
      header: true,
      decimal: '.',
      dateFormat: 'auto',
      onInvalid: 'throw',
      maxFieldLength: 65_536,
      maxRecordLength: 1_048_576,
    });
    expect(transactionReadSchema.parse({}).columns).toEqual({ customerId: 'customer_id', date: 'date', amount: 'amount' });
    expectTypeOf<ReaderOptions['onInvalid']>().toEqualTypeOf<'throw' | 'collect'>();
    expectTypeOf<IngestProgress['totalBytes']>().toEqualTypeOf<number | undefined>();
  });

  it('refuses bad values', () => {
    for (const bad of [
      { delimiter: ':' },
      { decimal: ';' },
      { dateFormat: 'YYYY-MM' },
      { onProgress: 3 },
      { quote: "''" },
      { decimal: ',', thousands: ',' },
      { columns: { date: -1 } },
    ]) {
      expect(transactionReadSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
