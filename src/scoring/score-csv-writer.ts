import { availableParallelism } from 'node:os';
import { ClvkitError } from '../errors.js';
import { isAsciiInteger, sixDecimalUnits, writeAsciiInteger, writeSixDecimals } from './csv-number-bytes.js';
import { NumberFormatWorker } from './number-format-worker.js';

/**
 * How each score column is written, in `SCORE_RECORD_COLUMNS` order: 0 = free text (the customer id,
 * escaped per row), 1 = label (low-cardinality text or a '|'-joined list; its bytes cached), 2 = value (a
 * number, a boolean or null, formatted by `JSON.stringify`, which writes finite numbers as `String(n)`).
 */
export const SCORE_CSV_KINDS: readonly (0 | 1 | 2)[] = [
  0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1,
];

/** Label cells per row (kind 1) and value cells per row (kind 2). */
export const SCORE_CSV_LABELS = 18;
export const SCORE_CSV_VALUES = 22;

/**
 * One block of rows gathered column-kind by column-kind (internal): the ids, the label cells (row-major,
 * {@link SCORE_CSV_LABELS} per row: the text, or its bytes already escaped, or null for an empty cell) and the value cells (row-major,
 * {@link SCORE_CSV_VALUES} per row, `cells` of them so far) as a flag each — 0 null, 1 false, 2 true, 3 a
 * number — with the number of a cell at the same index in `nums`. Numbers are checked finite when gathered.
 */
export interface ScoreCsvBlock {
  rows: number;
  readonly ids: string[];
  readonly labels: (string | Buffer | null)[];
  readonly flags: Uint8Array;
  readonly nums: Float64Array;
  cells: number;
}

/** Rows gathered per block before they are written. */
export const SCORE_CSV_BLOCK_ROWS = 2048;

/** An empty block (room for {@link SCORE_CSV_BLOCK_ROWS} rows). */
export function scoreCsvBlock(): ScoreCsvBlock {
  const cells = SCORE_CSV_BLOCK_ROWS * SCORE_CSV_VALUES;
  return { rows: 0, ids: [], labels: [], flags: new Uint8Array(cells), nums: new Float64Array(cells), cells: 0 };
}

/** Add one value cell (a finite number, a boolean or null) to a block. */
export function pushScoreValue(b: ScoreCsvBlock, v: number | boolean | null): void {
  const i = b.cells++;
  if (i >= b.flags.length) throw new ClvkitError('INVALID_VALUE', 'block full: write it before adding more rows', { fn: 'pushScoreValue', cells: i });
  if (v === null) b.flags[i] = 0;
  else if (v === true) b.flags[i] = 2;
  else if (v === false) b.flags[i] = 1;
  else {
    b.flags[i] = 3;
    b.nums[i] = v;
  }
}

/** Largest number of distinct label texts whose bytes are cached (beyond it, labels are encoded per cell). */
const CACHE_LIMIT = 4096;

/**
 * A text cell as `recordsToCsv` writes it with its default options: neutralised against spreadsheet
 * formula injection (a leading = + - @ tab or carriage return gets an apostrophe, `neutraliseCsvText`),
 * then quoted when it holds a comma, a quote or a line break (quotes doubled).
 */
export function scoreTextCell(text: string): string {
  const c = text.charCodeAt(0);
  const safe = c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 ? `'${text}` : text;
  for (let k = 0; k < safe.length; k++) {
    const d = safe.charCodeAt(k);
    if (d === 44 || d === 34 || d === 10 || d === 13) return `"${safe.replaceAll('"', '""')}"`;
  }
  return safe;
}

/** Value-cell flags after classification (in `block`): how each number cell is written. */
const INTEGER = 4;
const SIX_DECIMALS = 5;
const CACHED = 6;
const SEARCHED = 7;

/** Lookups per window over which a column's number cache judges whether it pays, and the bytes all caches may hold. */
const NUMBER_CACHE_TRIAL = 4096;
const NUMBER_ARENA_BYTES = 1 << 21;

/**
 * The numbers one value column repeats (e.g. recency and T in weeks take a few hundred values), each mapped
 * to where its `String(n)` bytes are in the writer's arena (offset · 32 + length): kept while at least a
 * quarter of the lookups of each window of {@link NUMBER_CACHE_TRIAL} hit, dropped otherwise (then that column's numbers go to the native batch). Either
 * way the bytes are `String(n)`; only the speed differs.
 */
interface NumberCache {
  readonly at: Map<number, number>;
  lookups: number;
  hits: number;
}

