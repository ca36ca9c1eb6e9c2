import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

const RUNNER = fileURLToPath(new URL('../../scripts/spark-sql-runner.py', import.meta.url));
/** The Python that runs Spark: $CLVKIT_PYTHON or python3. */
const PYTHON = process.env.CLVKIT_PYTHON ?? 'python3';

/** Why Spark cannot run here, or undefined when java and pyspark are both present. */
function sparkMissing(): string | undefined {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error !== undefined || java.status !== 0) return 'java not found (apt-get install -y openjdk-17-jre-headless)';
  const py = spawnSync(PYTHON, ['-c', 'import pyspark; print(pyspark.__version__)'], { encoding: 'utf8' });
  if (py.error !== undefined || py.status !== 0) return `pyspark not importable by ${PYTHON} (pip install pyspark==3.5.9)`;
  return undefined;
}

/** Why Spark tests skip here (undefined: they run). */
export const sparkSkipReason = sparkMissing();

/**
 * `describe` for tests that need a local Spark: where java or pyspark is absent the suite is
 * registered as skipped with the reason in its name — unless CLVKIT_REQUIRE_SPARK=1 (CI), where
 * the absence is an error, so CI never skips these tests.
 */
export function describeWithSpark(name: string, body: () => void): void {
  if (sparkSkipReason === undefined) describe(name, body);
  else if (process.env.CLVKIT_REQUIRE_SPARK === '1') {
    describe(name, () => {
      throw new Error(`CLVKIT_REQUIRE_SPARK=1 but Spark cannot run: ${sparkSkipReason}`);
    });
  } else describe.skip(`${name} — skipped: ${sparkSkipReason}`, body);
}

/**
 * A table registered as a cached temp view: a CSV file (every column a string unless `schema`, a Spark DDL
 * such as 'x BIGINT, v DOUBLE'; `rowNumber` adds a 1-based file-order column), or numeric `rows` under
 * `columns` written to a CSV here (doubles with round-trip digits) and read with `schema`.
 */
export type SparkTable =
  | { readonly name: string; readonly csv: string; readonly rowNumber?: string; readonly schema?: string }
  | { readonly name: string; readonly columns: readonly string[]; readonly rows: readonly (readonly number[])[]; readonly schema: string };

/** A statement: run only, or (with `name`) run and collected. */
export interface SparkStatement {
  readonly sql: string;
  readonly name?: string;
}

/** Collected results by statement name: column names and rows of cells (doubles exact; NaN/±Infinity as strings). */
export type SparkResults = Record<string, { readonly columns: readonly string[]; readonly rows: readonly (readonly unknown[])[] }>;

/** Run a job on one local[2] Spark session (scripts/spark-sql-runner.py) and return its collected results. */
export function runSpark(
  tables: readonly SparkTable[],
  statements: readonly SparkStatement[],
): { sparkVersion: string; results: SparkResults; seconds: number[] } {
  const dir = mkdtempSync(join(tmpdir(), 'clvkit-spark-'));
  try {
    const job = join(dir, 'job.json');
    const out = join(dir, 'out.json');
    const files = tables.map((t, i) => {
      if ('csv' in t) return t;
      const csv = join(dir, `table-${i}.csv`);
      writeFileSync(
        csv,
        `${t.columns.join(',')}\n${t.rows.map((r) => r.map((v) => (Number.isSafeInteger(v) ? String(v) : v.toExponential())).join(',')).join('\n')}\n`,
      );
      return { name: t.name, csv, schema: t.schema };
    });
    writeFileSync(job, JSON.stringify({ tables: files, statements }));
    try {
      execFileSync(PYTHON, [RUNNER, job, out], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TZ: 'UTC', PYSPARK_PYTHON: PYTHON },
        timeout: 300_000,
      });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new Error(
        `Spark job failed: ${stderr
          .split('\n')
          .filter((l) => l.trim() !== '')
          .slice(-15)
          .join('\n')}`,
      );
    }
    return JSON.parse(readFileSync(out, 'utf8')) as { sparkVersion: string; results: SparkResults; seconds: number[] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Rows as objects keyed by column name (what readSummaries takes). */
export function rowObjects(result: SparkResults[string]): Record<string, unknown>[] {
  return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, row[i]])));
}
