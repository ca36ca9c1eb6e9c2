import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readBook } from '../../src/book/read-book.js';
import { ClvkitError } from '../../src/errors.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TX = join(ROOT, 'fixtures/bank/transactions.csv');

describe('readBook — a part read from a stream (path "-", the stdin option)', () => {
  it('reads the same transactions as the file, named <stdin> in messages', async () => {
    const bytes = readFileSync(TX);
    // Chunks cut mid-line (and mid-record) must not matter.
    const chunks = [bytes.subarray(0, 1000), bytes.subarray(1000, 70_001), bytes.subarray(70_001)];
    const piped = await readBook({ transactions: { path: '-' } }, { stdin: Readable.from(chunks) });
    const file = await readBook({ transactions: { path: TX } });
    expect(piped.transactions!.customerIds).toEqual(file.transactions!.customerIds);
    expect(piped.transactions!.day).toEqual(file.transactions!.day);
    expect(piped.transactions!.amount).toEqual(file.transactions!.amount);
    expect(piped.months).toEqual(file.months);
    expect(piped.reading.parts.transactions).toEqual({ ...file.reading.parts.transactions, source: '<stdin>' });
  });

  it('a bad row names <stdin> and its line; collect keeps read = accepted + rejected', async () => {
    const text = 'customer_id,date,amount\nA,2024-01-05,10\nB,2024-01-06,ten\n';
    const error = await readBook({ transactions: { path: '-' } }, { stdin: Readable.from([text]) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClvkitError);
    expect((error as ClvkitError).details).toMatchObject({ file: '<stdin>', line: 3, column: 'amount', value: 'ten' });
    const collected = await readBook({ transactions: { path: '-' } }, { stdin: Readable.from([text]), onInvalid: 'collect' });
    expect(collected.reading.parts.transactions).toMatchObject({ read: 2, accepted: 1, rejected: 1 });
    expect(collected.reading.rejects[0]).toMatchObject({ file: '<stdin>', line: 3, code: 'INVALID_NUMBER' });
  });

  it('path "-" needs the stdin option; two parts cannot both read it; stdin must be a stream', async () => {
    await expect(readBook({ transactions: { path: '-' } })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      message: expect.stringMatching(/standard input/),
    });
    await expect(readBook({ transactions: { path: '-' }, snapshots: { path: '-' } } as never, { stdin: Readable.from(['x']) })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      message: expect.stringMatching(/read once/),
    });
    await expect(readBook({ transactions: { path: '-' } }, { stdin: 'customer_id,date,amount' as never })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });
});
