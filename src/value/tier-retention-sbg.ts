import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { fitShiftedBetaGeometric, type FittedShiftedBetaGeometricModel } from '../clv/sbg/fit-shifted-beta-geometric.js';
import { checkLengths, parseOptions, requireArrayLike, requireTable } from '../validate.js';

const schema = z
  .object({
    /** Smallest group (acquired customers with at least one churn) fitted on its own; smaller ones use the pooled fit (default 30). */
    minCustomers: z.number().int().min(1).default(30),
    /** Months over which the constant-rate equivalent is taken (the value model's horizon; default 36). */
    horizonMonths: z.number().int().min(1).max(600).default(36),
  })
  .strict();

/** Options of {@link tierRetentionSbg}. */
export type TierRetentionSbgOptions = z.input<typeof schema>;

/** Per customer: months on the book and a group label (month indexes are whole numbers, e.g. months since 1970). */
export interface TierRetentionSbgInput {
  /** First month the customer is on the book. */
  readonly firstMonth: ArrayLike<number>;
  /** Last month the customer is on the book (= asOfMonth while still on it). */
  readonly lastMonth: ArrayLike<number>;
  /** Group (tier or peer group) of each customer; null = not grouped (used in the pooled fit only). */
  readonly group: readonly (string | null)[];
  /** The latest month of the book: customers whose lastMonth is this one are still on the book. */
  readonly asOfMonth: number;
  /** The first month of the book: customers already there then joined at an unknown time (left-truncated) and are not fitted. */
  readonly bookStartMonth: number;
}

/** One group's retention. */
export interface GroupRetentionSbg {
  /** 'estimated' from the group's own cohort customers; 'pooled' from everyone's (the group was too small or had no churn). */
  readonly source: 'estimated' | 'pooled';
  /** The sBG fit used (the pooled one when pooled), monthly periods. */
  readonly alpha: number;
  readonly beta: number;
  /** Whether the fit used converged (a group whose own fit does not converge is pooled). */
  readonly converged: boolean;
  /** Standard errors of the fit used (null when the Hessian was not positive definite). */
  readonly standardErrors: { readonly alpha: number; readonly beta: number } | null;
  /** Customers of the group acquired during the book (the fitted cohort) and how many of them churned. */
  readonly cohortCustomers: number;
  readonly churned: number;
  /** Customers of the group on the book in asOfMonth, and their median months on the book so far. */
  readonly onBook: number;
  readonly medianTenureMonths: number;
  /**
   * The constant monthly rate with the same survival over the horizon for the group's median-tenure customer:
   * ρ = (S(t̃ + H)/S(t̃))^(1/H). The value model's ρ^k then matches the sBG's conditional survival at k = H.
   */
  readonly monthlyRate: number;
  /** r_{t̃+1}, …, r_{t̃+12}: the sBG's retention rates for the median-tenure customer's next 12 months (rising). */
  readonly nextRetention: readonly number[];
}

/** sBG retention per group, with the pooled fit and what was left out. */
export interface TierRetentionSbg {
  readonly groups: Readonly<Record<string, GroupRetentionSbg>>;
  readonly pooled: GroupRetentionSbg;
  /** Customers already on the book in its first month (their tenure is unknown): not fitted, counted. */
  readonly leftTruncated: number;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Monthly retention per tier (or peer group) from a shifted-beta-geometric fit on the book's acquisition
 * cohorts (Fader & Hardie 2007), instead of a one-year "still on the book" ratio. Each customer acquired
 * after the book's first month contributes a lifetime in months: churned (T = lastMonth − firstMonth + 1, when
 * lastMonth < asOfMonth) or still on the book (T > asOfMonth − firstMonth, right-censored). Customers on the
 * book from its first month joined at an unknown time and are left out of the fits (counted). A group with
 * fewer than `minCustomers` cohort customers, with no churn, or whose own fit does not converge, uses the pooled fit
 * of all cohort customers.
 *
 * The value model values with a constant monthly rate, so each group's sBG is turned into the rate with the
 * same survival over the horizon for the group's median-tenure customer on the book (see `monthlyRate`); the
 * full sBG (α, β) is reported beside it.
 *
 * @throws INVALID_OPTIONS; LENGTH_MISMATCH; INVALID_VALUE (months not whole, lastMonth < firstMonth, months
 *   outside the book); TOO_FEW_VALUES (no acquired customer churned: nothing to fit, use the one-year ratio).
 * @example
 * tierRetentionSbg({ firstMonth, lastMonth, group: tierKeys, asOfMonth: 23, bookStartMonth: 0 }, { horizonMonths: 36 }).groups.mass.monthlyRate
 */
