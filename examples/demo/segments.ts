/**
 * Demo section `segments`: the ways a bank sorts its customers at once — RFM value segments, asset
 * tiers with their service levels (and how hysteresis calms tier changes), behaviour status and tags.
 */
import { behaviorStatus } from '../../src/behavior/behavior-status.js';
import { behaviorStatusFromSnapshots } from '../../src/behavior/behavior-status-from-snapshots.js';
import { rfmScores } from '../../src/rfm/rfm-scores.js';
import { rfmSegments } from '../../src/rfm/rfm-segments.js';
import { DEFAULT_TAG_RULES } from '../../src/tags/default-tag-rules.js';
import { tagCustomers } from '../../src/tags/tag-customers.js';
import { assignTiers } from '../../src/tiers/assign-tiers.js';
import { assignTiersOverTime } from '../../src/tiers/assign-tiers-over-time.js';
import { tierMigration } from '../../src/tiers/tier-migration.js';
import type { DemoContext } from './context.js';
import { formatNumber, formatPercent } from './format.js';

function bandRange(lower: number | null, upper: number | null): string {
  const wan = (v: number) => `${formatNumber(v / 10_000)}万`;
  if (lower === null) return upper === null ? 'all' : `< ${wan(upper)}`;
  return upper === null ? `≥ ${wan(lower)}` : `${wan(lower)}–${wan(upper)}`;
}

