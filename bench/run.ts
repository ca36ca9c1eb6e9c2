/**
 * The benchmark suite (`npm run bench`, or `npm run bench -- --quick` for smaller sizes): runs each
 * per-module bench script as a workload in a fresh child process (so peak memory, the child's
 * `process.resourceUsage().maxRSS`, is per workload), reads the timed figure from its output, and
 * prints ONE table — workload, size, wall time, throughput, peak memory, target, pass/fail — then runs
 * the Python peers beside clvkit on the same data in the same run (bench/peers/run-peers.ts: pandas +
 * lifetimes, scikit-learn, installed into .bench-venv/ from PyPI) and prints their table of measured
 * ratios with issue 18's targets, met / not met. No Python figure is quoted. Also writes
 * bench/.data/results.json (and peers.json).
 *
 * Workloads: summarize (bench/summarize.ts), the DuckDB path (bench/duckdb.ts), BG/NBD fit
 * (bench/clv-fit.ts), CLV (bench/clv-value.ts), k-means (bench/kmeans.ts, run with --no-ml so the
 * memory figure is clvkit's own), Pareto (bench/pareto.ts), streaming memory (bench/stream-memory.ts)
 * and one-call scoring (bench/scoring.ts); opt-in (`--large`): streaming memory over 50M rows. A script may print `BENCH_RESULT {"wallSeconds", "count"}`;
 * otherwise the timed figure is read from its own output with the patterns below.
 *
 * Data comes from the project's own seeded generators (bench/summarize-data.ts for the transactions
 * CSV, written once under bench/.data/; the others simulate in memory). Peak memory includes the
 * script's own data generation, which is not timed.
 *
 *   npm run bench                       # full sizes
 *   npm run bench -- --quick            # smaller sizes (the 7.4M-row CSV workload has no smaller size)
 *   npm run bench -- --only duckdb,kmeans
 *   npm run bench -- --large            # also the opt-in slow workloads: streaming summary of 50M
 *                                       # generated rows of 1M customers (memory must stay flat)
 *   npm run bench -- --only 50m         # just that one
 *   npm run bench -- --no-peers         # clvkit only
 *   npm run bench -- --only peers       # the Python peers only
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

interface Workload {
  readonly name: string;
  readonly script: string;
  readonly args: readonly string[];
  readonly quickArgs: readonly string[];
  /** What is timed, at full size and in quick mode. */
  readonly size: string;
  readonly quickSize: string;
  /** Items processed, for throughput (full, quick), and their unit. */
  readonly count: number;
  readonly quickCount: number;
  readonly unit: string;
  /** Patterns for the timed wall time in seconds, tried in order (a BENCH_RESULT JSON line wins). */
  readonly wall: readonly RegExp[];
  /** Target: wall time at most `seconds`, peak memory at most `memoryMB`. */
  readonly target?: {
    readonly seconds?: number;
    readonly memoryMB?: number;
    readonly text: string /** A speed-up the script reports as BENCH_RESULT `ratio`, at least this. */;
    readonly ratio?: number;
  };
  /** Slow: run only with `--large` (or when named with `--only`). */
  readonly optIn?: boolean;
}

