import { z } from 'zod';
import { ClvkitError } from '../errors.js';
import { parseOptions, requireArrayLike, requireColumn, requireTable } from '../validate.js';
import { uniqueIds } from '../unique-ids.js';

const tierMigrationSchema = z
  .object({
    /** Also list the customer ids that moved up, moved down, are new and are lost. */
    listCustomers: z.boolean().default(false),
  })
  .strict();

export type TierMigrationOptions = z.input<typeof tierMigrationSchema>;

/** What tierMigration reads from a tier assignment (an {@link assignTiers} result with `customerId` fits). */
export interface TierAssignmentLike {
  readonly customerId?: readonly string[];
  readonly tierIndex: ArrayLike<number>;
  readonly table: readonly { readonly key: string }[];
}

/** The result of {@link tierMigration}. */
export interface TierMigration {
  /** Tier keys, lowest first: rows (before) and columns (after) of the matrices. */
  readonly tiers: readonly string[];
  /** counts[i][j]: customers in tier i before and tier j after (customers present in both). */
  readonly counts: readonly (readonly number[])[];
  /** counts[i][j] / row total; a row with no customers is all 0. */
  readonly rowShares: readonly (readonly number[])[];
  /** Customers in both assignments. */
  readonly matched: number;
  readonly upgrades: number;
  readonly downgrades: number;
  readonly unchanged: number;
  /** Customers only in `after`, and their tiers. */
  readonly newCustomers: number;
  readonly newByTier: readonly number[];
  /** Customers only in `before`, and the tiers they left from. */
  readonly lostCustomers: number;
  readonly lostByTier: readonly number[];
  /** With `listCustomers`: the ids behind the counts (in `after` order, lost ones in `before` order). */
  readonly customers?: {
    readonly upgraded: readonly string[];
    readonly downgraded: readonly string[];
    readonly new: readonly string[];
    readonly lost: readonly string[];
  };
}

/** The band keys of an assignment's table, checking its shape (an object with a `table` of `{ key }` rows). */
function tierKeys(a: unknown, which: string, fn: string): string[] {
  const table = requireColumn(requireTable(a, fn, `${which}: a tier assignment from assignTiers`), 'table', fn);
  const keys: string[] = [];
  for (let i = 0; i < table.length; i++) {
    const row = table[i];
    const key = row !== null && typeof row === 'object' ? (row as { key?: unknown }).key : undefined;
    if (typeof key !== 'string')
      throw new ClvkitError('INVALID_VALUE', `${which}: every table row needs a string key`, { fn, column: 'table', index: i, which });
    keys.push(key);
  }
  return keys;
}

function indexById(a: TierAssignmentLike, which: string, k: number, fn: string): Map<string, number> {
  requireColumn(a as unknown as Readonly<Record<string, unknown>>, 'tierIndex', fn);
  if (a.customerId === undefined) {
    throw new ClvkitError('MISSING_COLUMN', `${which} has no customer ids (pass options.customerId to assignTiers)`, { fn, column: 'customerId', which });
  }
  requireArrayLike(a.customerId, 'customerId', fn);
  if (a.customerId.length !== a.tierIndex.length) {
    throw new ClvkitError('LENGTH_MISMATCH', `${which}: ${a.customerId.length} ids for ${a.tierIndex.length} tiers`, { fn, column: 'customerId', which });
  }
  const rows = uniqueIds(a.customerId, { fn, column: 'customerId', details: { which } });
  const map = new Map<string, number>();
  for (const [id, i] of rows) {
    const t = a.tierIndex[i]!;
    if (!Number.isInteger(t) || t < 0 || t >= k)
      throw new ClvkitError('INVALID_VALUE', `tier index must be an integer in 0..${k - 1}`, { fn, column: 'tierIndex', index: i, value: t, which });
    map.set(id, t);
  }
  return map;
}

/**
 * The migration between two tier assignments of the same bands (e.g. AUM tiers at two month ends), keyed
 * by customer id: the matrix of counts before × after with row shares, the number of upgrades (to a higher
 * band index), downgrades and unchanged among customers present in both, and the customers only in `after`
 * (new) or only in `before` (lost), by tier.
 *
 * @throws MISSING_COLUMN an assignment without customer ids; INVALID_CONFIG the two assignments use different
 *   bands; DUPLICATE_ID / LENGTH_MISMATCH / INVALID_VALUE malformed assignments (INVALID_VALUE also when an
 *   argument is not an assignment at all); INVALID_OPTIONS bad options.
 * @example
 * const before = assignTiers([150_000, 250_000, 1_500_000], { customerId: ['a', 'b', 'c'] });
 * const after = assignTiers([260_000, 240_000, 900_000, 50_000], { customerId: ['a', 'b', 'c', 'd'] });
 * const m = tierMigration(before, after, {});
 * m.counts[0];                          // [0, 1, 0, 0, 0]  (a: mass → affluent)
 * [m.upgrades, m.downgrades, m.unchanged, m.newCustomers, m.lostCustomers]; // [1, 1, 1, 1, 0]
 */
export function tierMigration(before: TierAssignmentLike, after: TierAssignmentLike, options?: TierMigrationOptions): TierMigration {
  const fn = 'tierMigration';
  const opts = parseOptions(tierMigrationSchema, options, fn);
  const tiers = tierKeys(before, 'before', fn);
  const afterTiers = tierKeys(after, 'after', fn);
  if (tiers.length === 0 || tiers.length !== afterTiers.length || tiers.some((key, i) => key !== afterTiers[i])) {
    throw new ClvkitError('INVALID_CONFIG', 'before and after must use the same bands in the same order', { fn, value: [tiers, afterTiers] });
  }
  const k = tiers.length;
  const b = indexById(before, 'before', k, fn);
  const a = indexById(after, 'after', k, fn);
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const newByTier = new Array<number>(k).fill(0);
  const lostByTier = new Array<number>(k).fill(0);
  let upgrades = 0;
  let downgrades = 0;
  let unchanged = 0;
  let matched = 0;
  const upgraded: string[] = [];
  const downgraded: string[] = [];
  const added: string[] = [];
  const lost: string[] = [];
  for (const [id, to] of a) {
    const from = b.get(id);
    if (from === undefined) {
      newByTier[to]!++;
      if (opts.listCustomers) added.push(id);
      continue;
    }
    matched++;
    counts[from]![to]!++;
    if (to > from) {
      upgrades++;
      if (opts.listCustomers) upgraded.push(id);
    } else if (to < from) {
      downgrades++;
      if (opts.listCustomers) downgraded.push(id);
    } else unchanged++;
  }
  for (const [id, from] of b) {
    if (!a.has(id)) {
      lostByTier[from]!++;
      if (opts.listCustomers) lost.push(id);
    }
  }
  const rowShares = counts.map((row) => {
    const total = row.reduce((s, x) => s + x, 0);
    return row.map((x) => (total > 0 ? x / total : 0));
  });
  return {
    tiers,
    counts,
    rowShares,
    matched,
    upgrades,
    downgrades,
    unchanged,
    newCustomers: newByTier.reduce((s, x) => s + x, 0),
    newByTier,
    lostCustomers: lostByTier.reduce((s, x) => s + x, 0),
    lostByTier,
    ...(opts.listCustomers ? { customers: { upgraded, downgraded, new: added, lost } } : {}),
  };
}
