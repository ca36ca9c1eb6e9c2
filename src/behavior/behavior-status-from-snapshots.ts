import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { parseOptions, requireColumn, requireTable } from '../validate.js';
import { BEHAVIOR_STATUSES, behaviorStatusTable } from './behavior-statuses.js';
import type { BehaviorStatus, BehaviorStatusRow } from './behavior-statuses.js';
import { SNAPSHOT_BEHAVIOR_STATUS_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';
import type { Displayed } from '../display/with-display.js';

/** Monthly snapshots with an activity count (BankSnapshots fits). */
export interface ActivitySnapshots {
  /** Per row: customer index (non-negative integer). */
  readonly customer: ArrayLike<number>;
  /** Per row: month index (non-negative integer; consecutive months differ by 1). */
  readonly month: ArrayLike<number>;
  /** Per row: customer-initiated activities that month; 0 = inactive. */
  readonly activity: ArrayLike<number>;
}

export const behaviorStatusFromSnapshotsSchema = z
  .object({
    /** Dormant after this many consecutive inactive months up to the last month (default 6). */
    dormantMonths: z.number().int().min(1).max(600).default(6),
    /** Lost after this many consecutive inactive months; leave out for no inactivity-based lost status. */
    lostMonths: z.number().int().min(1).max(600).optional(),
    /** Active needs activity in at least `activeMinMonths` of the last `activeWindowMonths` months (default 2 of 3). */
    activeWindowMonths: z.number().int().min(1).max(600).default(3),
    activeMinMonths: z.number().int().min(1).max(600).default(2),
  })
  .strict();

export type BehaviorStatusFromSnapshotsOptions = z.input<typeof behaviorStatusFromSnapshotsSchema>;

/** The result of {@link behaviorStatusFromSnapshots}: one entry per distinct customer, ascending. */
export interface SnapshotBehaviorStatus {
  readonly length: number;
  /** The month statuses are computed at: the last month in the data. */
  readonly asOfMonth: number;
  readonly customer: Uint32Array;
  readonly status: readonly BehaviorStatus[];
  readonly statusIndex: Uint8Array;
  /** Consecutive months without activity ending at `asOfMonth` (months missing inside the span count as inactive). */
  readonly inactiveMonths: Uint32Array;
  /** Months with activity among the last `activeWindowMonths`. */
  readonly activeMonthsInWindow: Uint32Array;
  /** 1 when the customer has a snapshot at `asOfMonth`, 0 when they left the book earlier (status lost). */
  readonly onBook: Uint8Array;
  readonly table: readonly BehaviorStatusRow[];
}

function integerColumn(table: Readonly<Record<string, unknown>>, name: string, N: number, fn: string): ArrayLike<number> {
  const values = requireColumn(table, name, fn) as ArrayLike<number>;
  if (values.length !== N) throw new ClvkitError('LENGTH_MISMATCH', `column has ${values.length} entries, expected ${N}`, { fn, column: name });
  for (let i = 0; i < N; i++) {
    const v = values[i]!;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
      throw new ClvkitError('INVALID_VALUE', 'expected a non-negative integer', { fn, column: name, index: i, value: v });
  }
  return values;
}

/**
 * Behaviour status from month-end snapshots, as of the last month M in the data:
 *
 * - **lost**: the customer has no snapshot at M (left the book), or — with `lostMonths` — has been inactive
 *   (`activity == 0`) for at least `lostMonths` consecutive months up to M;
 * - **dormant** 睡眠: inactive for at least `dormantMonths` consecutive months up to M (default 6, the short end of
 *   the 6–12 months banks' 睡眠户 rules usually use; a customer with fewer months on the book cannot be dormant yet);
 * - **active** 活跃: activity in at least `activeMinMonths` of the last `activeWindowMonths` months (default 2 of 3);
 * - **potential** 潜在: everyone else.
 *
 * A month inside the customer's span with no snapshot counts as inactive (nothing customer-initiated was
 * recorded); the run of inactive months stops at the customer's first snapshot.
 *
 * @throws EMPTY_INPUT no rows; MISSING_COLUMN / LENGTH_MISMATCH malformed columns; INVALID_VALUE not a table, a
 *   non-integer or negative customer, month or activity; DUPLICATE_ID two rows for one customer and month;
 *   INVALID_CONFIG activeMinMonths > activeWindowMonths or lostMonths ≤ dormantMonths; INVALID_OPTIONS bad options.
 * @example
 * const s = behaviorStatusFromSnapshots(
 *   { customer: [0, 0, 0, 1, 1, 1, 2], month: [0, 1, 2, 0, 1, 2, 0], activity: [3, 0, 4, 0, 0, 0, 5] },
 *   { dormantMonths: 3 },
 * );
 * s.status;                 // ['active', 'dormant', 'lost']
 * Array.from(s.inactiveMonths); // [0, 3, 2]  (customer 2 left the book after month 0)
 */
export function behaviorStatusFromSnapshots<S extends ActivitySnapshots>(
  snapshots: S,
  options?: BehaviorStatusFromSnapshotsOptions,
): Displayed<SnapshotBehaviorStatus> {
  const fn = 'behaviorStatusFromSnapshots';
  const opts = parseOptions(behaviorStatusFromSnapshotsSchema, options, fn);
  if (opts.activeMinMonths > opts.activeWindowMonths) {
    throw new ClvkitError('INVALID_CONFIG', 'activeMinMonths cannot exceed activeWindowMonths', { fn, path: ['activeMinMonths'], value: opts.activeMinMonths });
  }
  if (opts.lostMonths !== undefined && opts.lostMonths <= opts.dormantMonths) {
    throw new ClvkitError('INVALID_CONFIG', 'lostMonths must exceed dormantMonths', { fn, path: ['lostMonths'], value: opts.lostMonths });
  }
  const table = requireTable(snapshots, fn, 'monthly snapshots (an object of columns)');
  const N = requireColumn(table, 'activity', fn).length;
  if (N === 0) throw new ClvkitError('EMPTY_INPUT', 'no snapshot rows', { fn });
  const customer = integerColumn(table, 'customer', N, fn);
  const month = integerColumn(table, 'month', N, fn);
  const activity = integerColumn(table, 'activity', N, fn);

  let asOf = 0;
  for (let i = 0; i < N; i++) if (month[i]! > asOf) asOf = month[i]!;
  const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => customer[a]! - customer[b]! || month[a]! - month[b]!);
  const customers: number[] = [];
  const statusIndex: number[] = [];
  const inactive: number[] = [];
  const inWindow: number[] = [];
  const onBook: number[] = [];
  const windowStart = asOf - opts.activeWindowMonths + 1;
  let start = 0;
  while (start < N) {
    const c = customer[order[start]!]!;
    let end = start;
    while (end < N && customer[order[end]!]! === c) end++;
    for (let p = start + 1; p < end; p++) {
      if (month[order[p]!] === month[order[p - 1]!]) {
        throw new ClvkitError('DUPLICATE_ID', 'two snapshots for the same customer and month', {
          fn,
          column: 'month',
          index: order[p],
          value: [c, month[order[p]!]],
        });
      }
    }
    const first = month[order[start]!]!;
    const last = month[order[end - 1]!]!;
    // Last active month (−1 if none), and active months in the window.
    let lastActive = -1;
    let active = 0;
    for (let p = start; p < end; p++) {
      const i = order[p]!;
      if (activity[i]! > 0) {
        lastActive = month[i]!;
        if (month[i]! >= windowStart) active++;
      }
    }
    const run = lastActive >= 0 ? asOf - lastActive : asOf - first + 1;
    let s: BehaviorStatus;
    if (last < asOf || (opts.lostMonths !== undefined && run >= opts.lostMonths)) s = 'lost';
    else if (run >= opts.dormantMonths) s = 'dormant';
    else if (active >= opts.activeMinMonths) s = 'active';
    else s = 'potential';
    customers.push(c);
    statusIndex.push(BEHAVIOR_STATUSES.indexOf(s));
    inactive.push(run);
    inWindow.push(active);
    onBook.push(last === asOf ? 1 : 0);
    start = end;
  }
  const index = Uint8Array.from(statusIndex);
  return withDisplay(
    {
      length: customers.length,
      asOfMonth: asOf,
      customer: Uint32Array.from(customers),
      status: statusIndex.map((s) => BEHAVIOR_STATUSES[s]!),
      statusIndex: index,
      inactiveMonths: Uint32Array.from(inactive),
      activeMonthsInWindow: Uint32Array.from(inWindow),
      onBook: Uint8Array.from(onBook),
      table: behaviorStatusTable(index),
    },
    SNAPSHOT_BEHAVIOR_STATUS_DISPLAY,
  );
}
