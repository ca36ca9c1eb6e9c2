/**
 * Seeded generator of the large transactions CSV used by bench/summarize.ts: CDNOW-like columns
 * `customer_id,date,amount` (date as YYYYMMDD), ~1M customers, ~7.4M rows, rows ordered by date
 * (as bank exports are), so every customer's purchases are interleaved with everyone else's.
 * Written once and cached under bench/.data/.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRandom } from '../src/random.js';
import { daysFromCivil } from '../src/time.js';

export interface BenchData {
  readonly path: string;
  readonly bytes: number;
}

const START = daysFromCivil(1997, 1, 1);
const SPAN = daysFromCivil(1998, 6, 30) - START + 1;

function ymd(day: number): string {
  // civil_from_days (Hinnant), integer arithmetic only.
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}${m < 10 ? '0' : ''}${m}${d < 10 ? '0' : ''}${d}`;
}

/** Generate (or reuse) the file; returns its path and size. */
export function ensureBenchData(path: string, customers = 1_000_000, meanRows = 7.4, seed = 2026): BenchData {
  if (existsSync(path)) return { path, bytes: statSync(path).size };
  mkdirSync(dirname(path), { recursive: true });
  const rng = createRandom(seed);
  // Rows per customer: 1 + Poisson(meanRows - 1) drawn from a gamma mixture (heterogeneous buyers).
  const counts = new Uint32Array(customers);
  let total = 0;
  for (let c = 0; c < customers; c++) {
    const n = 1 + rng.poisson(rng.gamma(1.5, (meanRows - 1) / 1.5));
    counts[c] = n;
    total += n;
  }
  const customer = new Uint32Array(total);
  const day = new Int32Array(total);
  const cents = new Uint32Array(total);
  let r = 0;
  for (let c = 0; c < customers; c++) {
    const first = rng.int(90);
    const spend = rng.gamma(4, 6);
    for (let k = 0; k < counts[c]!; k++) {
      customer[r] = c;
      day[r] = k === 0 ? first : first + rng.int(SPAN - first);
      cents[r] = 100 + Math.round(rng.gamma(2, spend / 2) * 100);
      r++;
    }
  }
  // Counting sort by day: date-ordered export.
  const perDay = new Uint32Array(SPAN + 1);
  for (let i = 0; i < total; i++) perDay[day[i]! + 1]!++;
  for (let d = 0; d < SPAN; d++) perDay[d + 1]! += perDay[d]!;
  const order = new Uint32Array(total);
  for (let i = 0; i < total; i++) order[perDay[day[i]!]!++] = i;
  const labels = Array.from({ length: SPAN }, (_, d) => ymd(START + d));
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    let chunk = 'customer_id,date,amount\n';
    for (let j = 0; j < total; j++) {
      const i = order[j]!;
      const v = cents[i]!;
      const frac = v % 100;
      chunk += `C${100000 + customer[i]!},${labels[day[i]!]!},${(v - frac) / 100}.${frac < 10 ? '0' : ''}${frac}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  return { path, bytes: statSync(path).size };
}
