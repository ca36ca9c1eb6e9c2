import { createHash } from 'node:crypto';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { isClvkitError } from '../../src/errors.js';
import { PRODUCTS, type BankBook } from '../../src/simulate/bank-book.js';
import { CHANNELS, simulateBank, type SimulateBankOptions, type SimulatedBankBook } from '../../src/simulate/simulate-bank.js';
import { isoDate, parseIsoDay } from '../../src/time.js';

/** SHA-256 over every column of a book (typed arrays as bytes, string columns joined). */
function hashBook(book: BankBook): string {
  const h = createHash('sha256');
  const c = book.customers;
  h.update(c.customerId.join(',')).update(c.type.join(',')).update(c.region.join(','));
  h.update(new Uint8Array(c.age.buffer)).update(new Uint8Array(c.joinDay.buffer));
  const s = book.snapshots;
  for (const col of [s.customer, s.month, s.deposits, s.wealth, s.aum, s.loans, s.netRevenue, s.costToServe, s.activity, s.products]) {
    h.update(new Uint8Array(col.buffer, col.byteOffset, col.byteLength));
  }
  const t = book.transactions;
  for (const col of [t.customer, t.day, t.amount]) h.update(new Uint8Array(col.buffer, col.byteOffset, col.byteLength));
  for (const [name, d] of Object.entries(t.attributes)) h.update(name).update(d.values.join(',')).update(new Uint8Array(d.codes.buffer));
  h.update(book.months.join(',')).update(book.startDate).update(book.endDate);
  return h.digest('hex');
}

const bit = (name: (typeof PRODUCTS)[number]) => 1 << PRODUCTS.indexOf(name);
const LOAN_BITS = bit('mortgage') | bit('consumer_loan') | bit('business_loan');

/** Gauss 2F1(a, b; c; z) by its power series, for 0 ≤ z < 1. */
function hyp2f1(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 100_000; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    if (Math.abs(term) < 1e-15 * Math.abs(sum)) return sum;
  }
  throw new Error('2F1 series did not converge');
}

/** FHL (2005) eq. 7: E[X(t)] for a new customer, t in weeks. */
function expectedRepeat(t: number, { r, alpha, a, b }: { r: number; alpha: number; a: number; b: number }): number {
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, t / (alpha + t)));
}

