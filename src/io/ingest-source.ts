import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ClvkitError } from '../errors.js';

/**
 * Where rows come from: a file path (`.gz` gunzipped on the fly), `{ path }`, `{ text }` (CSV text),
 * a Node `Readable` or an `AsyncIterable` of string / Uint8Array chunks (CSV), or rows as plain
 * objects in an array, an `Iterable` or an `AsyncIterable`.
 */
export type IngestSource =
  | string
  | { readonly path: string }
  | { readonly text: string }
  | Readable
  | AsyncIterable<string | Uint8Array>
  | Iterable<Readonly<Record<string, unknown>>>
  | AsyncIterable<Readonly<Record<string, unknown>>>;

/** A source resolved to what the readers consume. */
export type ResolvedSource =
  | {
      readonly kind: 'csv';
      readonly chunks: AsyncIterable<string | Uint8Array>;
      readonly file?: string;
      readonly totalBytes?: number;
      /** Bytes consumed so far (compressed bytes for `.gz` files, to compare with totalBytes). */
      readonly bytesRead?: () => number;
    }
  | { readonly kind: 'objects'; readonly rows: Iterable<unknown> | AsyncIterable<unknown> };

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

/** Open a file; `display` is how messages name it (the path as the user typed it, or options.file). */
function openFile(path: string, fn: string, display = path): ResolvedSource {
  let totalBytes: number;
  try {
    totalBytes = statSync(path).size;
  } catch (cause) {
    throw new ClvkitError('IO_ERROR', `cannot read file: ${(cause as Error).message.split(path).join(display)}`, { fn, file: display });
  }
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const chunks = path.toLowerCase().endsWith('.gz') ? file.pipe(createGunzip({ chunkSize: 1 << 18 })) : file;
  if (chunks !== file) file.on('error', (e) => chunks.destroy(e));
  return { kind: 'csv', chunks: ioErrors(chunks, path, display, fn), file: display, totalBytes, bytesRead: () => file.bytesRead };
}

async function* ioErrors(stream: Readable, path: string, file: string, fn: string): AsyncGenerator<string | Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch (cause) {
    if (cause instanceof ClvkitError) throw cause;
    const code = (cause as { code?: string }).code;
    const gz = typeof code === 'string' && code.startsWith('Z_');
    const text = (cause as Error).message.split(path).join(file);
    throw new ClvkitError(gz ? 'CSV_PARSE' : 'IO_ERROR', `${gz ? 'invalid gzip data' : 'cannot read file'}: ${text}`, { fn, file });
  }
}

/** An async iterable whose first element decides: strings/bytes are CSV, objects are rows. */
async function peekKind(iterable: AsyncIterable<unknown>): Promise<ResolvedSource> {
  const it = iterable[Symbol.asyncIterator]();
  const first = await it.next();
  async function* rest(): AsyncGenerator<unknown> {
    if (first.done) return;
    yield first.value;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  if (!first.done && isObject(first.value) && !(first.value instanceof Uint8Array)) return { kind: 'objects', rows: rest() };
  return { kind: 'csv', chunks: rest() as AsyncIterable<string | Uint8Array> };
}

/** Resolve any {@link IngestSource}; `file` overrides the display name used in messages. */
export async function resolveSource(source: unknown, fn: string, file?: string): Promise<ResolvedSource> {
  const resolved = await resolveRaw(source, fn, file);
  return file !== undefined && resolved.kind === 'csv' ? { ...resolved, file } : resolved;
}

async function resolveRaw(source: unknown, fn: string, file: string | undefined): Promise<ResolvedSource> {
  if (typeof source === 'string') return openFile(source, fn, file);
  if (source instanceof Readable) {
    if (source.readableObjectMode) return peekKind(source);
    return { kind: 'csv', chunks: source };
  }
  if (isObject(source)) {
    if (typeof source.path === 'string') return openFile(source.path, fn, file);
    if (typeof source.text === 'string') return { kind: 'csv', chunks: [source.text] as unknown as AsyncIterable<string> };
    if (Array.isArray(source)) return { kind: 'objects', rows: source };
    if (Symbol.asyncIterator in source) return peekKind(source as AsyncIterable<unknown>);
    if (Symbol.iterator in source) return { kind: 'objects', rows: source as Iterable<unknown> };
  }
  throw new ClvkitError(
    'INVALID_OPTIONS',
    'unsupported source: expected a path, { path }, { text }, a Readable, an async iterable of chunks or rows, or an array of rows',
    {
      fn,
      value: typeof source,
    },
  );
}
