import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { customerLifetimeValue } from '../clv/customer-lifetime-value.js';
import { distinctRows } from '../clv/core/compress-rows.js';
import type { FittedGammaGammaModel } from '../clv/gamma-gamma/fit-gamma-gamma.js';
import type { FittedTransactionModel, RfmColumns } from '../clv/transaction-model.js';
import { DAYS_PER_UNIT, type TimeUnit } from '../time.js';
import { parseOptions } from '../validate.js';
import { dialectRules, quoteIdentifier, SQL_DIALECTS, type SqlDialect } from './sql-dialect.js';

const FN = 'scoringSql';

/** The transaction models whose scores {@link scoringSql} writes. */
export const SCORING_SQL_MODELS = ['bg-nbd', 'mbg-nbd', 'pareto-nbd'] as const;

const CALENDAR_UNITS = ['day', 'week', 'month', 'year'] as const;
const identifier = z.string().min(1);
const duration = z.object({ value: z.number().positive().finite(), unit: z.enum(CALENDAR_UNITS) }).strict();
const columnLike = z.custom<ArrayLike<number>>((v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)), {
  message: 'expected an array of numbers or a typed array',
});

const scoringSqlSchema = z
  .object({
    /** The fitted transaction model: BG/NBD, MBG/NBD or Pareto/NBD (in day, week or month units). */
    transactionModel: z.custom<FittedTransactionModel>(
      (v) =>
        v !== null &&
        typeof v === 'object' &&
        typeof (v as FittedTransactionModel).kind === 'string' &&
        typeof (v as FittedTransactionModel).conditionalExpectedTransactions === 'function',
      { message: 'expected a fitted transaction model (fitBgNbd, fitModifiedBgNbd, fitParetoNbd)' },
    ),
    /** A fitted Gamma-Gamma model: adds expected_spend and clv (closed form in SQL). */
    spendModel: z
      .custom<FittedGammaGammaModel>((v) => v !== null && typeof v === 'object' && (v as FittedGammaGammaModel).kind === 'gamma-gamma', {
        message: 'expected a fitted Gamma-Gamma model (fitGammaGamma)',
      })
      .optional(),
    /**
     * The customers' patterns the lookup table is built from: frequency, recency and T columns in the
     * model's unit (a CustomerSummary, or the distinct patterns read back from the warehouse). Every
     * customer the statement scores must have its pattern here (else its lookup columns are NULL).
     */
    patterns: z.custom<RfmColumns>(
      (v) => v !== null && typeof v === 'object' && ['frequency', 'recency', 'T'].every((k) => columnLike.safeParse((v as Record<string, unknown>)[k]).success),
      { message: 'expected frequency, recency and T columns (a CustomerSummary or plain arrays)' },
    ),
    /** The summary table (summarySql's output, with T in the model's unit): a name, `schema.table`, or the parts. */
    table: z.union([identifier, z.array(identifier).min(1).readonly()]),
    /** Column names of the summary table (defaults: summarySql's). */
    columns: z
      .object({
        customerId: identifier.default('customer_id'),
        frequency: identifier.default('frequency'),
        recency: identifier.default('recency'),
        T: identifier.default('T'),
        monetaryValue: identifier.default('monetary_value'),
      })
      .strict()
      .default({ customerId: 'customer_id', frequency: 'frequency', recency: 'recency', T: 'T', monetaryValue: 'monetary_value' }),
    /** How far ahead expected transactions and CLV reach, e.g. `{ value: 12, unit: 'month' }`. */
    horizon: duration,
    /** Length of one cash-flow step (default 'month'); as in customerLifetimeValue. */
    step: z.enum(CALENDAR_UNITS).default('month'),
    /** Discount rate and the period it is quoted for, e.g. `{ rate: 0.1, per: 'year' }`; rate 0 = no discounting. */
    discountRate: z.object({ rate: z.number().min(0).max(10), per: z.enum(CALENDAR_UNITS) }).strict(),
    /** Share of revenue that is profit (needs spendModel). */
    margin: z.number().min(0).max(1e6).optional(),
    /** 'inline' (default): the lookup travels inside the statement; `{ table }`: the statement joins that table, loaded from `lookup.rows`. */
    lookup: z.union([z.literal('inline'), z.object({ table: z.union([identifier, z.array(identifier).min(1).readonly()]) }).strict()]).default('inline'),
    dialect: z.enum(SQL_DIALECTS),
  })
  .strict();

/** Options of {@link scoringSql}. */
export type ScoringSqlOptions = z.input<typeof scoringSqlSchema>;

