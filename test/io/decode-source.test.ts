import { describe, expect, it } from 'vitest';
import { decodeSource, decodeSourceSync, IngestCounter, type DecodedBatch } from '../../src/io/decode-source.js';
import { readerOptionsSchema } from '../../src/io/ingest-options.js';
import type { IngestProgress } from '../../src/io/ingest-options.js';
import { RecordDecoder } from '../../src/io/record-decoder.js';

const specs = [
  { name: 'x', source: 'x', kind: 'number' },
  { name: 'y', source: 'y', kind: 'string', optional: true },
] as const;

describe('decodeSource', () => {
  it('announces the bound decoder, then yields decoded columns; counts add up', async () => {
    const calls: IngestProgress[] = [];
    const options = readerOptionsSchema.parse({ onInvalid: 'collect', onProgress: (p: IngestProgress) => calls.push(p) });
    const counter = new IngestCounter();
    const items: (DecodedBatch | RecordDecoder)[] = [];
    for await (const item of decodeSource({ text: 'x\n1\nz\n2.5\n' }, specs, options, 'fn', counter)) items.push(item);
    expect(items[0]).toBeInstanceOf(RecordDecoder);
    expect((items[0] as RecordDecoder).fields.map((f) => f.name)).toEqual(['x']);
    expect(items.slice(1).flatMap((b) => (b as DecodedBatch).columns[0])).toEqual([1, 2.5]);
    expect([counter.read, counter.accepted, counter.rejected]).toEqual([3, 2, 1]);
    expect(calls).toEqual([{ rows: 3, bytes: 10, totalBytes: undefined }]);
  });

  it('sync twin: same rows; EMPTY_INPUT without even a header', () => {
    const options = readerOptionsSchema.parse({});
    const counter = new IngestCounter();
    const { batch } = decodeSourceSync('x,y\n1,a\n"2",b', specs, options, 'fn', counter);
    expect(batch.columns).toEqual([
      [1, 2],
      ['a', 'b'],
    ]);
    expect(batch.lines).toEqual([2, 3]);
    expect(() => decodeSourceSync('', specs, options, 'fn', new IngestCounter())).toThrow(expect.objectContaining({ code: 'EMPTY_INPUT' }));
  });
});
