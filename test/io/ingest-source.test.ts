import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveSource } from '../../src/io/ingest-source.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/io/${name}`, import.meta.url));

async function text(chunks: AsyncIterable<string | Uint8Array>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += typeof c === 'string' ? c : Buffer.from(c).toString('utf8');
  return out;
}

describe('resolveSource', () => {
  it('files (gunzipped when .gz) with their size and a display name', async () => {
    const gz = await resolveSource(fixture('small.csv.gz'), 'f');
    expect(gz.kind).toBe('csv');
    if (gz.kind !== 'csv') return;
    expect(await text(gz.chunks)).toBe('customer_id,date,amount\nA,19970101,10\nA,19970105,5.5\nB,19970103,7\n');
    expect(gz.file).toBe(fixture('small.csv.gz'));
    expect(gz.totalBytes).toBeGreaterThan(0);
    const named = await resolveSource({ path: fixture('header-only.csv') }, 'f', 'export.csv');
    expect(named.kind === 'csv' && named.file).toBe('export.csv');
  });

  it('text, byte streams, object streams, arrays and iterables', async () => {
    const t = await resolveSource({ text: 'a\n1' }, 'f');
    expect(t.kind === 'csv' && (await text(t.chunks))).toBe('a\n1');
    expect((await resolveSource(Readable.from([Buffer.from('a')]), 'f')).kind).toBe('csv');
    expect((await resolveSource(Readable.from([{ a: 1 }]), 'f')).kind).toBe('objects');
    expect((await resolveSource([{ a: 1 }], 'f')).kind).toBe('objects');
    expect((await resolveSource(new Set([{ a: 1 }]), 'f')).kind).toBe('objects');
    async function* chunks(): AsyncGenerator<string> {
      yield 'a\n';
    }
    expect((await resolveSource(chunks(), 'f')).kind).toBe('csv');
  });

  it('IO_ERROR for a missing file, CSV_PARSE for corrupt gzip, INVALID_OPTIONS for anything else', async () => {
    await expect(resolveSource(fixture('missing.csv'), 'f')).rejects.toMatchObject({ code: 'IO_ERROR', details: { fn: 'f' } });
    // The display name, not the resolved path, in details.file and in the message (issue 11).
    const named = (await resolveSource(fixture('missing.csv'), 'f', 'data/missing.csv').catch((e: unknown) => e)) as Error & { details: { file?: string } };
    expect(named.details.file).toBe('data/missing.csv');
    expect(named.message).toContain("'data/missing.csv'");
    expect(named.message).not.toContain(fixture('missing.csv'));
    const corrupt = await resolveSource(fixture('not-gzip.csv.gz'), 'f');
    await expect(corrupt.kind === 'csv' ? text(corrupt.chunks) : Promise.resolve('')).rejects.toMatchObject({ code: 'CSV_PARSE' });
    await expect(resolveSource(3, 'f')).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(resolveSource({ nope: 1 }, 'f')).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });
});