/**
 * Writes blocks of score rows as CSV bytes into large buffers and hands each full buffer (about
 * `bufferBytes`) to `sink` — never reused afterwards, so the sink may keep it (a stream's write queue).
 * Numbers as `String(n)`: integers below 2^53 and numbers with at most six decimals by exact fast paths
 * written straight into the buffer (`csv-number-bytes.ts`), numbers a column repeats from a per-column cache
 * of their text, and the rest (which need the shortest-round-trip search) by one native `JSON.stringify` per
 * block, whose bytes are copied token by token. Labels come from a cache of their escaped UTF-8 bytes, ids
 * are escaped and written byte by byte (UTF-8 encoded by Buffer only when not ASCII). The bytes equal
 * `recordsToCsv`'s with its defaults.
 */
export class ScoreCsvWriter {
  private out: Buffer;
  private pos = 0;
  private readonly cache = new Map<string, Buffer>();
  /** Bytes of pre-joined groups of cells (layout kind 3). */
  private readonly groups = new Map<string, Buffer>();
  /** Per value slot: its number cache, or null once it did not pay. */
  private readonly numberCaches: (NumberCache | null)[] = [];
  /** The bytes of cached numbers (`String(n)`, ASCII), and how many are used. */
  private readonly arena = Buffer.allocUnsafe(NUMBER_ARENA_BYTES);
  private arenaUsed = 0;
  /** The native batch's bytes (ASCII). */
  private scratch = Buffer.allocUnsafe(1 << 16);
  /** With `threads: 2`: the worker formatting the native batches, the block waiting for its batch, a spare. */
  private readonly worker: NumberFormatWorker | null;
  private pending: { block: ScoreCsvBlock; layout: readonly number[]; seq: number } | null = null;
  private spare: ScoreCsvBlock | null = null;

  /**
   * @param sink receives each full buffer.
   * @param bufferBytes size of the buffers (≥ 64 KiB).
   * @param threads 1: everything on the calling thread; 2: the numbers that need the shortest-round-trip
   *   search are formatted on a worker thread while the calling thread writes the previous block (the same
   *   bytes; call {@link close} at the end to stop the worker).
   */
  constructor(
    private readonly sink: (bytes: Buffer) => void,
    private readonly bufferBytes = 1 << 20,
    threads: 1 | 2 = 1,
    worker?: NumberFormatWorker,
  ) {
    if (!(bufferBytes >= 1 << 16)) throw new ClvkitError('INVALID_VALUE', 'buffer of at least 64 KiB expected', { fn: 'ScoreCsvWriter', value: bufferBytes });
    if (threads !== 1 && threads !== 2) throw new ClvkitError('INVALID_VALUE', 'threads of 1 or 2 expected', { fn: 'ScoreCsvWriter', value: threads });
    this.out = Buffer.allocUnsafe(bufferBytes);
    this.worker = threads === 2 ? (worker ?? new NumberFormatWorker(SCORE_CSV_BLOCK_ROWS * SCORE_CSV_VALUES)) : null;
  }

  /** Write the block waiting for its numbers (threads: 2), if any. */
  private drain(): void {
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    const worker = this.worker!;
    let bytes = worker.take(pending.seq);
    if (bytes === null) {
      // The worker failed or is too slow: the same batch formatted here, the same bytes.
      const json = JSON.stringify(Array.from(worker.input(pending.seq).subarray(0, worker.count(pending.seq))));
      if (json.length > this.scratch.length) this.scratch = Buffer.allocUnsafe(json.length + (json.length >> 2));
      this.scratch.write(json, 0, 'latin1');
      bytes = this.scratch;
    }
    this.assemble(pending.block, pending.layout, bytes);
    this.spare = pending.block;
  }

  /** Write what waits and stop the worker, if any (idempotent; the writer stays usable on one thread). */
  close(): void {
    this.drain();
    this.worker?.close();
  }

  /** Hand what is written to the sink and start a new buffer. */
  flush(): void {
    this.drain();
    if (this.pos === 0) return;
    this.sink(this.out.subarray(0, this.pos));
    this.out = Buffer.allocUnsafe(this.bufferBytes);
    this.pos = 0;
  }

  /** Room for `bytes` more; a cell larger than a whole buffer is handed over on its own. */
  private room(bytes: number): boolean {
    if (this.pos + bytes <= this.out.length) return true;
    this.flush();
    return bytes <= this.out.length;
  }

  /** Any text (already escaped) as UTF-8. */
  text(cell: string): void {
    this.drain();
    const n = cell.length;
    if (!this.room(3 * n)) {
      this.sink(Buffer.from(cell, 'utf8'));
      return;
    }
    const out = this.out;
    let p = this.pos;
    for (let k = 0; k < n; k++) {
      const c = cell.charCodeAt(k);
      if (c >= 128) {
        this.pos += out.write(cell, this.pos, 'utf8');
        return;
      }
      out[p++] = c;
    }
    this.pos = p;
  }

