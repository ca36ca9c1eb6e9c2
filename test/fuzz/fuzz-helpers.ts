import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type ClvkitError, isClvkitError } from '../../src/errors.js';

/** Seed of every fuzz run: a failure prints its seed and path; rerun with the same seed to reproduce. */
export const FUZZ_SEED = 20_261_123;

/** The outcome of an ingestion: a value, or a ClvkitError. Any other exception fails the test. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ClvkitError };

/**
 * Run `work` with a time limit; resolve to its value or its ClvkitError. An untyped exception is
 * rethrown (a bug), and a run past `ms` rejects (a hang).
 */
export async function outcome<T>(work: () => Promise<T> | T, ms = 10_000): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms (a hang?)`)), ms);
  });
  try {
    const value = await Promise.race([Promise.resolve().then(work), limit]);
    return { ok: true, value };
  } catch (error) {
    if (isClvkitError(error)) return { ok: false, error };
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** The bytes cut at the given offsets, as an async iterable of chunks (a stream as a file would give). */
export function chunked(bytes: Uint8Array, cuts: readonly number[] = []): AsyncIterable<Uint8Array> {
  const points = [...new Set(cuts.map((c) => Math.max(0, Math.min(bytes.length, c))))].sort((a, b) => a - b);
  return (async function* () {
    let start = 0;
    for (const p of [...points, bytes.length]) {
      if (p > start) yield bytes.slice(start, p);
      start = p;
    }
    // An empty source must still be seen as CSV (bytes), not as zero object rows.
    if (bytes.length === 0) yield new Uint8Array(0);
  })();
}

let gcFunction: (() => void) | undefined;

/** A forced full garbage collection (V8's gc exposed at run time), for heap measurements. */
export function collectGarbage(): void {
  if (gcFunction === undefined) {
    setFlagsFromString('--expose_gc');
    gcFunction = runInNewContext('gc') as () => void;
  }
  gcFunction();
  gcFunction();
}

/** Heap in use after a full collection, in bytes. */
export function settledHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

export const MB = 1024 * 1024;
