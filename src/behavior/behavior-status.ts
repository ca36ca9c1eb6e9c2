import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import type { CustomerSummary } from '../io/customer-summary.js';
import { parseOptions, requireColumn, requireTable } from '../validate.js';
import { BEHAVIOR_STATUSES, behaviorStatusTable } from './behavior-statuses.js';
import type { BehaviorStatus, BehaviorStatusRow } from './behavior-statuses.js';
import { BEHAVIOR_STATUS_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';

/** A customer-level activity table (one entry per customer). */
export interface ActivityTable {
  readonly customerId: readonly string[];
  /** Whole days from the last customer-initiated activity to the end of the period, ≥ 0. */
  readonly daysSinceLastActivity: ArrayLike<number>;
  /** Number of activities in the period, ≥ 0. */
  readonly activityCount: ArrayLike<number>;
}

const behaviorStatusSchema = z
  .object({
    /** Active needs the last activity at most this many days ago (default 90: one quarter). */
    activeDays: z.number().int().nonnegative().default(90),
    /** …and at least this many activities in the period (default 2: a repeat customer). */
    activeMinCount: z.number().int().nonnegative().default(2),
    /** Dormant from this many days without activity (default 180: six months). */
    dormantDays: z.number().int().positive().default(180),
    /** Lost from this many days without activity; leave out to have no lost status. */
    lostDays: z.number().int().positive().optional(),
    /** For a CustomerSummary: the count column (`transactionCount` rows, or `frequency` repeat purchase days). */
    countColumn: z.enum(['transactionCount', 'frequency']).default('transactionCount'),
  })
  .strict();

export type BehaviorStatusOptions = z.input<typeof behaviorStatusSchema>;

/** The result of {@link behaviorStatus}. */
export interface BehaviorStatusResult {
  readonly length: number;
  readonly customerId: readonly string[];
  readonly status: readonly BehaviorStatus[];
  /** Per customer: index into BEHAVIOR_STATUSES. */
  readonly statusIndex: Uint8Array;
  /** All four statuses (lost has count 0 without `lostDays`). */
  readonly table: readonly BehaviorStatusRow[];
  /** The thresholds used. */
  readonly thresholds: { readonly activeDays: number; readonly activeMinCount: number; readonly dormantDays: number; readonly lostDays: number | null };
}

function column(table: Readonly<Record<string, unknown>>, name: string, N: number, fn: string): ArrayLike<number> {
  const values = requireColumn(table, name, fn) as ArrayLike<number>;
  if (values.length !== N) throw new ClvkitError('LENGTH_MISMATCH', `column has ${values.length} entries, expected ${N}`, { fn, column: name });
  for (let i = 0; i < N; i++) {
    const v = values[i]!;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new ClvkitError('INVALID_VALUE', 'expected a finite number ≥ 0', { fn, column: name, index: i, value: v });
  }
  return values;
}

/**
 * Behaviour status 活跃 / 潜在 / 睡眠 (/ 流失) from the days since the last activity d and the number of
 * activities c in the period:
 *
 * - **lost** (only with `lostDays`): d ≥ lostDays;
 * - **dormant**: d ≥ dormantDays (default 180);
 * - **active**: d ≤ activeDays (default 90) and c ≥ activeMinCount (default 2);
 * - **potential**: everyone else — recent but a one-off, or lapsing but not yet dormant.
 *
 * Defaults: 90 days is one quarter, the review cycle of most retail-bank activity reporting; two activities
 * separate a repeat customer from a one-off; 180 days (six months) is the short end of the 6–12 months without
 * customer-initiated activity that banks' 睡眠户 (dormant account) rules usually use — set 365 for the long
 * end. With a {@link CustomerSummary}, d is `daysSinceLastPurchase` and c is `transactionCount` (or
 * `frequency`); an {@link ActivityTable} gives both directly. For month-end snapshots see
 * `behaviorStatusFromSnapshots`.
 *
 * @throws EMPTY_INPUT no customers; MISSING_COLUMN / LENGTH_MISMATCH a malformed table; INVALID_VALUE not a table, a
 *   negative or non-finite value; INVALID_CONFIG thresholds out of order (activeDays < dormantDays < lostDays);
 *   INVALID_OPTIONS malformed options.
 * @example
 * const b = behaviorStatus({ customerId: ['a', 'b', 'c', 'd'], daysSinceLastActivity: [10, 10, 120, 200], activityCount: [5, 1, 9, 9] }, {});
 * b.status;                       // ['active', 'potential', 'potential', 'dormant']
 * b.table.map((r) => r.labelZh);  // ['活跃客户', '潜在客户', '睡眠客户', '流失客户']
 */
export function behaviorStatus(input: CustomerSummary | ActivityTable, options?: BehaviorStatusOptions): Displayed<BehaviorStatusResult> {
  const fn = 'behaviorStatus';
  const opts = parseOptions(behaviorStatusSchema, options, fn);
  if (!(opts.activeDays < opts.dormantDays)) {
    throw new ClvkitError('INVALID_CONFIG', 'activeDays must be below dormantDays', { fn, path: ['activeDays'], value: [opts.activeDays, opts.dormantDays] });
  }
  if (opts.lostDays !== undefined && !(opts.dormantDays < opts.lostDays)) {
    throw new ClvkitError('INVALID_CONFIG', 'dormantDays must be below lostDays', { fn, path: ['lostDays'], value: [opts.dormantDays, opts.lostDays] });
  }
  const table = requireTable(input, fn, 'a customer summary or an activity table');
  const ids = requireColumn(table, 'customerId', fn);
  const N = ids.length;
  if (N === 0) throw new ClvkitError('EMPTY_INPUT', 'no customers', { fn });
  const summary = table['daysSinceLastPurchase'] !== undefined;
  const days = summary ? column(table, 'daysSinceLastPurchase', N, fn) : column(table, 'daysSinceLastActivity', N, fn);
  const count = summary ? column(table, opts.countColumn, N, fn) : column(table, 'activityCount', N, fn);

  const statusIndex = new Uint8Array(N);
  const status: BehaviorStatus[] = new Array<BehaviorStatus>(N);
  const lost = opts.lostDays ?? Infinity;
  for (let i = 0; i < N; i++) {
    const d = days[i]!;
    const s: BehaviorStatus =
      d >= lost ? 'lost' : d >= opts.dormantDays ? 'dormant' : d <= opts.activeDays && count[i]! >= opts.activeMinCount ? 'active' : 'potential';
    status[i] = s;
    statusIndex[i] = BEHAVIOR_STATUSES.indexOf(s);
  }
  return withDisplay(
    {
      length: N,
      customerId: Array.from(ids) as string[],
      status,
      statusIndex,
      table: behaviorStatusTable(statusIndex),
      thresholds: { activeDays: opts.activeDays, activeMinCount: opts.activeMinCount, dormantDays: opts.dormantDays, lostDays: opts.lostDays ?? null },
    },
    BEHAVIOR_STATUS_DISPLAY,
  );
}