describe('simulateBank', () => {
  it('a worked example: shapes, order, dates and ids', () => {
    const book = simulateBank({ customers: 50, months: 6, seed: 11, startDate: '2024-02-01' });
    expect(book.customers.length).toBe(50);
    expect(book.customers.customerId.slice(0, 3)).toEqual(['C000001', 'C000002', 'C000003']);
    expect(book.months).toEqual(['2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07']);
    expect(book.startDate).toBe('2024-02-01');
    expect(book.endDate).toBe('2024-07-31');
    const start = parseIsoDay(book.startDate);
    const end = parseIsoDay(book.endDate);
    const t = book.transactions;
    expect(t.customerIds).toEqual(book.customers.customerId);
    expect(t.stats).toEqual({ read: t.length, accepted: t.length, rejected: 0, negativeAmounts: 0 });
    // Sorted by customer then date; each customer's first transaction is on the join day; amounts are cents.
    const seen = new Set<number>();
    for (let j = 0; j < t.length; j++) {
      const i = t.customer[j]!;
      if (j > 0) {
        expect(i >= t.customer[j - 1]!).toBe(true);
        if (i === t.customer[j - 1]) expect(t.day[j]! >= t.day[j - 1]!).toBe(true);
      }
      if (!seen.has(i)) {
        seen.add(i);
        expect(t.day[j]).toBe(book.customers.joinDay[i]);
      } else expect(t.day[j]! > book.customers.joinDay[i]!).toBe(true);
      expect(t.day[j]! >= start && t.day[j]! <= end).toBe(true);
      expect(t.amount[j]! > 0).toBe(true);
      expect(Math.round(t.amount[j]! * 100) / 100).toBe(t.amount[j]);
    }
    expect(seen.size).toBe(50);
    for (const v of t.attributes.channel!.values) expect(CHANNELS).toContain(v);
    for (const v of t.attributes.product!.values) expect(PRODUCTS).toContain(v);
    // Snapshots: by customer then month, from the join month, consecutive months.
    const s = book.snapshots;
    for (let j = 1; j < s.length; j++) {
      if (s.customer[j] === s.customer[j - 1]) expect(s.month[j]).toBe(s.month[j - 1]! + 1);
      else {
        expect(s.customer[j]).toBe(s.customer[j - 1]! + 1);
        expect(book.months[s.month[j]!]).toBe(isoDate(book.customers.joinDay[s.customer[j]!]!).slice(0, 7));
      }
    }
    expect(book.truth.seed).toBe(11);
    expect(book.truth.bgNbd).toEqual({ r: 0.75, alpha: 4, a: 1.2, b: 10 });
    expect(book.truth.gammaGamma).toEqual({ p: 6, q: 4, gamma: 1500 });
    expect(book.truth.options.acquisitionMonths).toBe(6);
  });

  it('is deterministic: the same options give the identical book, another seed another book', () => {
    const opts: SimulateBankOptions = { customers: 400, months: 12, seed: 5 };
    const h1 = hashBook(simulateBank(opts));
    expect(hashBook(simulateBank({ ...opts }))).toBe(h1);
    expect(hashBook(simulateBank({ ...opts, seed: 6 }))).not.toBe(h1);
  });

  it('is prefix-stable in months: the first m1 months of an m2-month book are the m1-month book', () => {
    const short = simulateBank({ customers: 300, months: 14, seed: 9, acquisitionMonths: 10 });
    const long = simulateBank({ customers: 300, months: 30, seed: 9, acquisitionMonths: 10 });
    expect(long.months.slice(0, 14)).toEqual(short.months);
    const c1 = short.customers;
    const c2 = long.customers;
    expect(c2.customerId).toEqual(c1.customerId);
    expect(c2.type).toEqual(c1.type);
    expect(c2.region).toEqual(c1.region);
    expect(c2.joinDay).toEqual(c1.joinDay);
    // Age is at the end of the book: 16 more months add one or two years.
    for (let i = 0; i < c1.length; i++) expect(c2.age[i]! - c1.age[i]!).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < c1.length; i++) expect(c2.age[i]! - c1.age[i]!).toBeLessThanOrEqual(2);

    const s1 = short.snapshots;
    const s2 = long.snapshots;
    const keep: number[] = [];
    for (let j = 0; j < s2.length; j++) if (s2.month[j]! < 14) keep.push(j);
    expect(keep.length).toBe(s1.length);
    for (const col of ['customer', 'month', 'deposits', 'wealth', 'aum', 'loans', 'netRevenue', 'costToServe', 'activity', 'products'] as const) {
      expect(
        Array.from(keep, (j) => s2[col][j]),
        col,
      ).toEqual(Array.from(s1[col]));
    }
    const end1 = parseIsoDay(short.endDate);
    const t1 = short.transactions;
    const t2 = long.transactions;
    const rows: number[] = [];
    for (let j = 0; j < t2.length; j++) if (t2.day[j]! <= end1) rows.push(j);
    expect(rows.length).toBe(t1.length);
    expect(rows.length).toBeLessThan(t2.length);
    expect(Array.from(rows, (j) => t2.customer[j])).toEqual(Array.from(t1.customer));
    expect(Array.from(rows, (j) => t2.day[j])).toEqual(Array.from(t1.day));
    expect(Array.from(rows, (j) => t2.amount[j])).toEqual(Array.from(t1.amount));
    for (const name of ['channel', 'product']) {
      const d1 = t1.attributes[name]!;
      const d2 = t2.attributes[name]!;
      expect(Array.from(rows, (j) => d2.values[d2.codes[j]!])).toEqual(Array.from(d1.codes, (c) => d1.values[c]));
    }
  });

  it('is prefix-stable in customers: customer i is the same customer whatever the number of customers', () => {
    const few = simulateBank({ customers: 40, months: 8, seed: 3 });
    const many = simulateBank({ customers: 200, months: 8, seed: 3 });
    expect(many.customers.type.slice(0, 40)).toEqual(few.customers.type);
    expect(Array.from(many.customers.age.subarray(0, 40))).toEqual(Array.from(few.customers.age));
    expect(Array.from(many.customers.joinDay.subarray(0, 40))).toEqual(Array.from(few.customers.joinDay));
    const ns = few.snapshots.length;
    expect(Array.from(many.snapshots.aum.subarray(0, ns))).toEqual(Array.from(few.snapshots.aum));
    expect(Array.from(many.snapshots.netRevenue.subarray(0, ns))).toEqual(Array.from(few.snapshots.netRevenue));
    expect(many.snapshots.customer[ns]).toBe(40);
    const nt = few.transactions.length;
    expect(Array.from(many.transactions.amount.subarray(0, nt))).toEqual(Array.from(few.transactions.amount));
    expect(Array.from(many.transactions.day.subarray(0, nt))).toEqual(Array.from(few.transactions.day));
  });

  it('snapshots are consistent: AUM = deposits + wealth, products match balances, finite values', () => {
    const book = simulateBank({ customers: 3000, months: 18, seed: 21 });
    const s = book.snapshots;
    const broken: Record<string, number> = {};
    const check = (ok: boolean, rule: string) => {
      if (!ok) broken[rule] = (broken[rule] ?? 0) + 1;
    };
    let negative = 0;
    let dormant = 0;
    for (let j = 0; j < s.length; j++) {
      const mask = s.products[j]!;
      check(s.aum[j] === s.deposits[j]! + s.wealth[j]!, 'aum = deposits + wealth');
      check(Number.isInteger(s.deposits[j]!) && Number.isInteger(s.wealth[j]!) && Number.isInteger(s.loans[j]!), 'whole units');
      check(s.deposits[j]! >= 0 && s.wealth[j]! >= 0 && s.loans[j]! >= 0, 'non-negative balances');
      check(Number.isFinite(s.netRevenue[j]!) && Number.isFinite(s.costToServe[j]!) && s.costToServe[j]! > 0, 'finite revenue and cost');
      check(Math.round(s.netRevenue[j]! * 100) / 100 === s.netRevenue[j], 'cents');
      check(s.wealth[j]! > 0 === ((mask & bit('wealth_management')) !== 0), 'wealth > 0 <=> wealth_management');
      check(s.loans[j]! > 0 === ((mask & LOAN_BITS) !== 0), 'loans > 0 <=> a loan product');
      check((mask & bit('current_account')) !== 0, 'current account');
      check((mask & (bit('fund') | bit('insurance'))) === 0 || (mask & bit('wealth_management')) !== 0, 'fund/insurance => wealth_management');
      const type = book.customers.type[s.customer[j]!];
      if (type !== 'individual')
        check((mask & (bit('salary_account') | bit('mortgage') | bit('consumer_loan') | bit('insurance'))) === 0, 'retail products only for individuals');
      else check((mask & bit('business_loan')) === 0, 'business loans only for enterprises');
      if (s.netRevenue[j]! - s.costToServe[j]! < 0) negative++;
      if (s.activity[j] === 0) dormant++;
    }
    expect(broken).toEqual({});
    // Some customers cost more than they earn (the value matrix's "below zero"), some are dormant.
    expect(negative / s.length).toBeGreaterThan(0.05);
    expect(negative / s.length).toBeLessThan(0.6);
    expect(dormant).toBeGreaterThan(0);
    // Customers who dropped out show activity in the last month only if they dropped out in it
    // (their last transaction is in that month); nearly all active customers show some activity.
    const last = book.months.length - 1;
    const lastStart = parseIsoDay(`${book.months[last]}-01`);
    const lastTx = new Int32Array(book.customers.length);
    const t = book.transactions;
    for (let j = 0; j < t.length; j++) lastTx[t.customer[j]!] = t.day[j]!;
    const alive = book.truth.customers.alive;
    let activeAlive = 0;
    let onBookAlive = 0;
    for (let j = 0; j < s.length; j++) {
      if (s.month[j] !== last) continue;
      const i = s.customer[j]!;
      if (alive[i] === 0 && s.activity[j]! > 0) check(lastTx[i]! >= lastStart, 'dropped-out customers are dormant');
      if (alive[i] === 1) {
        onBookAlive++;
        if (s.activity[j]! > 0) activeAlive++;
      }
    }
    expect(broken).toEqual({});
    expect(activeAlive / onBookAlive).toBeGreaterThan(0.9);
  });

  describe('distributions on a large book (simulation with known truth)', () => {
    const book: SimulatedBankBook = simulateBank({ customers: 40_000, months: 24, seed: 2024 });
    const n = book.customers.length;

    it('customer types and regions follow the stated shares', () => {
      const count = (xs: readonly string[], v: string) => xs.filter((x) => x === v).length / n;
      const se = (p: number) => 4 * Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(count(book.customers.type, 'individual') - 0.93)).toBeLessThan(se(0.93));
      expect(Math.abs(count(book.customers.type, 'enterprise') - 0.06)).toBeLessThan(se(0.06));
      expect(Math.abs(count(book.customers.type, 'interbank') - 0.01)).toBeLessThan(se(0.01));
      expect(Math.abs(count(book.customers.region, 'urban') - 0.5)).toBeLessThan(se(0.5));
      expect(Math.abs(count(book.customers.region, 'rural') - 0.2)).toBeLessThan(se(0.2));
      const custom = simulateBank({ customers: 2000, months: 3, seed: 1, customerTypes: { individual: 1, enterprise: 1, interbank: 0 } });
      expect(custom.customers.type).not.toContain('interbank');
      expect(Math.abs(custom.customers.type.filter((t) => t === 'enterprise').length / 2000 - 0.5)).toBeLessThan(0.05);
    });

    it('about 20% of the customers on the book hold about 80% of AUM', () => {
      const last = book.months.length - 1;
      const aum: number[] = [];
      const s = book.snapshots;
      for (let j = 0; j < s.length; j++) if (s.month[j] === last) aum.push(s.aum[j]!);
      aum.sort((x, y) => y - x);
      const total = aum.reduce((x, y) => x + y, 0);
      const top = aum.slice(0, Math.round(aum.length / 5)).reduce((x, y) => x + y, 0);
      expect(top / total).toBeGreaterThan(0.7);
      expect(top / total).toBeLessThan(0.9);
    });

    it('latent λ, p and ν follow Gamma(r, α), Beta(a, b) and Gamma(q, γ)', () => {
      const { r, alpha, a, b } = book.truth.bgNbd;
      const { q, gamma } = book.truth.gammaGamma;
      const c = book.truth.customers;
      const mean = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
      expect(Math.abs(mean(c.lambda) - r / alpha)).toBeLessThan((4 * Math.sqrt(r)) / alpha / Math.sqrt(n));
      const pVar = (a * b) / ((a + b) ** 2 * (a + b + 1));
      expect(Math.abs(mean(c.dropout) - a / (a + b))).toBeLessThan(4 * Math.sqrt(pVar / n));
      expect(Math.abs(mean(c.spendRate) - q / gamma)).toBeLessThan((4 * Math.sqrt(q)) / gamma / Math.sqrt(n));
    });

    it('mean spend is the Gamma-Gamma mean p·γ/(q−1)', () => {
      const { p, q, gamma } = book.truth.gammaGamma;
      const t = book.transactions;
      // First purchases: one independent draw per customer.
      let sum = 0;
      let k = 0;
      for (let j = 0; j < t.length; j++) {
        if (j === 0 || t.customer[j] !== t.customer[j - 1]) {
          sum += t.amount[j]!;
          k++;
        }
      }
      expect(k).toBe(n);
      const mean = (p * gamma) / (q - 1);
      const variance = (p * (p + 1) * gamma * gamma) / ((q - 1) * (q - 2)) - mean * mean;
      expect(Math.abs(sum / n - mean)).toBeLessThan(4 * Math.sqrt(variance / n));
    });

    it('repeat transactions match the BG/NBD E[X(t)] of FHL (2005) eq. 7 within sampling error', () => {
      const t = book.transactions;
      const end = parseIsoDay(book.endDate);
      const repeats = new Float64Array(n).fill(-1); // first purchase is not a repeat
      for (let j = 0; j < t.length; j++) repeats[t.customer[j]!]!++;
      // Two cohorts (early and late joiners) and all customers: observed mean vs mean of E[X(T_i)].
      const groups: [string, (i: number) => boolean][] = [
        ['all', () => true],
        ['early', (i) => book.customers.joinDay[i]! < parseIsoDay('2023-04-01')],
        ['late', (i) => book.customers.joinDay[i]! >= parseIsoDay('2023-10-01')],
      ];
      for (const [name, inGroup] of groups) {
        let m = 0;
        let sx = 0;
        let sxx = 0;
        let expected = 0;
        for (let i = 0; i < n; i++) {
          if (!inGroup(i)) continue;
          const x = repeats[i]!;
          m++;
          sx += x;
          sxx += x * x;
          expected += expectedRepeat((end - book.customers.joinDay[i]!) / 7, book.truth.bgNbd);
        }
        const mean = sx / m;
        const se = Math.sqrt((sxx / m - mean * mean) / m);
        expect(m, name).toBeGreaterThan(5000);
        expect(Math.abs(mean - expected / m), `${name}: observed ${mean}, expected ${expected / m}`).toBeLessThan(4 * se);
      }
    });

    it('the probability of still being active matches (1-p)^x summed over the process: dropout only after repeats', () => {
      // A customer with no repeat purchase can never have dropped out (FHL 2005 assumption iii).
      const t = book.transactions;
      const counts = new Uint32Array(n);
      for (let j = 0; j < t.length; j++) counts[t.customer[j]!]!++;
      for (let i = 0; i < n; i++) if (counts[i] === 1) expect(book.truth.customers.alive[i]).toBe(1);
    });
  });

  it('rejects bad options with INVALID_OPTIONS naming the option', () => {
    const bad: [unknown, string][] = [
      [{ customers: 0, months: 12, seed: 1 }, 'customers'],
      [{ customers: 1.5, months: 12, seed: 1 }, 'customers'],
      [{ customers: 10, months: 0, seed: 1 }, 'months'],
      [{ customers: 10, months: 12 }, 'seed'],
      [{ customers: 10, months: 12, seed: 1, startDate: '2023-01-15' }, 'startDate'],
      [{ customers: 10, months: 12, seed: 1, startDate: '2023-13-01' }, 'startDate'],
      [{ customers: 10, months: 6, seed: 1, acquisitionMonths: 7 }, 'acquisitionMonths'],
      [{ customers: 10, months: 6, seed: 1, customerTypes: { individual: -1 } }, 'customerTypes.individual'],
      [{ customers: 10, months: 6, seed: 1, customerTypes: { individual: 0, enterprise: 0, interbank: 0 } }, 'customerTypes'],
      [{ customers: 10, months: 6, seed: 1, bgNbd: { r: 0 } }, 'bgNbd.r'],
      [{ customers: 10, months: 6, seed: 1, gammaGamma: { gamma: Number.NaN } }, 'gammaGamma.gamma'],
      [{ customers: 10, months: 6, seed: 1, assets: { sigma: Infinity } }, 'assets.sigma'],
      [{ customers: 10, months: 6, seed: 1, custmers: 5 }, 'options'],
    ];
    for (const [options, path] of bad) {
      let error: unknown;
      try {
        simulateBank(options as SimulateBankOptions);
      } catch (e) {
        error = e;
      }
      expect(isClvkitError(error, 'INVALID_OPTIONS'), JSON.stringify(options)).toBe(true);
      if (isClvkitError(error)) {
        expect(error.details.fn).toBe('simulateBank');
        expect(error.message, JSON.stringify(options)).toContain(path === 'options' ? 'custmers' : path);
      }
    }
  });

  it('handles the edges: one customer, one month', () => {
    const book = simulateBank({ customers: 1, months: 1, seed: 0 });
    expect(book.customers.length).toBe(1);
    expect(book.snapshots.length).toBe(1);
    expect(book.transactions.length).toBeGreaterThanOrEqual(1);
    expect(book.endDate).toBe('2023-01-31');
  });

  it('has the public types', () => {
    expectTypeOf(simulateBank).parameter(0).toEqualTypeOf<SimulateBankOptions>();
    expectTypeOf(simulateBank).returns.toEqualTypeOf<SimulatedBankBook>();
    expectTypeOf<SimulatedBankBook>().toMatchTypeOf<BankBook>();
    expectTypeOf<SimulatedBankBook['truth']['customers']['alive']>().toEqualTypeOf<Uint8Array>();
  });
});