export async function run(ctx: DemoContext): Promise<void> {
  const { book, summary, latest, print } = ctx;

  // --- RFM -----------------------------------------------------------------------------------------
  const scores = rfmScores(summary, {});
  const segments = rfmSegments(scores);
  print.heading('RFM segments (scores 1..5 from quintiles of the customer base)');
  print.line(
    `R = days since last purchase, F = ${scores.source.frequency} (repeat purchases), M = ${scores.source.monetary}; ` +
      `${formatNumber(scores.length)} customers.`,
  );
  for (const m of ['recency', 'frequency', 'monetary'] as const) {
    const empty = scores.emptyBins[m];
    print.line(
      `  ${m.padEnd(9)} breakpoints ${scores.breakpoints[m].map((b) => formatNumber(b, Number.isInteger(b) ? 0 : 2)).join(' | ')}` +
        (empty.length > 0 ? `   (ties leave score ${empty.join(', ')} empty)` : ''),
    );
  }
  print.table(
    ['segment', '细分', 'customers', 'share', 'mean days', 'mean F', 'mean M'],
    segments.table
      .filter((r) => r.count > 0)
      .map((r) => [
        r.label,
        r.labelZh,
        r.count,
        formatPercent(r.share),
        Math.round(r.meanRecencyDays ?? 0),
        Number((r.meanFrequency ?? 0).toFixed(2)),
        Math.round(r.meanMonetary ?? 0),
      ]),
  );

  // --- Asset tiers ---------------------------------------------------------------------------------
  const onBook: number[] = [];
  for (let i = 0; i < latest.length; i++) if (latest.onBook[i] === 1) onBook.push(i);
  const ids = onBook.map((i) => book.customers.customerId[i]!);
  const tiers = assignTiers(
    onBook.map((i) => latest.aum[i]!),
    { customerId: ids },
  );
  print.heading(`Asset tiers by AUM, ${book.months[latest.month]} (${formatNumber(onBook.length)} customers on the book, CNY)`);
  print.table(
    ['tier', '层级', 'AUM', 'customers', 'share', 'AUM share', 'served by'],
    tiers.table.map((r) => [r.label, r.labelZh, bandRange(r.lower, r.upper), r.count, formatPercent(r.share), formatPercent(r.valueShare), r.serviceLevel]),
  );

  // Tier changes month to month, plain bands vs a 5% grace margin confirmed over 2 months.
  const plain = assignTiersOverTime(book.snapshots, {});
  const calm = assignTiersOverTime(book.snapshots, { relativeMargin: 0.05, confirmMonths: 2 });
  print.line(
    `Tier changes over ${book.months.length} months: ${formatNumber(plain.moves)} with plain bands, ` +
      `${formatNumber(calm.moves)} with a 5% margin confirmed over 2 months (${formatPercent(1 - calm.moves / Math.max(1, plain.moves))} fewer).`,
  );
  // Migration over the last 12 months (plain bands).
  const fromMonth = Math.max(0, latest.month - 12);
  const earlierIds: string[] = [];
  const earlierAum: number[] = [];
  const s = book.snapshots;
  for (let j = 0; j < s.length; j++) {
    if (s.month[j] === fromMonth) {
      earlierIds.push(book.customers.customerId[s.customer[j]!]!);
      earlierAum.push(s.aum[j]!);
    }
  }
  if (earlierIds.length > 0) {
    const migration = tierMigration(assignTiers(earlierAum, { customerId: earlierIds }), tiers, {});
    print.line(
      `Since ${book.months[fromMonth]}: ${formatNumber(migration.upgrades)} upgraded, ${formatNumber(migration.downgrades)} downgraded, ` +
        `${formatNumber(migration.unchanged)} unchanged, ${formatNumber(migration.newCustomers)} new, ${formatNumber(migration.lostCustomers)} left.`,
    );
  }

  // --- Behaviour -----------------------------------------------------------------------------------
  const fromTransactions = behaviorStatus(summary, {});
  const fromSnapshots = behaviorStatusFromSnapshots(book.snapshots, {});
  print.heading('Behaviour status');
  print.line('From transactions: active = purchase in the last 90 days and ≥ 2 purchases; dormant = none for 180 days.');
  print.line('From monthly snapshots: active = activity in 2 of the last 3 months; dormant = 6 inactive months; lost = left the book.');
  print.table(
    ['status', '状态', 'by transactions', 'share', 'by snapshots', 'share'],
    fromTransactions.table.map((r, k) => {
      const t = fromSnapshots.table[k]!;
      return [r.label, r.labelZh, r.count, formatPercent(r.share), t.count, formatPercent(t.share)];
    }),
  );

  // --- Tags ----------------------------------------------------------------------------------------
  const pick = <T extends ArrayLike<number>>(column: T) => onBook.map((i) => column[i]!);
  const tagged = tagCustomers(
    {
      aum: pick(latest.aum),
      deposits: pick(latest.deposits),
      wealth: pick(latest.wealth),
      loans: pick(latest.loans),
      activity: pick(latest.activity),
      products: pick(latest.products),
      type: onBook.map((i) => book.customers.type[i]!),
      region: onBook.map((i) => book.customers.region[i]!),
    },
    {
      rules: [
        ...DEFAULT_TAG_RULES,
        // Rules are plain data: add your own next to the defaults, here by customer type and region.
        {
          tag: 'urban_affluent_individual',
          label: 'Urban affluent individual',
          labelZh: '城区中高端个人客户',
          when: {
            all: [
              { column: 'type', op: '==', value: 'individual' },
              { column: 'region', op: '==', value: 'urban' },
              { column: 'aum', op: '>=', value: 200_000 },
            ],
          },
        },
      ],
    },
  );
  print.heading('Top customer tags (客户标签), latest month');
  print.table(
    ['tag', '标签', 'customers', 'share'],
    [...tagged.table]
      .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag, 'en'))
      .slice(0, 10)
      .map((r) => [r.label, r.labelZh, r.count, formatPercent(r.share)]),
  );
  const custom = tagged.table.at(-1)!;
  print.line(`Custom rule "${custom.label}" (${custom.labelZh}): ${formatNumber(custom.count)} customers.`);
  const first = tagged.tags.findIndex((t) => t.length >= 3);
  if (first >= 0) print.line(`e.g. customer ${ids[first]}: ${tagged.tags[first]!.join(', ')}`);
}