  /**
   * Sort the number cells of a block by how they are written (flags 4–7), and format those that need the
   * shortest-round-trip search in one native batch into `scratch` (a JSON array: tokens between commas).
   */
  private classify(b: ScoreCsvBlock, values: number, shared: Float64Array | null): number {
    const { flags, nums, cells } = b;
    const caches = this.numberCaches;
    const searched: number[] = [];
    let count = 0;
    for (let i = 0, slot = 0; i < cells; i++, slot = slot + 1 === values ? 0 : slot + 1) {
      if (flags[i] !== 3) continue;
      const v = nums[i]!;
      if (isAsciiInteger(v)) {
        flags[i] = INTEGER;
        continue;
      }
      const m = sixDecimalUnits(v);
      if (!Number.isNaN(m)) {
        flags[i] = SIX_DECIMALS;
        nums[i] = m;
        continue;
      }
      let cache = caches[slot];
      if (cache === undefined) caches[slot] = cache = { at: new Map(), lookups: 0, hits: 0 };
      if (cache !== null) {
        let at = cache.at.get(v);
        cache.lookups++;
        if (at !== undefined) cache.hits++;
        if (cache.lookups === NUMBER_CACHE_TRIAL) {
          // Judged per window of lookups: kept while a quarter hit, so a column that stops repeating is dropped.
          if (cache.hits * 4 < cache.lookups) caches[slot] = null;
          cache.lookups = cache.hits = 0;
        }
        if (at === undefined && caches[slot] !== null && this.arenaUsed + 32 <= NUMBER_ARENA_BYTES) {
          const text = String(v);
          at = this.arenaUsed * 32 + text.length;
          this.arenaUsed += this.arena.write(text, this.arenaUsed, 'latin1');
          cache.at.set(v, at);
        }
        if (at !== undefined) {
          flags[i] = CACHED;
          nums[i] = at;
          continue;
        }
      }
      flags[i] = SEARCHED;
      if (shared !== null) shared[count++] = v;
      else searched.push(v);
    }
    if (shared === null && searched.length > 0) {
      const json = JSON.stringify(searched);
      if (json.length > this.scratch.length) this.scratch = Buffer.allocUnsafe(json.length + (json.length >> 2));
      this.scratch.write(json, 0, 'latin1');
    }
    return count;
  }

  /**
   * Write the rows of a block (then empty it). `layout` gives each slot's kind (default one slot per score
   * column); kind 3 is a group of several columns already escaped and joined (written as is, bytes cached).
   */
  block(b: ScoreCsvBlock, layout: readonly number[] = SCORE_CSV_KINDS): void {
    const width = layout.length;
    let values = 0;
    for (let c = 0; c < width; c++) if (layout[c] === 2) values++;
    if (b.cells !== b.rows * values)
      throw new ClvkitError('INVALID_VALUE', 'expected one value cell per value column of each row', { fn: 'ScoreCsvWriter', cells: b.cells, rows: b.rows });
    const worker = this.worker;
    if (worker === null || !worker.alive) {
      this.drain();
      this.classify(b, values, null);
      this.assemble(b, layout, this.scratch);
      return;
    }
    // Hand the block's hard numbers to the worker, keep a copy of the block, and write the previous one.
    const count = this.classify(b, values, worker.nextInput());
    const seq = worker.submit(count);
    const kept = this.spare ?? scoreCsvBlock();
    this.spare = null;
    kept.flags.set(b.flags.subarray(0, b.cells));
    kept.nums.set(b.nums.subarray(0, b.cells));
    kept.cells = b.cells;
    kept.rows = b.rows;
    for (let k = 0; k < b.rows; k++) kept.ids.push(b.ids[k]!);
    for (let k = 0; k < b.labels.length; k++) kept.labels.push(b.labels[k]!);
    b.rows = 0;
    b.cells = 0;
    b.ids.length = 0;
    b.labels.length = 0;
    this.drain();
    this.pending = { block: kept, layout, seq };
  }

