// Transactions generated on the fly as CSV text chunks (no file): the source of the streaming
// memory test and of bench/stream-memory.ts. Deterministic: row i's customer and day come from a
// hash of i, so a run is reproducible and rows arrive in no particular order.

/** What to generate. */
export interface GeneratedRowsOptions {
  /** Total data rows. */
  readonly rows: number;
  /** Distinct customers (ids C0 .. C{customers-1}). */
  readonly customers: number;
  /** Distinct days (from 2024-01-01), so at most customers × days distinct customer-days. */
  readonly days: number;
  /** Rows per chunk (one string each). */
  readonly rowsPerChunk?: number;
  /** Called before each chunk with the number of rows generated so far. */
  readonly onRows?: (rowsSoFar: number) => void;
}

const FIRST_DAY = 19_723; // 2024-01-01

function mix(i: number, salt: number): number {
  let h = Math.imul(i ^ salt, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

function iso(day: number): string {
  const d = new Date(day * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** CSV chunks: a header, then `rows` rows of `customer_id,date,amount`. */
export async function* generatedRows(options: GeneratedRowsOptions): AsyncGenerator<string> {
  const perChunk = options.rowsPerChunk ?? 50_000;
  const dates = Array.from({ length: options.days }, (_, d) => iso(FIRST_DAY + d));
  let header = 'customer_id,date,amount\n';
  for (let start = 0; start < options.rows; start += perChunk) {
    options.onRows?.(start);
    const end = Math.min(options.rows, start + perChunk);
    const parts: string[] = [];
    for (let i = start; i < end; i++) {
      const c = mix(i, 0x1234) % options.customers;
      const d = mix(i, 0x9876) % options.days;
      const cents = mix(i, 0x5555) % 100_000;
      parts.push(`C${c},${dates[d]},${(cents / 100).toFixed(2)}`);
    }
    yield header + parts.join('\n') + '\n';
    header = '';
    // Let timers (memory samplers) run between chunks.
    await new Promise((resolve) => setImmediate(resolve));
  }
  options.onRows?.(options.rows);
}
