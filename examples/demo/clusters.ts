/**
 * Demo section `clusters`: natural customer groups by k-means. Features per customer on the book:
 * AUM, loans, activity and number of products (latest month), purchase frequency and days since the
 * last purchase (weekly summary). k is chosen from 3..7 by the mean silhouette; then the saved model
 * (JSON) places the same customers again, as it would next month's.
 */
import { segmentCustomers } from '../../src/clustering/segment-customers.js';
import { applySegmentModel, segmentModelFromJSON } from '../../src/clustering/segment-model.js';
import type { DemoContext } from './context.js';
import { formatNumber, formatPercent } from './format.js';

function popcount(mask: number): number {
  let m = mask >>> 0;
  let c = 0;
  while (m !== 0) {
    m &= m - 1;
    c++;
  }
  return c;
}

export async function run(ctx: DemoContext): Promise<void> {
  const { book, summary, latest, print } = ctx;
  print.heading('Customer segments by clustering (k-means)');

  // Customers on the book in the latest month; everyone else has no balances to cluster.
  const rows: number[] = [];
  for (let i = 0; i < latest.length; i++) if (latest.onBook[i] === 1) rows.push(i);
  const pick = (col: ArrayLike<number>) => Float64Array.from(rows, (i) => col[i]!);
  const table = {
    id: rows.map((i) => book.customers.customerId[i]!),
    aum: pick(latest.aum),
    loans: pick(latest.loans),
    activity: pick(latest.activity),
    products: Float64Array.from(rows, (i) => popcount(latest.products[i]!)),
    frequency: pick(summary.frequency),
    daysSinceLastPurchase: pick(summary.daysSinceLastPurchase),
  };
  const features = ['aum', 'loans', 'activity', 'products', 'frequency', 'daysSinceLastPurchase'];
  print.line(`${formatNumber(rows.length)} customers on the book in ${book.months[latest.month]}; features: ${features.join(', ')}.`);
  print.line('Money columns (aum, loans) and counts (activity, frequency) get a signed log1p; all are z-scored.');

  const started = performance.now();
  const result = segmentCustomers(table, {
    features: ['aum', 'loans', { column: 'activity', log1p: true }, 'products', { column: 'frequency', log1p: true }, 'daysSinceLastPurchase'],
    money: ['aum', 'loans'],
    k: { min: 3, max: 7 },
    select: 'silhouette',
    value: 'aum',
    id: 'id',
    seed: 2026,
  });
  const seconds = (performance.now() - started) / 1000;

  print.line();
  print.line(`Choosing k (silhouette on ${formatNumber(result.silhouetteSampleSize)} sampled customers; 4 seeded starts per k):`);
  print.table(
    ['k', 'inertia', 'mean silhouette', 'iterations (best start)', ''],
    result.candidates.map((c) => {
      const best = c.runs.reduce((a, b) => (b.inertia < a.inertia ? b : a));
      return [c.k, formatNumber(c.inertia, 0), c.silhouette === null ? 'n/a' : c.silhouette.toFixed(3), best.iterations, c.k === result.k ? '← chosen' : ''];
    }),
  );
  print.line(`k = ${result.k} (${seconds.toFixed(2)} s for all five k).`);
  if (result.droppedFeatures.length > 0) print.line(`Dropped constant features: ${result.droppedFeatures.join(', ')}`);
  for (const w of result.warnings) print.line(`warning: ${w}`);

  print.line();
  print.line('Segments (largest first). Feature columns are indexes: 100 = the average customer; centroids are member means.');
  const short: Record<string, string> = {
    aum: 'AUM',
    loans: 'loans',
    activity: 'activity',
    products: 'products',
    frequency: 'freq',
    daysSinceLastPurchase: 'days since',
  };
  print.table(
    ['#', 'segment', '细分', 'customers', 'share', 'AUM share', ...result.features.map((f) => short[f] ?? f)],
    result.profiles.map((p) => [
      p.segment,
      p.label,
      p.labelZh,
      p.size,
      formatPercent(p.share),
      formatPercent(p.valueShare!),
      ...p.features.map((f) => (f.index === null ? 'n/a' : formatNumber(f.index, 0))),
    ]),
  );
  print.line();
  print.line('Mean AUM and loans per segment (original units):');
  print.table(
    ['#', 'segment', 'mean AUM', 'mean loans', 'mean products'],
    result.profiles.map((p) => {
      const f = (c: string) => p.features.find((x) => x.column === c)?.mean ?? Number.NaN;
      return [p.segment, p.label, formatNumber(f('aum'), 0), formatNumber(f('loans'), 0), f('products').toFixed(1)];
    }),
  );

  // Save the model, read it back, and place the customers again.
  const json = JSON.stringify(result.model);
  const model = segmentModelFromJSON(json);
  const placed = applySegmentModel(model, table, { id: 'id' });
  let same = 0;
  for (let i = 0; i < rows.length; i++) if (placed.segment[i] === result.segment[i]) same++;
  print.line();
  print.line(`Saved model: ${formatNumber(json.length)} bytes of JSON (features, transforms, ${model.k} centres, labels, version ${model.version}).`);
  print.line(
    `Re-assigning the ${formatNumber(rows.length)} customers with the reloaded model: ${formatNumber(same)} of ${formatNumber(rows.length)} ` +
      `get the same segment${same === rows.length ? ' — next month’s customers are placed the same way.' : ' (MISMATCH)'}`,
  );
}
