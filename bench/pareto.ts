/**
 * Benchmark (not a test): Pareto concentration analysis of 10 million customer values.
 *
 * Data: seeded log-normal values, exp(N(10, 1.5²)) — a skewed, AUM-like book — generated in memory.
 * Prints the time of the one sort (clvkit's radix sort, with `Float64Array.prototype.sort` as the
 * reference, and optionally the comparator sort of an index array), the total `paretoAnalysis`
 * time without and with ids and a 3-level group column, throughput and peak memory, and checks the
 * result against the log-normal's known Gini = erf(σ/2).
 *
 * Run: npx tsx bench/pareto.ts [values] [--index-sort]
 */
import { errorFunction } from 'simple-statistics';
import { paretoAnalysis } from '../src/pareto/pareto-analysis.js';
import { sortDescendingNonNegative } from '../src/pareto/sort-descending.js';
import { createRandom } from '../src/random.js';

const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10_000_000);
const withIndexSort = process.argv.includes('--index-sort');
const sigma = 1.5;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

/** Wall time and CPU time (user + system) of one call, in ms. CPU time is the steadier figure on a busy machine. */
interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

function time<T>(f: () => T): [T, Timing] {
  const c = process.cpuUsage();
  const t = performance.now();
  const out = f();
  const wall = performance.now() - t;
  const used = process.cpuUsage(c);
  return [out, { wall, cpu: (used.user + used.system) / 1000 }];
}

function best<T>(runs: number, f: () => T): [T, Timing] {
  let result: T | undefined;
  let fastest: Timing = { wall: Infinity, cpu: Infinity };
  for (let r = 0; r < runs; r++) {
    const [out, timing] = time(f);
    result = out;
    if (timing.wall < fastest.wall) fastest = timing;
  }
  return [result!, fastest];
}

function show(timing: Timing): string {
  return `${seconds(timing.wall)} wall, ${seconds(timing.cpu)} CPU`;
}

const [values, tData] = time(() => {
  const rng = createRandom(2026);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.exp(rng.normal(10, sigma));
  return out;
});
const regions = ['urban', 'suburban', 'rural'] as const;
const groups: string[] = new Array<string>(n);
const ids = new Uint32Array(n);
{
  const rng = createRandom(7);
  for (let i = 0; i < n; i++) {
    groups[i] = regions[rng.int(3)]!;
    ids[i] = 100_000_000 + i;
  }
}

console.log(`workload: Pareto concentration analysis, ${n.toLocaleString('en-US')} log-normal values (σ = ${sigma}, seed 2026)`);
console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
console.log(`data generation: ${seconds(tData.wall)} (not counted)`);

const [, tBuiltIn] = best(2, () => values.slice().sort());
const [, tRadix] = best(3, () => sortDescendingNonNegative(values));
console.log(`sort, Float64Array.prototype.sort (reference, copy + sort): ${show(tBuiltIn)}`);
console.log(`sort, clvkit radix sort (copy + sort, descending):          ${show(tRadix)}  ← the one sort paretoAnalysis does`);
if (withIndexSort) {
  const [, tIndex] = time(() => {
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    return order.sort((a, b) => values[b]! - values[a]!);
  });
  console.log(`sort, Uint32Array of indices with a comparator (not used):  ${show(tIndex)}`);
}

const [plain, tPlain] = best(3, () => paretoAnalysis(values, { column: 'aum' }));
const [full, tFull] = best(2, () => paretoAnalysis(values, { column: 'aum', ids, groups }));
console.log(`paretoAnalysis total (values only):        ${show(tPlain)}  (${(((n / tPlain.wall) * 1000) / 1e6).toFixed(1)} M values/s wall)`);
console.log(`paretoAnalysis total (with ids, 3 groups): ${show(tFull)}  (${(((n / tFull.wall) * 1000) / 1e6).toFixed(1)} M values/s wall)`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (input ${((n * 8) / 2 ** 20).toFixed(0)} MB of values + ids + group strings)`);

const top20 = plain.topShares.find((t) => t.customerShare === 0.2)!;
const expectedGini = errorFunction(sigma / 2);
console.log(
  `result: Gini ${plain.gini.toFixed(4)} (log-normal truth erf(σ/2) = ${expectedGini.toFixed(4)}), ` +
    `top 20% hold ${(top20.valueShare * 100).toFixed(1)}%, ` +
    `Pareto point ${(plain.paretoPoint.customerShare * 100).toFixed(2)}% of customers (${plain.paretoPoint.customers.toLocaleString('en-US')} members), ` +
    `ABC ${plain.abc.classes.map((c) => `${c.label} ${c.customers.toLocaleString('en-US')}`).join(' / ')}`,
);
console.log(`groups: ${full.groups!.map((g) => `${g.group} ${g.customers.toLocaleString('en-US')}`).join(', ')}`);
if (Math.abs(plain.gini - expectedGini) > 0.002) {
  console.error('Gini differs from the log-normal truth by more than 0.002');
  process.exitCode = 1;
}
