/**
 * The data the clvkit and Python sides of bench/peers read, written once under bench/.data/ from the
 * project's seeded generators, as raw little-endian float64 columns (exact, and read by numpy without
 * parsing):
 *
 * - customers-<n>.f64: n customers × [frequency, recency, T, monetary_value] (row-major), weekly: BG/NBD
 *   truth r 0.243, α 4.414, a 0.793, b 2.426 (FHL 2005), ages T of 1–78 weeks on a day grid, recency
 *   floored to whole days (as bench/clv-fit.ts); Gamma-Gamma spend p 6.25, q 3.74, γ 15.44.
 * - kmeans-<n>.f64: n rows × 4 features, a seeded mixture of 6 Gaussian blobs (as bench/kmeans.ts).
 * The 7.4M-row transactions CSV is bench/summarize-data.ts's.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { simulateBgNbd } from '../../src/clv/bg-nbd/simulate-bg-nbd.js';
import { simulateGammaGamma } from '../../src/clv/gamma-gamma/simulate-gamma-gamma.js';
import { createRandom } from '../../src/random.js';

export const DATA_DIR = fileURLToPath(new URL('../.data/', import.meta.url));

function writeAtomically(path: string, data: Float64Array): void {
  mkdirSync(DATA_DIR, { recursive: true });
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    for (let at = 0; at < bytes.length; at += 1 << 24) writeSync(fd, bytes, at, Math.min(1 << 24, bytes.length - at));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** customers-<n>.f64 (see the file comment); returns its path. */
export function ensureCustomers(n: number): string {
  const path = `${DATA_DIR}customers-${n}.f64`;
  if (existsSync(path)) return path;
  const rng = createRandom(2026);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) T[i] = (7 + rng.int(540)) / 7;
  const sim = simulateBgNbd({ params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, T, seed: 7 });
  for (let i = 0; i < n; i++) sim.recency[i] = Math.floor(sim.recency[i]! * 7) / 7;
  const spend = simulateGammaGamma({ params: { p: 6.25, q: 3.74, gamma: 15.44 }, frequency: sim.frequency, seed: 11 });
  const out = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) {
    out[4 * i] = sim.frequency[i]!;
    out[4 * i + 1] = sim.recency[i]!;
    out[4 * i + 2] = sim.T[i]!;
    out[4 * i + 3] = spend.monetaryValue[i]!;
  }
  writeAtomically(path, out);
  return path;
}

/** kmeans-<n>.f64 (see the file comment); returns its path. */
export function ensureKMeansData(n: number): string {
  const path = `${DATA_DIR}kmeans-${n}.f64`;
  if (existsSync(path)) return path;
  const d = 4;
  const k = 6;
  const rng = createRandom(2026);
  const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => rng.uniform(-3, 3)));
  const weights = [0.3, 0.25, 0.15, 0.12, 0.1, 0.08];
  const spreads = [1, 0.8, 0.6, 1.2, 0.5, 0.9];
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let u = rng.next();
    let c = 0;
    while (c < k - 1 && u >= weights[c]!) u -= weights[c++]!;
    for (let j = 0; j < d; j++) data[i * d + j] = centres[c]![j]! + spreads[c]! * rng.normal();
  }
  writeAtomically(path, data);
  return path;
}

/** Read a float64 file as columns of `width`. */
export function readColumns(path: string, width: number, rows?: number): Float64Array[] {
  const buffer = readFileSync(path);
  const all = new Float64Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 8);
  const n = Math.min(rows ?? Infinity, all.length / width);
  const columns = Array.from({ length: width }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) for (let c = 0; c < width; c++) columns[c]![i] = all[i * width + c]!;
  return columns;
}