/** The lookup over distinct patterns: integer day keys and the model's values, one row per pattern. */
export interface ScoringLookup {
  /**
   * Column names, keys first. BG/NBD, MBG/NBD: `x`, `t_days` (T in whole days), `k_horizon`, `k_discounted`
   * (E[Y(H)] and the discounted transactions divided by P(alive), functions of (x, T) only). Pareto/NBD:
   * `x`, `tx_days`, `t_days`, `p_alive`, `e_horizon`, `e_discounted` (the values themselves).
   */
  readonly columns: readonly string[];
  /** Rows, in the order of `columns`. */
  readonly rows: readonly (readonly number[])[];
  /** `CREATE TABLE <name> (...)` in the dialect, for loading `rows` when the lookup is a table. */
  readonly createTableSql: string;
}

/** What {@link scoringSql} returns. */
export interface ScoringSql {
  /** The SELECT: customer_id, probability_alive, expected_transactions, discounted_transactions (+ expected_spend, clv with a spend model), ordered by customer_id. */
  readonly sql: string;
  readonly lookup: ScoringLookup;
  /** Output columns of `sql`, in order. */
  readonly columns: readonly string[];
}

/** A double as a SQL literal every dialect reads as DOUBLE, exactly: shortest round-trip digits with an exponent. */
function dbl(v: number, fn: string): string {
  if (!Number.isFinite(v)) throw new ClvkitError('NUMERIC_FAILURE', `a lookup or parameter value is not finite (${v})`, { fn, value: v });
  return v.toExponential();
}

/** Whole days of a value in `unit` (T or recency on summarySql's day grid), or throw. */
function wholeDays(value: number, unit: TimeUnit, column: string, index: number, fn: string): number {
  const days = value * DAYS_PER_UNIT[unit];
  const whole = Math.round(days);
  if (!Number.isFinite(value) || Math.abs(days - whole) > 1e-6) {
    throw new ClvkitError('INVALID_VALUE', `${column} must fall on whole days (as summarySql writes it): ${value} ${unit}s is ${days} days`, {
      fn,
      column,
      index,
      value,
    });
  }
  return whole;
}

/**
 * The model-dependent part of scoring as ONE SQL statement over the warehouse's summary table
 * (summarySql's output), so that 100M+ customers are scored where they are: the fit runs here on
 * the summaries (or their distinct patterns), the scoring there. Per customer it returns:
 *
 * - `probability_alive`: BG/NBD and MBG/NBD in closed form, P = 1/(1 + e^d) with
 *   d = ln a − ln(b + x + k − 1) + (r + x)(ln(α + T) − ln(α + t_x)) (k = 0 BG/NBD, where x = 0 gives 1;
 *   k = 1 MBG/NBD), written with exp/ln in the overflow-free form; Pareto/NBD (a ₂F₁ ratio) from the lookup.
 * - `expected_transactions` E[Y(H) | x, t_x, T] and `discounted_transactions` Σ_k ΔE_k (1+d)^−k, exactly as
 *   customerLifetimeValue computes them (end-of-step discounting). Their ₂F₁ kernels come from a lookup over
 *   the distinct patterns, computed here: BG/NBD and MBG/NBD factorise as P(alive) · K(x, T) (FHL 2005, eq. 10),
 *   so the lookup is over (x, T) and P(alive) stays closed form; Pareto/NBD's over (x, t_x, T).
 * - with `spendModel`: `expected_spend` = (γ + m̄x)p / (px + q − 1) (Fader & Hardie 2013, eq. 5; the population
 *   mean at x = 0; NULL where x > 0 and m̄ ≤ 0, which customerLifetimeValue rejects) and
 *   `clv` = margin · expected_spend · discounted_transactions.
 *
 * The lookup is keyed on integers — x and T (and t_x for Pareto/NBD) in whole days, recovered in SQL as
 * ROUND(T · days per unit) — so the join never compares doubles. It travels inline (VALUES; BigQuery
 * UNNEST of STRUCTs) or, with `lookup: { table }`, as a table the caller loads from `lookup.rows`
 * (`lookup.createTableSql` creates it). A customer whose pattern is not in `patterns` gets NULL lookup
 * columns (never a guess). Values are written as exponent literals with round-trip digits, so the
 * warehouse reads the same doubles; the scores equal the in-process ones (customerLifetimeValue,
 * probabilityAlive, conditionalExpectedAverageSpend) to about 1e-12 relative.
 *
 * @throws ClvkitError INVALID_OPTIONS (options; margin without spendModel; a 'period' model), UNSUPPORTED
 *   (a model kind other than BG/NBD, MBG/NBD, Pareto/NBD), INVALID_VALUE (a pattern off the day grid or
 *   invalid for the model), NUMERIC_FAILURE (Gamma-Gamma q ≤ 1: no mean spend).
 * @see Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2);
 *   Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value".
 * @example
 * // CDNOW sample, 39-week calibration (2,357 customers), BG/NBD and Gamma-Gamma fitted here:
 * const { sql, lookup } = scoringSql({ transactionModel: bgNbd, spendModel: gg, patterns: summary,
 *   table: 'sales.summary', horizon: { value: 12, unit: 'month' }, discountRate: { rate: 0.1, per: 'year' },
 *   dialect: 'postgres' });
 * sql.split('\n')[0]  // '-- clvkit scoring: bg-nbd in weeks (r = 0.2425947059152590…, …); Gamma-Gamma (p = 6.2495…, …), margin 1; horizon 12 month, step month, discount 0.1 per year'
 * lookup.columns      // ['x', 't_days', 'k_horizon', 'k_discounted']
 * lookup.rows.length  // 464 distinct (x, T) patterns; lookup.rows[0] = [2, 272, 2.151143939421192, 2.0505554050280743]
 */