export function tierRetentionSbg(input: TierRetentionSbgInput, options?: TierRetentionSbgOptions): TierRetentionSbg {
  const fn = 'tierRetentionSbg';
  const o = parseOptions(schema, options, fn);
  requireTable(input, fn, 'per-customer months: { firstMonth, lastMonth, group, asOfMonth, bookStartMonth }');
  const n = requireArrayLike(input.firstMonth, 'firstMonth', fn).length;
  requireArrayLike(input.lastMonth, 'lastMonth', fn);
  requireArrayLike(input.group, 'group', fn);
  checkLengths({ lastMonth: input.lastMonth, group: input.group }, n, fn);
  const { asOfMonth, bookStartMonth } = input;
  if (!Number.isInteger(asOfMonth) || !Number.isInteger(bookStartMonth) || bookStartMonth > asOfMonth) {
    throw new ClvkitError('INVALID_VALUE', 'asOfMonth and bookStartMonth must be whole months with bookStartMonth ≤ asOfMonth', {
      fn,
      value: [bookStartMonth, asOfMonth],
    });
  }
  const periods: number[] = [];
  const churned: number[] = [];
  const groupOf: (string | null)[] = [];
  const tenure = new Map<string, number[]>();
  const allTenure: number[] = [];
  let leftTruncated = 0;
  for (let i = 0; i < n; i++) {
    const f = input.firstMonth[i]!;
    const l = input.lastMonth[i]!;
    if (!Number.isInteger(f) || !Number.isInteger(l) || f < bookStartMonth || l < f || l > asOfMonth) {
      throw new ClvkitError('INVALID_VALUE', `months must be whole, with ${bookStartMonth} ≤ firstMonth ≤ lastMonth ≤ ${asOfMonth}`, {
        fn,
        index: i,
        value: [f, l],
      });
    }
    const g = input.group[i] ?? null;
    if (l === asOfMonth) {
      allTenure.push(asOfMonth - f);
      if (g !== null) (tenure.get(g) ?? tenure.set(g, []).get(g)!).push(asOfMonth - f);
    }
    if (f === bookStartMonth) {
      leftTruncated++;
      continue;
    }
    const active = l === asOfMonth;
    periods.push(active ? asOfMonth - f : l - f + 1);
    churned.push(active ? 0 : 1);
    groupOf.push(g);
  }
  const fit = (rows: number[]): FittedShiftedBetaGeometricModel =>
    fitShiftedBetaGeometric({ periods: rows.map((r) => periods[r]!), churned: rows.map((r) => churned[r]!) });
  const all = periods.map((_, r) => r);
  if (!churned.some((c) => c === 1)) {
    throw new ClvkitError('TOO_FEW_VALUES', 'no customer acquired during the book has left it: sBG retention cannot be estimated (use the one-year ratio)', {
      fn,
    });
  }
  const pooledModel = fit(all);
  const describe = (model: FittedShiftedBetaGeometricModel, source: 'estimated' | 'pooled', rows: number[], onBookTenure: number[]): GroupRetentionSbg => {
    const t = Math.round(median(onBookTenure));
    const s0 = model.survival(t);
    const sH = model.survival(t + o.horizonMonths);
    return {
      source,
      alpha: model.params.alpha,
      beta: model.params.beta,
      converged: model.converged,
      standardErrors: model.standardErrors === null ? null : { ...model.standardErrors },
      cohortCustomers: rows.length,
      churned: rows.reduce((s, r) => s + churned[r]!, 0),
      onBook: onBookTenure.length,
      medianTenureMonths: median(onBookTenure),
      monthlyRate: s0 > 0 ? (sH / s0) ** (1 / o.horizonMonths) : 0,
      nextRetention: Array.from({ length: 12 }, (_, k) => model.retentionRate(t + k + 1)),
    };
  };
  const pooled = describe(pooledModel, 'estimated', all, allTenure);
  const groups: Record<string, GroupRetentionSbg> = {};
  const names = new Set<string>([...tenure.keys(), ...groupOf.filter((g): g is string => g !== null)]);
  for (const g of [...names].sort()) {
    const rows = all.filter((r) => groupOf[r] === g);
    const churnedHere = rows.some((r) => churned[r] === 1);
    const onBookTenure = tenure.get(g) ?? [];
    const own = rows.length >= o.minCustomers && churnedHere ? fit(rows) : undefined;
    groups[g] = own?.converged ? describe(own, 'estimated', rows, onBookTenure) : describe(pooledModel, 'pooled', rows, onBookTenure);
  }
  return { groups, pooled, leftTruncated };
}
