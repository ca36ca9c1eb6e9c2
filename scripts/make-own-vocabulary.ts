/**
 * `npx tsx scripts/make-own-vocabulary.ts`: write fixtures/own-vocabulary/, a small book in a bank's own
 * words — a different vocabulary, file and column names from the simulator's: segments retail / sme /
 * private, areas north / south / east, branches, 14 products (four the simulator never uses: savings,
 * gold_account, pension_plan, fx_account) as a long holdings table with balances, AUM as its own column
 * (deposits + wealth + custody assets), month-end dates, DD/MM/YYYY transaction dates — and book.json,
 * the spec that maps it. Drawn from the simulator (seed 11), then renamed and re-shaped deterministically.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PRODUCTS } from '../src/simulate/bank-book.js';
import { simulateBank } from '../src/simulate/simulate-bank.js';
import { daysInMonth, isoDate } from '../src/time.js';

const DIR = resolve(import.meta.dirname, '../fixtures/own-vocabulary');
const SEGMENT = { individual: 'retail', enterprise: 'sme', interbank: 'sme' } as const;
const AREA = { urban: 'north', suburban: 'south', rural: 'east' } as const;
const RENAMED: Record<(typeof PRODUCTS)[number], string> = {
  current_account: 'current',
  salary_account: 'payroll',
  time_deposit: 'term_deposit',
  wealth_management: 'wm_product',
  fund: 'mutual_fund',
  insurance: 'life_insurance',
  credit_card: 'credit_card',
  mortgage: 'home_loan',
  consumer_loan: 'personal_loan',
  business_loan: 'sme_loan',
};

const book = simulateBank({ customers: 240, months: 12, seed: 11, startDate: '2024-01-01' });
const dmy = (day: number) => {
  const iso = isoDate(day);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
};
const c = book.customers;
// Private banking: individuals whose AUM ever reached 300,000 (the simulator has no such segment).
const peak = new Float64Array(c.length);
for (let j = 0; j < book.snapshots.length; j++) peak[book.snapshots.customer[j]!] = Math.max(peak[book.snapshots.customer[j]!]!, book.snapshots.aum[j]!);
const segmentOf = (i: number) => (c.type[i] === 'individual' && peak[i]! >= 300_000 ? 'private' : SEGMENT[c.type[i]!]);
const clients = ['cust_no,segment,area,branch,opened'];
for (let i = 0; i < c.length; i++)
  clients.push(`${c.customerId[i]},${segmentOf(i)},${AREA[c.region[i]!]},B${String((i % 5) + 1).padStart(2, '0')},${dmy(c.joinDay[i]!)}`);

const s = book.snapshots;
const balances = ['cust_no,period,dep_bal,wm_bal,loan_bal,aum_bal,revenue,cost,logins'];
const holdings = ['cust_no,period,product_code,balance'];
for (let j = 0; j < s.length; j++) {
  const id = c.customerId[s.customer[j]!]!;
  const label = book.months[s.month[j]!]!;
  const y = Number(label.slice(0, 4));
  const m = Number(label.slice(5, 7));
  const period = `${label}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
  const deposits = s.deposits[j]!;
  const wealth = s.wealth[j]!;
  const custody = Math.round(wealth * 0.05 * 100) / 100; // assets in custody: part of this bank's AUM, not of deposits or wealth
  balances.push(
    `${id},${period},${deposits},${wealth},${s.loans[j]!},${Math.round((deposits + wealth + custody) * 100) / 100},${s.netRevenue[j]!},${s.costToServe[j]!},${s.activity[j]!}`,
  );
  const held: [string, number][] = [];
  PRODUCTS.forEach((p, b) => {
    if (Math.floor(s.products[j]! / 2 ** b) % 2 === 1) held.push([RENAMED[p], 0]);
  });
  // Products the simulator never uses, by simple rules on the balances.
  if (deposits > 20_000) held.push(['savings', Math.round(deposits * 0.3)]);
  if (wealth > 100_000) held.push(['gold_account', Math.round(wealth * 0.02)]);
  if (c.type[s.customer[j]!] === 'individual' && c.age[s.customer[j]!]! >= 45) held.push(['pension_plan', 0]);
  if (c.type[s.customer[j]!] === 'enterprise') held.push(['fx_account', 0]);
  for (const [name, balance] of held) holdings.push(`${id},${period},${name},${balance}`);
}
const t = book.transactions;
const txns = ['cust_no;txn_date;amt'];
for (let k = 0; k < t.length; k++) txns.push(`${t.customerIds[t.customer[k]!]};${dmy(t.day[k]!)};${t.amount[k]!.toFixed(2).replace('.', ',')}`);

const spec = {
  $schema: '../../book-spec.schema.json',
  customers: {
    path: 'clients.csv',
    columns: { customerId: 'cust_no', joinDate: 'opened' },
    attributes: ['segment', 'area', 'branch'],
    dateFormat: 'DD/MM/YYYY',
  },
  snapshots: {
    path: 'balances.csv',
    columns: {
      customerId: 'cust_no',
      month: 'period',
      deposits: 'dep_bal',
      wealth: 'wm_bal',
      loans: 'loan_bal',
      aum: 'aum_bal',
      netRevenue: 'revenue',
      costToServe: 'cost',
      activity: 'logins',
    },
  },
  holdings: { path: 'holdings.csv', columns: { customerId: 'cust_no', month: 'period', product: 'product_code' } },
  transactions: {
    path: 'txns.csv',
    columns: { customerId: 'cust_no', date: 'txn_date', amount: 'amt' },
    dateFormat: 'DD/MM/YYYY',
    delimiter: ';',
    decimal: ',',
  },
  peerGroup: 'segment',
  currency: 'EUR',
};
mkdirSync(DIR, { recursive: true });
writeFileSync(resolve(DIR, 'clients.csv'), `${clients.join('\n')}\n`);
writeFileSync(resolve(DIR, 'balances.csv'), `${balances.join('\n')}\n`);
writeFileSync(resolve(DIR, 'holdings.csv'), `${holdings.join('\n')}\n`);
writeFileSync(resolve(DIR, 'txns.csv'), `${txns.join('\n')}\n`);
writeFileSync(resolve(DIR, 'book.json'), `${JSON.stringify(spec, null, 2)}\n`);
process.stdout.write(`own-vocabulary: ${c.length} customers, ${s.length} snapshots, ${holdings.length - 1} holdings, ${t.length} transactions\n`);