  /** Write the rows of a classified block, its searched numbers' JSON bytes in `scratch` (then empty it). */
  private assemble(b: ScoreCsvBlock, kinds: readonly number[], scratch: Buffer): void {
    const width = kinds.length;
    const { flags, nums } = b;
    const arena = this.arena;
    let fi = 0;
    const labels = b.labels;
    const ids = b.ids;
    let j = 1; // past '['
    let li = 0;
    // Room for a row of numbers, booleans and short labels is made once per row; longer text checks its own.
    const rowRoom = 64 * width;
    let out = this.out;
    let p = this.pos;
    for (let row = 0; row < b.rows; row++) {
      if (p + rowRoom > out.length) {
        this.pos = p;
        this.flush();
        out = this.out;
        p = 0;
      }
      for (let c = 0; c < width; c++) {
        if (c > 0) out[p++] = 44;
        const kind = kinds[c];
        if (kind === 2) {
          const f = flags[fi]!;
          if (f === SEARCHED) {
            // The next token of the batch: a number as String(n) writes it (at most 24 bytes).
            let d = scratch[j]!;
            while (d !== 44 && d !== 93) {
              out[p++] = d;
              d = scratch[++j]!;
            }
            j++;
          } else if (f === INTEGER) p = writeAsciiInteger(out, p, nums[fi]!);
          else if (f === SIX_DECIMALS) p = writeSixDecimals(out, p, nums[fi]!);
          else if (f === CACHED) {
            const at = nums[fi]!;
            const from = Math.floor(at / 32);
            const to = from + (at % 32);
            for (let k = from; k < to; k++) out[p++] = arena[k]!;
          } else if (f === 2) {
            out[p] = 116;
            out[p + 1] = 114;
            out[p + 2] = 117;
            out[p + 3] = 101;
            p += 4;
          } else if (f === 1) {
            out[p] = 102;
            out[p + 1] = 97;
            out[p + 2] = 108;
            out[p + 3] = 115;
            out[p + 4] = 101;
            p += 5;
          }
          fi++;
        } else {
          let cell: Buffer | undefined;
          if (kind === 1 || kind === 3) {
            const v = labels[li++]!;
            if (v === null) continue;
            if (typeof v !== 'string') cell = v;
            else {
              const cache = kind === 1 ? this.cache : this.groups;
              cell = cache.get(v);
              if (cell === undefined) {
                cell = Buffer.from(kind === 1 ? scoreTextCell(v) : v, 'utf8');
                if (cache.size < CACHE_LIMIT) cache.set(v, cell);
              }
            }
          } else {
            const id = scoreTextCell(ids[row]!);
            const n = id.length;
            let k = 0;
            if (p + n + rowRoom <= out.length) {
              for (; k < n; k++) {
                const d = id.charCodeAt(k);
                if (d >= 128) break;
                out[p + k] = d;
              }
            }
            if (k === n) {
              p += n;
              continue;
            }
            cell = Buffer.from(id, 'utf8');
          }
          const n = cell.length;
          if (p + n + rowRoom > out.length) {
            this.pos = p;
            this.flush();
            if (n + rowRoom > this.out.length) this.sink(cell);
            out = this.out;
            p = 0;
            if (n + rowRoom > out.length) continue;
          }
          if (n > 8) {
            out.set(cell, p);
            p += n;
          } else for (let k = 0; k < n; k++) out[p++] = cell[k]!;
        }
      }
      out[p++] = 10;
    }
    this.pos = p;
    b.rows = 0;
    b.cells = 0;
    b.ids.length = 0;
    b.labels.length = 0;
  }
}

/** How many threads a score CSV writer uses: 1, 2 (a worker formats numbers), or 'auto'. */
export type ScoreCsvThreads = 'auto' | 1 | 2;

/** Rows from which 'auto' starts the number worker (below, starting it costs more than it saves). */
export const SCORE_CSV_PARALLEL_ROWS = 65_536;

/**
 * The thread count for a writer of about `rows` rows: the request, or for 'auto' 2 when the rows are at least
 * {@link SCORE_CSV_PARALLEL_ROWS} and the process may use two cores (`os.availableParallelism()`), else 1.
 */
export function scoreCsvThreads(requested: ScoreCsvThreads, rows: number): 1 | 2 {
  if (requested !== 'auto') return requested;
  return rows >= SCORE_CSV_PARALLEL_ROWS && availableParallelism() >= 2 ? 2 : 1;
}

/**
 * CSV text of blocks written by `fill` (called with the writer after the optional header). `bytesHint` is the
 * expected size: the rows go into one buffer of that size (decoded once, no concatenation) and spill into
 * further buffers only when it is too small.
 */
export function scoreCsvText(header: boolean, fill: (w: ScoreCsvWriter) => void, headerText: string, bytesHint = 4 << 20, threads: 1 | 2 = 1): string {
  const parts: Buffer[] = [];
  const w = new ScoreCsvWriter((bytes) => parts.push(bytes), Math.max(1 << 16, Math.min(bytesHint, 1 << 30)), threads);
  try {
    if (header) w.text(`${headerText}\n`);
    fill(w);
    w.flush();
  } finally {
    w.close();
  }
  return parts.length === 1 ? parts[0]!.toString('utf8') : Buffer.concat(parts).toString('utf8');
}