const WORKLOADS: readonly Workload[] = [
  {
    name: 'summarize (csv-parse path)',
    script: 'bench/summarize.ts',
    args: [],
    quickArgs: [],
    size: '7.4M rows, 1M customers',
    quickSize: '7.4M rows, 1M customers',
    count: 0,
    quickCount: 0,
    unit: 'rows',
    wall: [/wall time\s+([\d.]+) s/],
    target: { seconds: 13, memoryMB: 600, text: '< 13 s, < 600 MB' },
  },
  {
    name: 'summarize (DuckDB path)',
    script: 'bench/duckdb.ts',
    args: [],
    quickArgs: ['100000'],
    size: '7.4M rows, 1M customers',
    quickSize: '0.74M rows, 100k customers',
    count: 0,
    quickCount: 0,
    unit: 'rows',
    wall: [/wall time\s+([\d.]+) s/],
    target: { seconds: 2, text: '< 2 s' },
  },
  {
    name: 'fit BG/NBD',
    script: 'bench/clv-fit.ts',
    args: [],
    quickArgs: ['100000'],
    size: '1M customers',
    quickSize: '100k customers',
    count: 1_000_000,
    quickCount: 100_000,
    unit: 'customers',
    wall: [/fitBgNbd[^\n]*?:\s+([\d.]+) s/, /wall time\s+([\d.]+) s/],
    target: { seconds: 8.6 / 5, text: '≤ 1.72 s (5× faster)' },
  },
  {
    name: 'CLV (BG/NBD × Gamma-Gamma)',
    script: 'bench/clv-value.ts',
    args: [],
    quickArgs: ['100000'],
    size: '1M customers, 12 months',
    quickSize: '100k customers, 12 months',
    count: 1_000_000,
    quickCount: 100_000,
    unit: 'customers',
    wall: [/wall time\s+([\d.]+) s/],
    target: { seconds: 8.3 / 10, text: '≤ 0.83 s (10× faster)' },
  },
  {
    name: 'k-means (k = 6, threads: 2)',
    script: 'bench/kmeans.ts',
    args: ['1000000', '--no-ml'],
    quickArgs: ['100000', '--no-ml'],
    size: '1M × 4',
    quickSize: '100k × 4',
    count: 1_000_000,
    quickCount: 100_000,
    unit: 'rows',
    wall: [/init \+ Lloyd \+ final assignment, threads: 2: ([\d.]+) s wall/],
    target: { seconds: 0.9, text: '≤ 0.9 s (1.5× sklearn)' },
  },
  {
    name: 'Pareto analysis',
    script: 'bench/pareto.ts',
    args: ['10000000'],
    quickArgs: ['1000000'],
    size: '10M values',
    quickSize: '1M values',
    count: 10_000_000,
    quickCount: 1_000_000,
    unit: 'values',
    wall: [/paretoAnalysis total \(values only\):\s+([\d.]+) s wall/],
  },
  {
    name: 'streaming summary memory',
    script: 'bench/stream-memory.ts',
    args: [],
    quickArgs: ['--rows', '2000000'],
    size: '20M generated rows',
    quickSize: '2M generated rows',
    count: 20_000_000,
    quickCount: 2_000_000,
    unit: 'rows',
    wall: [/wall time\s+([\d.]+) s/],
  },
  {
    name: 'streaming memory, 50M rows (--large)',
    script: 'bench/stream-memory.ts',
    args: ['--rows', '50000000', '--customers', '1000000', '--days', '730'],
    quickArgs: ['--rows', '10000000', '--customers', '1000000', '--days', '730'],
    size: '50M generated rows, 1M customers × 730 days',
    quickSize: '10M generated rows, 1M customers × 730 days',
    count: 50_000_000,
    quickCount: 10_000_000,
    unit: 'rows',
    wall: [/wall time\s+([\d.]+) s/],
    // Memory must not grow with rows: the same customers at 10M rows stay under this too.
    target: { memoryMB: 1000, text: '< 1 GB peak' },
    optIn: true,
  },
  {
    name: 'scoreCustomers (one call)',
    script: 'bench/scoring.ts',
    args: ['200000'],
    quickArgs: ['50000'],
    size: '200k customers × 24 months',
    quickSize: '50k customers × 24 months',
    count: 200_000,
    quickCount: 50_000,
    unit: 'customers',
    wall: [/wall: ([\d.]+) s/],
  },
  {
    name: 'readBook (bundled book)',
    script: 'bench/read-book.ts',
    args: ['9'],
    quickArgs: ['3'],
    size: 'fixtures/bank, median of 9 (vs readBankBook)',
    quickSize: 'fixtures/bank, median of 3',
    count: 84_395,
    quickCount: 84_395,
    unit: 'rows',
    wall: [/wall: ([\d.]+) s/],
  },
  {
    name: 'scoreStream (bounded memory)',
    script: 'bench/score-stream.ts',
    args: ['200000'],
    quickArgs: ['100000'],
    size: '200k customers × 24 months, chunks of 50k, CSV out',
    quickSize: '100k customers × 24 months, chunks of 50k, CSV out',
    count: 200_000,
    quickCount: 100_000,
    unit: 'customers',
    wall: [/wall: ([\d.]+) s/],
    target: { memoryMB: 2000, text: '< 2 GB peak' },
  },
  {
    name: 'scoreStream, 1M customers (--large)',
    script: 'bench/score-stream.ts',
    args: ['1000000'],
    quickArgs: ['1000000'],
    size: '1M customers × 24 months, chunks of 50k, CSV out',
    quickSize: '1M customers × 24 months, chunks of 50k, CSV out',
    count: 1_000_000,
    quickCount: 1_000_000,
    unit: 'customers',
    wall: [/wall: ([\d.]+) s/],
    target: { memoryMB: 2000, text: '< 2 GB peak (flat: same as 200k)' },
    optIn: true,
  },
  {
    name: 'scoreStream, 10M customers (--large)',
    script: 'bench/score-stream.ts',
    args: ['10000000'],
    quickArgs: ['3000000'],
    size: '10M customers × 24 months, chunks of 50k, CSV out',
    quickSize: '3M customers × 24 months, chunks of 50k, CSV out',
    count: 10_000_000,
    quickCount: 3_000_000,
    unit: 'customers',
    wall: [/wall: ([\d.]+) s/],
    target: { memoryMB: 2000, text: '< 2 GB peak, flat (same as 1M)' },
    optIn: true,
  },
  {
    name: 'streamBook: sorted CSV book streamed, scored, CSV out',
    script: 'bench/stream-book.ts',
    args: ['100000', '--chunk', '20000'],
    quickArgs: ['20000', '--chunk', '5000'],
    size: '100k customers × 24 months, chunks of 20k',
    quickSize: '20k customers × 24 months, chunks of 5k',
    count: 100_000,
    quickCount: 20_000,
    unit: 'customers',
    wall: [/wall: ([\d.]+) s/],
    target: { memoryMB: 2000, text: '< 2 GB peak (bounded by the chunk)' },
  },
  {
    name: 'score CSV writer vs toCsv()',
    script: 'bench/score-stream.ts',
    args: ['--csv', '200000'],
    quickArgs: ['--csv', '50000'],
    size: '200k scored customers',
    quickSize: '50k scored customers',
    count: 200_000,
    quickCount: 50_000,
    unit: 'records',
    wall: [/writeScoresCsv\(scores\) \(bytes, from the columns\)\s+([\d.]+) ms/],
    target: { ratio: 3, text: '≥ 3× faster than toCsv() as of 63b4380' },
  },
];

