/**
 * Demo section `pareto`: how concentrated the bank's value is (the 80/20 rule), for assets under
 * management and for net contribution (net revenue − cost to serve, where loss-making customers
 * are negative), for the whole book and per region.
 */
import { ABC_LABELS } from '../../src/pareto/abc-classes.js';
import { paretoAnalysis, type ParetoAnalysis } from '../../src/pareto/pareto-analysis.js';
import type { DemoContext } from './context.js';
import { formatNumber, formatPercent } from './format.js';

export async function run(ctx: DemoContext): Promise<void> {
  const { book, latest, print } = ctx;
  const customers = book.customers;

  // Customers on the book in the latest month (the others have left, or not joined yet).
  const rows: number[] = [];
  for (let i = 0; i < latest.length; i++) if (latest.onBook[i] === 1) rows.push(i);
  const ids = rows.map((i) => customers.customerId[i]!);
  const regions = rows.map((i) => customers.region[i]!);
  const aum = Float64Array.from(rows, (i) => latest.aum[i]!);
  const net = Float64Array.from(rows, (i) => latest.netRevenue[i]! - latest.costToServe[i]!);
  const month = book.months[latest.month];

  print.heading(`Pareto (80/20): how concentrated is the value? (${month}, ${formatNumber(rows.length)} customers on the book)`);

  const a = paretoAnalysis(aum, { column: 'aum', ids, groups: regions });
  const top20 = shareOfTop(a, 0.2);
  print.line(`Top 20% of customers hold ${formatPercent(top20)} of assets under management (AUM ${formatNumber(a.basis.total)}).`);
  print.line(
    `Gini coefficient ${a.gini.toFixed(3)} (small-sample form n/(n−1)·G = ${a.giniCorrected.toFixed(3)}; 0 = everyone equal, 1 = one customer holds all).`,
  );
  const p = a.paretoPoint;
  print.line(
    `Pareto point: ${formatPercent(p.customerShare)} of customers hold ${formatPercent(p.target, 0)} of AUM ` +
      `(${formatNumber(p.customers)} whole customers, holding ${formatPercent(p.valueShare)}).`,
  );
  const largest = [...p.members].sort((x, y) => aum[y]! - aum[x]!).slice(0, 5);
  print.line(`Largest of them: ${largest.map((i) => `${ids[i]} (${formatNumber(aum[i]!)})`).join(', ')}.`);
  print.line();
  print.line('Top-share table (fractional customer counts interpolate within the boundary customer):');
  print.table(
    ['top customers', 'customers', 'AUM held', 'share of AUM'],
    a.topShares.map((t) => [formatPercent(t.customerShare, 0), formatNumber(t.customers, 1), Math.round(t.value), formatPercent(t.valueShare)]),
  );
  print.line();
  print.line(`ABC classes (A = top customers up to ${formatPercent(a.abc.cutoffs[0], 0)} of AUM, B up to ${formatPercent(a.abc.cutoffs[1], 0)}, C the rest):`);
  print.table(
    ['class', 'customers', 'share of customers', 'AUM', 'share of AUM'],
    a.abc.classes.map((c) => [c.label, c.customers, formatPercent(c.customerShare), Math.round(c.value), formatPercent(c.valueShare)]),
  );
  print.line();
  print.line('Per region (Gini, Pareto point and top-20% share within the region):');
  print.table(
    ['region', 'customers', 'share of customers', 'share of AUM', 'Gini', `customers holding 80%`, 'top 20% hold'],
    (a.groups ?? []).map((g) => {
      const c = g.concentration;
      if (c.status !== 'ok') return [String(g.group), g.customers, formatPercent(g.customerShare), formatPercent(g.valueShare), c.reason, '', ''];
      const t20 = c.topShares.find((t) => t.customerShare === 0.2);
      return [
        String(g.group),
        g.customers,
        formatPercent(g.customerShare),
        formatPercent(g.valueShare),
        c.gini.toFixed(3),
        formatPercent(c.paretoPoint.customerShare),
        t20 === undefined ? '' : formatPercent(t20.valueShare),
      ];
    }),
  );

  print.line();
  print.line('Net contribution this month (net revenue − cost to serve):');
  const n = paretoAnalysis(net, { column: 'net contribution', ids });
  const neg = n.basis.negatives;
  print.line(
    `Top 20% of the customers who are not loss-making hold ${formatPercent(shareOfTop(n, 0.2))} of the positive net contribution ` +
      `(${formatNumber(n.basis.total, 0)}); Gini ${n.gini.toFixed(3)}; ${formatPercent(n.paretoPoint.customerShare)} of them make 80% of it.`,
  );
  print.line(
    `Loss-making customers are reported apart, not folded into the curve: ${formatNumber(neg.customers)} customers ` +
      `(${formatPercent(neg.customers / n.basis.customers)} of the book) lose ${formatNumber(-neg.total, 0)} in total, ` +
      `a drag of ${formatPercent(neg.drag)} on what the others contribute.`,
  );
  print.line(
    `Statistics basis: ${n.basis.kind} values — ${formatNumber(n.basis.basisCustomers)} customers ` +
      `(${formatNumber(n.basis.zeroCustomers)} at exactly 0), ${formatNumber(neg.customers)} negative kept out.`,
  );
  const counts = ABC_LABELS.map((_, c) => n.abc.classIndex.filter((k) => k === c).length);
  print.line(`Per-customer ABC codes cover everyone: ${ABC_LABELS.map((l, c) => `${l} ${formatNumber(counts[c]!)}`).join(', ')}.`);
}

/** Share of value held by the top `share` of customers, from the analysis' top-share table. */
function shareOfTop(analysis: ParetoAnalysis, share: number): number {
  const row = analysis.topShares.find((t) => t.customerShare === share);
  if (row === undefined) throw new Error(`top-share table has no ${share} row`);
  return row.valueShare;
}