export function scoringSql(options: ScoringSqlOptions): ScoringSql {
  const fn = FN;
  const o = parseOptions(scoringSqlSchema, options, fn);
  const model = o.transactionModel;
  if (!(SCORING_SQL_MODELS as readonly string[]).includes(model.kind)) {
    throw new ClvkitError('UNSUPPORTED', `scoringSql writes ${SCORING_SQL_MODELS.join(', ')} models, not ${model.kind}`, {
      fn,
      path: ['transactionModel'],
      value: model.kind,
    });
  }
  const unit = model.timeUnit;
  if (unit === 'period') throw new ClvkitError('INVALID_OPTIONS', 'the model must be in a calendar time unit', { fn, path: ['transactionModel'] });
  if (o.margin !== undefined && o.spendModel === undefined) {
    throw new ClvkitError('INVALID_OPTIONS', 'margin applies to the CLV, which needs spendModel', { fn, path: ['margin'] });
  }
  const spend = o.spendModel?.params;
  if (spend !== undefined && !(spend.q! > 1)) {
    throw new ClvkitError('NUMERIC_FAILURE', `the Gamma-Gamma mean spend does not exist for q = ${spend.q} ≤ 1`, { fn, path: ['spendModel'] });
  }
  const dialect: SqlDialect = o.dialect;
  const r = dialectRules(dialect);
  const q = (name: string): string => quoteIdentifier([name], dialect, fn);
  const D = r.doubleType;
  const I = r.integerType;
  const dpu = DAYS_PER_UNIT[unit];
  const closedForm = model.kind !== 'pareto-nbd';

  // Distinct patterns on the integer day grid.
  const n = o.patterns.frequency.length;
  if (o.patterns.recency.length !== n || o.patterns.T.length !== n) {
    throw new ClvkitError('LENGTH_MISMATCH', 'patterns.frequency, recency and T must have the same length', { fn, column: 'patterns' });
  }
  if (n === 0) throw new ClvkitError('EMPTY_INPUT', 'no patterns', { fn, column: 'patterns' });
  const xs = new Float64Array(n);
  const txDays = new Float64Array(n);
  const tDays = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = o.patterns.frequency[i]!;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0)
      throw new ClvkitError('INVALID_VALUE', 'frequency must be a whole number ≥ 0', { fn, column: 'frequency', index: i, value: x });
    xs[i] = x;
    tDays[i] = wholeDays(o.patterns.T[i]!, unit, 'T', i, fn);
    txDays[i] = closedForm ? 0 : wholeDays(o.patterns.recency[i]!, unit, 'recency', i, fn);
  }
  const keys = closedForm ? [xs, tDays] : [xs, txDays, tDays];
  const distinct = distinctRows(keys);
  const m = distinct.length;
  const repX = new Float64Array(m);
  const repTx = new Float64Array(m);
  const repT = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const row = distinct.firstRow[j]!;
    repX[j] = xs[row]!;
    repT[j] = tDays[row]! / dpu;
    // BG family: the representative with t_x = T (x > 0), where P(alive) is largest (as customerLifetimeValue's factorised path).
    repTx[j] = closedForm ? (repX[j] === 0 ? 0 : repT[j]!) : txDays[row]! / dpu;
  }
  // Exact day grid values: T = days / d_u as summarySql writes it (CAST(days AS DOUBLE) / d_u).
  const reps: RfmColumns = { frequency: repX, recency: repTx, T: repT };
  const value = customerLifetimeValue({
    transactionModel: model,
    spend: new Float64Array(m).fill(1),
    customers: reps,
    horizon: o.horizon,
    step: o.step,
    discountRate: o.discountRate,
    evaluation: 'direct',
  });
  const alive = model.probabilityAlive(reps);
  const columns = closedForm ? ['x', 't_days', 'k_horizon', 'k_discounted'] : ['x', 'tx_days', 't_days', 'p_alive', 'e_horizon', 'e_discounted'];
  const rows: number[][] = [];
  for (let j = 0; j < m; j++) {
    if (closedForm) {
      const pa = alive[j]!;
      if (!(pa > 1e-200)) throw new ClvkitError('NUMERIC_FAILURE', `P(alive) of the pattern x = ${repX[j]}, T = ${repT[j]} underflows`, { fn });
      rows.push([repX[j]!, Math.round(repT[j]! * dpu), value.expectedTransactions[j]! / pa, value.discountedTransactions[j]! / pa]);
    } else {
      rows.push([
        repX[j]!,
        Math.round(repTx[j]! * dpu),
        Math.round(repT[j]! * dpu),
        alive[j]!,
        value.expectedTransactions[j]!,
        value.discountedTransactions[j]!,
      ]);
    }
  }
  const keyCount = closedForm ? 2 : 3;
  const typeOf = (c: number): string => (c < keyCount ? I : D);
  const literal = (v: number, c: number): string => (c < keyCount ? String(v) : dbl(v, fn));

  const lookupName = o.lookup === 'inline' ? null : quoteIdentifier(o.lookup.table, dialect, fn);
  const createTableSql = `CREATE TABLE ${lookupName ?? q('clvkit_lookup')} (${columns.map((c, i) => `${q(c)} ${typeOf(i)}`).join(', ')})`;
  let lookupFrom: string;
  if (lookupName !== null) lookupFrom = `${lookupName} AS l`;
  else if (dialect === 'bigquery') {
    const struct = `STRUCT<${columns.map((c, i) => `${c} ${typeOf(i)}`).join(', ')}>`;
    lookupFrom = `UNNEST(ARRAY<${struct}>[\n    ${rows.map((row) => `(${row.map(literal).join(', ')})`).join(',\n    ')}\n  ]) AS l`;
  } else {
    lookupFrom = `(VALUES\n    ${rows.map((row) => `(${row.map(literal).join(', ')})`).join(',\n    ')}\n  ) AS l(${columns.join(', ')})`;
  }

  // Per-customer columns: x, t_x, T as doubles; integer keys on the day grid.
  const src = quoteIdentifier(o.table, dialect, fn);
  const c = o.columns;
  const days = (expr: string): string => `CAST(ROUND(${expr} * CAST(${dbl(dpu, fn)} AS ${D})) AS ${I})`;
  const custCols = [
    `${q(c.customerId)} AS customer_id`,
    `CAST(${q(c.frequency)} AS ${D}) AS x`,
    `CAST(${q(c.recency)} AS ${D}) AS tx`,
    `CAST(${q(c.T)} AS ${D}) AS t`,
    `CAST(${q(c.frequency)} AS ${I}) AS x_key`,
    `${days(`CAST(${q(c.T)} AS ${D})`)} AS t_days`,
    ...(closedForm ? [] : [`${days(`CAST(${q(c.recency)} AS ${D})`)} AS tx_days`]),
    ...(spend !== undefined ? [`CAST(${q(c.monetaryValue)} AS ${D}) AS m`] : []),
  ];
  const join = closedForm ? 'l.x = o.x_key AND l.t_days = o.t_days' : 'l.x = o.x_key AND l.tx_days = o.tx_days AND l.t_days = o.t_days';

  let aliveExpr = '';
  let ctes: string;
  const header = describeModel(model, unit, o, spend);
  if (closedForm) {
    const p = model.params as Readonly<Record<'r' | 'alpha' | 'a' | 'b', number>>;
    const k = model.kind === 'bg-nbd' ? 0 : 1;
    // d = ln a − ln(b + x + k − 1) + (r + x)(ln(α + T) − ln(α + t_x)); the same operation order as in-process.
    const lnBase = `ln(${dbl(p.b, fn)} + x + ${k} - 1)`;
    const d = `${dbl(Math.log(p.a), fn)} - ${lnBase} + (${dbl(p.r, fn)} + x) * (ln(${dbl(p.alpha, fn)} + t) - ln(${dbl(p.alpha, fn)} + tx))`;
    ctes = `WITH s AS (
  SELECT ${custCols.join(',\n    ')}
  FROM ${src}
),
o AS (
  SELECT s.*, ${k === 0 ? `CASE WHEN x = 0 THEN NULL ELSE ${d} END` : d} AS death_odds
  FROM s
)`;
    // 1/(1 + e^d) without overflow or underflow errors (PostgreSQL raises them): exactly 1 below d = −40, 0 above 745.
    aliveExpr = `CASE WHEN death_odds IS NULL THEN CAST(1 AS ${D}) WHEN death_odds < -40 THEN CAST(1 AS ${D}) WHEN death_odds > 745 THEN CAST(0 AS ${D}) WHEN death_odds > 0 THEN exp(-death_odds) / (1 + exp(-death_odds)) ELSE 1 / (1 + exp(death_odds)) END`;
  } else {
    ctes = `WITH o AS (
  SELECT ${custCols.join(',\n    ')}
  FROM ${src}
)`;
  }
  const carried = `o.customer_id, o.x${spend !== undefined ? ', o.m' : ''}`;
  const scored = closedForm
    ? `p AS (
  SELECT ${carried}, ${aliveExpr} AS probability_alive, l.k_horizon, l.k_discounted
  FROM o LEFT JOIN ${lookupFrom} ON ${join}
)`
    : `p AS (
  SELECT ${carried}, l.p_alive AS probability_alive, l.e_horizon, l.e_discounted
  FROM o LEFT JOIN ${lookupFrom} ON ${join}
)`;
  const expected = closedForm ? 'probability_alive * k_horizon' : 'e_horizon';
  const discounted = closedForm ? 'probability_alive * k_discounted' : 'e_discounted';
  const out = ['customer_id', 'probability_alive', 'expected_transactions', 'discounted_transactions'];
  const select = [
    `customer_id AS ${r.quote('customer_id')}`,
    `probability_alive AS ${r.quote('probability_alive')}`,
    `${expected} AS ${r.quote('expected_transactions')}`,
    `${discounted} AS ${r.quote('discounted_transactions')}`,
  ];
  let final = `SELECT\n  ${select.join(',\n  ')}\nFROM p`;
  if (spend !== undefined) {
    const margin = o.margin ?? 1;
    // (γ + m̄x)p / (px + q − 1); m̄ is not read at x = 0 (population mean); NULL for x > 0 with m̄ ≤ 0.
    const spendExpr = `CASE WHEN x = 0 THEN ${dbl(spend.gamma!, fn)} * ${dbl(spend.p!, fn)} / (${dbl(spend.q!, fn)} - 1) WHEN m > 0 THEN (${dbl(spend.gamma!, fn)} + m * x) * ${dbl(spend.p!, fn)} / (${dbl(spend.p!, fn)} * x + ${dbl(spend.q!, fn)} - 1) END`;
    out.push('expected_spend', 'clv');
    final = `SELECT
  customer_id AS ${r.quote('customer_id')},
  probability_alive AS ${r.quote('probability_alive')},
  expected_transactions AS ${r.quote('expected_transactions')},
  discounted_transactions AS ${r.quote('discounted_transactions')},
  expected_spend AS ${r.quote('expected_spend')},
  ${dbl(margin, fn)} * expected_spend * discounted_transactions AS ${r.quote('clv')}
FROM (
  SELECT customer_id, probability_alive, ${expected} AS expected_transactions, ${discounted} AS discounted_transactions, ${spendExpr} AS expected_spend
  FROM p
) AS v`;
  }
  const sql = `${header}\n${ctes},\n${scored}\n${final}\nORDER BY customer_id`;
  return { sql, lookup: { columns, rows, createTableSql }, columns: out };
}

/** The statement's first line: what model, parameters and valuation it encodes. */
function describeModel(
  model: FittedTransactionModel,
  unit: TimeUnit,
  o: z.output<typeof scoringSqlSchema>,
  spend: Readonly<Record<string, number>> | undefined,
): string {
  const params = Object.entries(model.params)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ');
  const gg = spend === undefined ? '' : `; Gamma-Gamma (p = ${spend.p}, q = ${spend.q}, gamma = ${spend.gamma}), margin ${o.margin ?? 1}`;
  return `-- clvkit scoring: ${model.kind} in ${unit}s (${params})${gg}; horizon ${o.horizon.value} ${o.horizon.unit}, step ${o.step}, discount ${o.discountRate.rate} per ${o.discountRate.per}`;
}