/** Printed by the child at exit (preloaded with --import): its own peak resident set size. */
const MAXRSS_HOOK = `data:text/javascript,process.on('exit',()=>{process.stderr.write('\\nBENCH_MAXRSS '+process.resourceUsage().maxRSS+'\\n')})`;
const root = fileURLToPath(new URL('..', import.meta.url));

interface Row {
  readonly workload: string;
  readonly size: string;
  readonly wallSeconds?: number;
  readonly throughput?: string;
  readonly peakMB?: number;
  readonly target: string;
  readonly status: 'pass' | 'FAIL' | '—' | 'ERROR';
  readonly note?: string;
}

function runChild(script: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', MAXRSS_HOOK, script, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function countFrom(stdout: string): number | undefined {
  const m = /rows\s+([\d,]+)/.exec(stdout);
  return m ? Number(m[1]!.replace(/,/g, '')) : undefined;
}

function formatCount(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(0)}k` : String(n);
}

async function runWorkload(w: Workload, quick: boolean): Promise<Row[]> {
  const size = quick ? w.quickSize : w.size;
  const base = { workload: w.name, size, target: w.target?.text ?? '—' };
  if (!existsSync(`${root}/${w.script}`)) return [{ ...base, status: 'ERROR', note: `${w.script} not found` }];
  process.stderr.write(`running ${w.name} (${size}) ...\n`);
  const { code, stdout, stderr } = await runChild(w.script, quick ? w.quickArgs : w.args);
  const rss = /BENCH_MAXRSS (\d+)/.exec(stderr);
  const peakMB = rss ? Number(rss[1]) / 1024 : undefined;
  let wall: number | undefined;
  let count = quick ? w.quickCount : w.count;
  let sqlOnly: number | undefined;
  let ratio: number | undefined;
  const json = /BENCH_RESULT (\{.*\})/.exec(stdout);
  if (json) {
    const r = JSON.parse(json[1]!) as { wallSeconds: number; count?: number; sqlSeconds?: number; ratio?: number };
    wall = r.wallSeconds;
    ratio = r.ratio;
    sqlOnly = r.sqlSeconds;
    if (r.count !== undefined) count = r.count;
  } else {
    for (const re of w.wall) {
      const m = re.exec(stdout);
      if (m) {
        wall = Number(m[1]);
        break;
      }
    }
    if (count === 0) count = countFrom(stdout) ?? 0;
  }
  if (code !== 0 || wall === undefined || !Number.isFinite(wall)) {
    const tail = (
      stderr
        .replace(/BENCH_MAXRSS \d+/, '')
        .trim()
        .split('\n')
        .pop() ?? ''
    ).slice(0, 120);
    return [
      { ...base, ...(peakMB !== undefined ? { peakMB } : {}), status: 'ERROR', note: code !== 0 ? `exit ${code}: ${tail}` : 'no wall time in the output' },
    ];
  }
  const throughput = count > 0 ? `${formatCount(count / wall)} ${w.unit}/s` : '—';
  let status: Row['status'] = '—';
  if (w.target !== undefined && !quick) {
    const timeOk = w.target.seconds === undefined || wall <= w.target.seconds;
    const memOk = w.target.memoryMB === undefined || (peakMB !== undefined && peakMB <= w.target.memoryMB);
    const ratioOk = w.target.ratio === undefined || (ratio !== undefined && ratio >= w.target.ratio);
    status = timeOk && memOk && ratioOk ? 'pass' : 'FAIL';
  }
  if (w.target?.ratio !== undefined) base.target = `${w.target.text} (measured ${ratio === undefined ? '—' : `${ratio.toFixed(2)}×`})`;
  const rows: Row[] = [{ ...base, wallSeconds: wall, throughput, ...(peakMB !== undefined ? { peakMB } : {}), status, note: stdout }];
  if (sqlOnly !== undefined) {
    rows.push({
      workload: '  portable statement alone (no transfer)',
      size,
      wallSeconds: sqlOnly,
      throughput: count > 0 ? `${formatCount(count / sqlOnly)} ${w.unit}/s` : '—',
      target: '—',
      status: '—',
    });
  }
  return rows;
}

function cpuModel(): string {
  try {
    const m = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1]!.trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown';
}

function table(rows: readonly Row[]): string {
  const header = ['workload', 'size', 'wall time', 'throughput', 'peak memory', 'target', 'result'];
  const body = rows.map((r) => [
    r.workload,
    r.size,
    r.wallSeconds !== undefined ? `${r.wallSeconds.toFixed(2)} s` : '—',
    r.throughput ?? '—',
    r.peakMB !== undefined ? `${r.peakMB.toFixed(0)} MB` : '—',
    r.target,
    r.status === 'ERROR' ? `ERROR: ${r.note ?? ''}` : r.status,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const onlyArg = argv.find((a) => a.startsWith('--only'));
const only = onlyArg === undefined ? undefined : (onlyArg.includes('=') ? onlyArg.split('=')[1]! : (argv[argv.indexOf(onlyArg) + 1] ?? '')).split(',');
const large = argv.includes('--large');
const named = (w: Workload): boolean => only?.some((o) => w.script.includes(o) || w.name.toLowerCase().includes(o.toLowerCase())) === true;
const namedByName = (w: Workload): boolean => only?.some((o) => w.name.toLowerCase().includes(o.toLowerCase())) === true;
// An opt-in workload runs with --large, or when --only names it by its name (e.g. --only 50m).
const selected = WORKLOADS.filter((w) => (only === undefined || named(w)) && (w.optIn !== true || large || namedByName(w)));
const withPeers = !argv.includes('--no-peers') && (only === undefined || only.includes('peers'));

const loadBefore = loadavg();
const started = new Date().toISOString();
const rows: Row[] = [];
for (const w of selected) rows.push(...(await runWorkload(w, quick)));
const loadAfter = loadavg();

const machine = `${cpus().length} cores (${cpuModel()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM (${(freemem() / 2 ** 30).toFixed(0)} GiB free), Node ${process.version}, ${process.platform}/${process.arch}`;
console.log(`clvkit benchmarks${quick ? ' (--quick: smaller sizes, no pass/fail)' : ''} — ${started}`);
console.log(`machine: ${machine}`);
console.log(
  `load average before ${loadBefore.map((v) => v.toFixed(2)).join(' ')}, after ${loadAfter.map((v) => v.toFixed(2)).join(' ')} (other work on the machine shows here)`,
);
console.log('');
if (rows.length > 0) console.log(table(rows));
console.log('');
console.log(
  'wall time: the timed step as the workload script reports it (data generation excluded); peak memory: the child process maxRSS (generation included).',
);
mkdirSync(`${root}/bench/.data`, { recursive: true });
writeFileSync(
  `${root}/bench/.data/results${quick ? '-quick' : ''}.json`,
  `${JSON.stringify({ started, machine, quick, loadBefore, loadAfter, rows: rows.map(({ note, ...r }) => (r.status === 'ERROR' ? { ...r, note } : r)) }, null, 2)}\n`,
);
if (rows.some((r) => r.status === 'ERROR')) process.exitCode = 1;

// The Python peers, measured now on the same data (see bench/peers/run-peers.ts).
if (withPeers) {
  console.log('');
  const peers = spawn(process.execPath, ['--import', 'tsx', 'bench/peers/run-peers.ts', ...(quick ? ['--quick'] : [])], { cwd: root, stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve) => peers.on('close', resolve));
  if (code !== 0) process.exitCode = 1;
}
