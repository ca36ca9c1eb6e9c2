import { z } from 'zod';
import { holdingsFromMasks } from '../book/product-masks.js';
import type { DictionaryColumn, TransactionTable } from '../io/transaction-table.js';
import { GrowableColumn } from '../growable-column.js';
import { createRandom } from '../random.js';
import type { Random } from '../random.js';
import { daysFromCivil, isoDate, parseIsoDay } from '../time.js';
import { parseOptions } from '../validate.js';
import { CUSTOMER_TYPES, PRODUCTS, REGIONS } from './bank-book.js';
import type { BankBook, BankBookTruth, BankCustomers, BankSnapshots, CustomerType, Product, Region } from './bank-book.js';
import { TRANSACTION_TABLE_DISPLAY } from '../display/result-specs.js';
import { withDisplay } from '../display/with-display.js';

/** Channels a simulated transaction goes through (the `channel` attribute). */
export const CHANNELS = ['mobile', 'online', 'branch', 'relationship_manager'] as const;
export type Channel = (typeof CHANNELS)[number];

const positive = z.number().positive().finite();
const share = z.number().min(0).finite();
const byType = (individual: number, enterprise: number, interbank: number, schema: z.ZodNumber = positive) =>
  z.strictObject({ individual: schema.default(individual), enterprise: schema.default(enterprise), interbank: schema.default(interbank) }).prefault({});
const probability = z.number().min(0).max(1);

const sharesSum = (s: Readonly<Record<string, number>>) => Object.values(s).reduce((a, b) => a + b, 0) > 0;

const simulateBankSchema = z
  .strictObject({
    /** Number of customers, 1 .. 10,000,000. */
    customers: z.number().int().min(1).max(10_000_000),
    /** Number of calendar months in the book, 1 .. 1200. */
    months: z.number().int().min(1).max(1200),
    /** Integer seed: the same options give the identical book. */
    seed: z.number().int(),
    /** First day of the book, an ISO date on the 1st of a month. */
    startDate: z
      .string()
      .regex(/^\d{4}-\d{2}-01$/, 'expected the first day of a month as YYYY-MM-01')
      .refine((s) => Number(s.slice(5, 7)) >= 1 && Number(s.slice(5, 7)) <= 12, 'not a calendar month')
      .default('2023-01-01'),
    /**
     * Customers join uniformly over the days of the first `acquisitionMonths` months (default min(12, months)).
     * Must not exceed `months`. Books of different lengths are prefix-stable when this is the same.
     */
    acquisitionMonths: z.number().int().min(1).optional(),
    /** Shares of customer types (normalised; at least one positive). */
    customerTypes: z
      .strictObject({ individual: share.default(0.93), enterprise: share.default(0.06), interbank: share.default(0.01) })
      .prefault({})
      .refine(sharesSum, 'at least one share must be positive'),
    /** Shares of regions (normalised; at least one positive). */
    regions: z
      .strictObject({ urban: share.default(0.5), suburban: share.default(0.3), rural: share.default(0.2) })
      .prefault({})
      .refine(sharesSum, 'at least one share must be positive'),
    /** BG/NBD purchase process, rates per week: λ ~ Gamma(shape r, rate alpha), p ~ Beta(a, b). */
    bgNbd: z.strictObject({ r: positive.default(0.75), alpha: positive.default(4), a: positive.default(1.2), b: positive.default(10) }).prefault({}),
    /** Gamma-Gamma spend: value ~ Gamma(shape p, rate ν), ν ~ Gamma(shape q, rate gamma). */
    gammaGamma: z.strictObject({ p: positive.default(6), q: positive.default(4), gamma: positive.default(1500) }).prefault({}),
    assets: z
      .strictObject({
        /** Median AUM at join by customer type, in currency units. */
        medianAum: byType(20_000, 150_000, 1_000_000),
        /** σ of log AUM at join (log-normal). */
        sigma: positive.default(1.4),
        /** AUM multiplier by region. */
        regionFactor: z.strictObject({ urban: positive.default(1.3), suburban: positive.default(1), rural: positive.default(0.6) }).prefault({}),
        /** Probability of holding wealth-management products, by type. */
        wealthProbability: byType(0.3, 0.2, 0.5, probability),
      })
      .prefault({}),
    loans: z
      .strictObject({
        /** Probability of a mortgage / consumer loan (individuals) and a business loan (enterprise, interbank). */
        mortgageProbability: probability.default(0.15),
        consumerLoanProbability: probability.default(0.12),
        businessLoanProbability: z.strictObject({ enterprise: probability.default(0.55), interbank: probability.default(0.3) }).prefault({}),
        /** Median loan at join, log-normal with σ 0.8. */
        medianMortgage: positive.default(600_000),
        medianConsumerLoan: positive.default(50_000),
        medianBusinessLoan: z.strictObject({ enterprise: positive.default(2_000_000), interbank: positive.default(20_000_000) }).prefault({}),
        /** Share of the principal repaid each month. */
        monthlyAmortization: z.number().min(0).max(0.5).default(0.01),
      })
      .prefault({}),
    trend: z
      .strictObject({
        /** Mean and sd across customers of the monthly log-drift of AUM. */
        mean: z.number().finite().default(0.003),
        sd: z.number().min(0).finite().default(0.015),
        /** Month-to-month noise (sd of the log change). */
        noise: z.number().min(0).finite().default(0.06),
        /** Monthly log-drift once the customer has dropped out (balances run off). */
        dormant: z.number().finite().default(-0.03),
        /** Monthly probability that a customer who has dropped out closes the relationship (leaves the book). */
        closure: probability.default(0.25),
      })
      .prefault({}),
    economics: z
      .strictObject({
        /** Annual margins on balances and fee rates. */
        depositMargin: z.number().min(0).finite().default(0.015),
        loanMargin: z.number().min(0).finite().default(0.025),
        wealthFee: z.number().min(0).finite().default(0.008),
        /** Fee as a share of each transaction's amount. */
        transactionFee: z.number().min(0).finite().default(0.003),
        /** Fixed monthly cost to serve, by type. */
        fixedCost: byType(10, 150, 800, z.number().min(0).finite()),
        /** Cost per customer-initiated activity. */
        activityCost: z.number().min(0).finite().default(0.5),
        /** Annual risk cost on loans (expected loss). */
        riskCost: z.number().min(0).finite().default(0.008),
      })
      .prefault({}),
    /** Mean monthly customer-initiated activities (besides transactions) while active, by type. */
    activityRate: byType(6, 25, 10),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.acquisitionMonths !== undefined && o.acquisitionMonths > o.months) {
      ctx.addIssue({ code: 'custom', path: ['acquisitionMonths'], message: `must not exceed months (${o.months})` });
    }
  });

/** Options of {@link simulateBank}. */
export type SimulateBankOptions = z.input<typeof simulateBankSchema>;
/** The parsed, defaulted options, as recorded in `book.truth.options`. */
export type SimulateBankParameters = z.output<typeof simulateBankSchema>;

/** Per-customer latent values the book was drawn from, aligned with `book.customers`. */
export interface SimulatedCustomerTruth {
  /** Purchase rate while active, per week. */
  readonly lambda: Float64Array;
  /** Probability of dropping out after each repeat purchase. */
  readonly dropout: Float64Array;
  /** Gamma-Gamma rate ν: the customer's mean spend is p / ν. */
  readonly spendRate: Float64Array;
  /** Monthly log-drift of AUM while active. */
  readonly drift: Float64Array;
  /** 1 if the customer is still active (has not dropped out) at the end of the book. */
  readonly alive: Uint8Array;
}

/** The truth of a simulated book. */
export interface SimulatedBankTruth extends BankBookTruth {
  readonly timeUnit: 'week';
  readonly options: SimulateBankParameters;
  readonly customers: SimulatedCustomerTruth;
}

/** A simulated book: a BankBook whose truth is always present. */
export interface SimulatedBankBook extends BankBook {
  readonly truth: SimulatedBankTruth;
}

const WEALTH = 1 << PRODUCTS.indexOf('wealth_management');
const bit = (p: Product) => 1 << PRODUCTS.indexOf(p);

/** Streams forked from each customer's stream: one per purpose, so each part is independent of the others. */
const STREAM_ATTRIBUTES = 0;
const STREAM_PURCHASES = 1;
const STREAM_SNAPSHOTS = 2;

/**
 * Simulate a retail bank's book: customers, monthly balance snapshots and transactions, drawn from
 * stated models whose parameters are returned in `book.truth`.
 *
 * - Customers: type and region by the given shares, age, join day uniform over the first
 *   `acquisitionMonths` months. Each customer's first transaction is on the join day (time 0).
 * - Transactions follow the BG/NBD process of Fader, Hardie & Lee (2005, "Counting your customers the
 *   easy way", Marketing Science 24(2), assumptions i–v), time in weeks: λ ~ Gamma(shape r, rate α),
 *   p ~ Beta(a, b); while active, repeat purchases arrive as a Poisson process of rate λ; after each
 *   repeat purchase the customer drops out with probability p (never at time 0). A repeat purchase at
 *   t weeks after joining is dated `joinDay + ceil(7t)` (so never on the join day, never after the end);
 *   two repeat purchases can share a day (about 2% of repeat purchases with the defaults): a summary with
 *   `aggregateBy: 'day'` merges them, `aggregateBy: 'none'` counts exactly the model's purchases. Amounts are Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and
 *   CLV", JMR 42(4)): value ~ Gamma(shape p, rate ν), ν ~ Gamma(shape q, rate γ), mean p·γ/(q−1),
 *   rounded to cents. Attributes `channel` and `product` are kept as dictionary columns.
 * - Snapshots, month by month from the join month: AUM at join log-normal (σ `assets.sigma`, medians by
 *   type, scaled by region), a random walk in logs with a per-customer drift (N(trend.mean, trend.sd))
 *   and noise, drifting at `trend.dormant` once the customer has dropped out; AUM split into deposits and
 *   wealth (wealth only for wealth holders); loans amortising from their value at join. Balances are
 *   rounded to whole currency units (AUM = deposits + wealth exactly), revenue and cost to cents.
 *   Net revenue = (deposits·depositMargin + loans·loanMargin + wealth·wealthFee)/12 + transactionFee ·
 *   the month's spend; cost to serve = fixedCost + activityCost · activity + loans·riskCost/12.
 *   Activity is 0 from the first month that starts after the customer dropped out; from then on, each
 *   month the customer closes the relationship with probability `trend.closure` and has no more rows
 *   (so a summary's customers can be off the book in the last month).
 *   Products (bit mask over PRODUCTS) are fixed per customer and consistent with balances:
 *   wealth > 0 ⇔ wealth_management (fund and insurance only with it), loans > 0 ⇔ a loan product.
 *
 * Order: customers by id (`C000001`, ...); snapshots by customer then month; transactions by customer
 * then date (row order of a summary is customer order). Deterministic and prefix-stable: customer i is
 * drawn from its own stream `createRandom(seed).fork(i)`, month by month, so the same customer comes out
 * whatever the number of customers, and the first m1 months of an m2-month book equal the m1-month book
 * (same seed, same `acquisitionMonths` — the default min(12, months) is the same for all books of ≥ 12
 * months; `age`, measured at the end of the book, is the one exception).
 *
 * @throws ClvkitError INVALID_OPTIONS for invalid options (e.g. `acquisitionMonths > months`).
 * @example
 * const book = simulateBank({ customers: 1000, months: 24, seed: 7 });
 * [book.customers.length, book.snapshots.length, book.transactions.length, book.endDate]
 * // [1000, 14140, 7338, '2024-12-31']
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2) 275–284, §3 (BG/NBD assumptions).
 */
export function simulateBank(options: SimulateBankOptions): SimulatedBankBook {
  const o = parseOptions(simulateBankSchema, options, 'simulateBank');
  const nCustomers = o.customers;
  const nMonths = o.months;
  const acquisitionMonths = o.acquisitionMonths ?? Math.min(12, nMonths);
  const startDay = parseIsoDay(o.startDate, 'simulateBank');
  const startYear = Number(o.startDate.slice(0, 4));
  const startMonth = Number(o.startDate.slice(5, 7));

  // monthStart[k] = epoch day of the 1st of month k; monthStart[nMonths] = day after the book ends.
  const monthStart = new Int32Array(nMonths + 1);
  const months: string[] = [];
  for (let k = 0; k <= nMonths; k++) {
    const y = startYear + Math.floor((startMonth - 1 + k) / 12);
    const m = ((startMonth - 1 + k) % 12) + 1;
    monthStart[k] = daysFromCivil(y, m, 1);
    if (k < nMonths) months.push(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`);
  }
  const endDay = monthStart[nMonths]! - 1;
  const acquisitionDays = monthStart[acquisitionMonths]! - startDay;

  const typeCdf = cdf(CUSTOMER_TYPES.map((t) => o.customerTypes[t]));
  const regionCdf = cdf(REGIONS.map((r) => o.regions[r]));

  const customerId: string[] = new Array<string>(nCustomers);
  const type: CustomerType[] = new Array<CustomerType>(nCustomers);
  const region: Region[] = new Array<Region>(nCustomers);
  const age = new Int32Array(nCustomers);
  const joinDay = new Int32Array(nCustomers);
  const truthLambda = new Float64Array(nCustomers);
  const truthDropout = new Float64Array(nCustomers);
  const truthSpendRate = new Float64Array(nCustomers);
  const truthDrift = new Float64Array(nCustomers);
  const truthAlive = new Uint8Array(nCustomers);

  const tx = {
    customer: new GrowableColumn(Uint32Array),
    day: new GrowableColumn(Int32Array),
    amount: new GrowableColumn(Float64Array),
    channel: new GrowableColumn(Uint32Array),
    product: new GrowableColumn(Uint32Array),
  };
  const snap = {
    customer: new GrowableColumn(Uint32Array),
    month: new GrowableColumn(Uint32Array),
    deposits: new GrowableColumn(Float64Array),
    wealth: new GrowableColumn(Float64Array),
    loans: new GrowableColumn(Float64Array),
    netRevenue: new GrowableColumn(Float64Array),
    costToServe: new GrowableColumn(Float64Array),
    activity: new GrowableColumn(Uint32Array),
    products: new GrowableColumn(Uint32Array),
  };

  const { r, alpha, a, b } = o.bgNbd;
  const { p: ggP, q: ggQ, gamma: ggGamma } = o.gammaGamma;
  const root = createRandom(o.seed);
  const monthTxCount = new Uint32Array(nMonths);
  const monthTxAmount = new Float64Array(nMonths);

  for (let i = 0; i < nCustomers; i++) {
    const rc = root.fork(i);
    customerId[i] = `C${String(i + 1).padStart(6, '0')}`;

    // --- static attributes -------------------------------------------------------------------
    const ra = rc.fork(STREAM_ATTRIBUTES);
    const t = CUSTOMER_TYPES[pick(ra, typeCdf)]!;
    const reg = REGIONS[pick(ra, regionCdf)]!;
    type[i] = t;
    region[i] = reg;
    const join = startDay + Math.min(acquisitionDays - 1, ra.int(acquisitionDays));
    joinDay[i] = join;
    const ageAtJoin =
      t === 'individual'
        ? Math.min(95, 18 + Math.round(ra.gamma(4, 6)))
        : t === 'enterprise'
          ? 1 + Math.round(ra.gamma(2, 6))
          : 5 + Math.round(ra.gamma(3, 10));
    age[i] = ageAtJoin + Math.floor((endDay - join) / 365.25);

    // Balances at join and products held (fixed for the customer's life on the book).
    const logAum0 = Math.log(o.assets.medianAum[t] * o.assets.regionFactor[reg]) + o.assets.sigma * ra.normal();
    const hasWealth = ra.bernoulli(o.assets.wealthProbability[t]) === 1;
    const wealthShare = hasWealth ? 0.1 + 0.8 * ra.beta(2, 3) : 0;
    let products = bit('current_account');
    if (t === 'individual' && ra.bernoulli(0.3)) products |= bit('salary_account');
    if (ra.bernoulli(0.2)) products |= bit('time_deposit');
    if (hasWealth) {
      products |= WEALTH;
      if (ra.bernoulli(0.5)) products |= bit('fund');
      if (t === 'individual' && ra.bernoulli(0.3)) products |= bit('insurance');
    }
    if (t !== 'interbank' && ra.bernoulli(t === 'individual' ? 0.35 : 0.2)) products |= bit('credit_card');
    let loans0 = 0;
    if (t === 'individual') {
      if (ra.bernoulli(o.loans.mortgageProbability)) {
        products |= bit('mortgage');
        loans0 += Math.max(1000, o.loans.medianMortgage * Math.exp(0.8 * ra.normal()));
      }
      if (ra.bernoulli(o.loans.consumerLoanProbability)) {
        products |= bit('consumer_loan');
        loans0 += Math.max(1000, o.loans.medianConsumerLoan * Math.exp(0.8 * ra.normal()));
      }
    } else if (ra.bernoulli(o.loans.businessLoanProbability[t])) {
      products |= bit('business_loan');
      loans0 += Math.max(1000, o.loans.medianBusinessLoan[t] * Math.exp(0.8 * ra.normal()));
    }
    const drift = o.trend.mean + o.trend.sd * ra.normal();
    const activityRate = o.activityRate[t] * ra.gamma(2, 0.5);
    truthDrift[i] = drift;
    // Products a transaction can be for: the customer's investment and card products, else the current account.
    const purchasable: number[] = [];
    for (const pr of ['time_deposit', 'wealth_management', 'fund', 'insurance', 'credit_card'] as const) {
      if (products & bit(pr)) purchasable.push(PRODUCTS.indexOf(pr));
    }
    if (purchasable.length === 0) purchasable.push(PRODUCTS.indexOf('current_account'));
    const channelCdf = cdf(t === 'individual' ? [0.55, 0.25, 0.15, 0.05] : [0.15, 0.45, 0.15, 0.25]);

    // --- BG/NBD purchases with Gamma-Gamma spend, in weeks since the join day ---------------
    const rp = rc.fork(STREAM_PURCHASES);
    const lambda = rp.gamma(r, 1 / alpha);
    const dropout = rp.beta(a, b);
    const nu = rp.gamma(ggQ, 1 / ggGamma);
    truthLambda[i] = lambda;
    truthDropout[i] = dropout;
    truthSpendRate[i] = nu;
    const firstTx = tx.day.length;
    const pushTx = (day: number) => {
      tx.customer.push(i);
      tx.day.push(day);
      tx.amount.push(Math.max(0.01, Math.round(rp.gamma(ggP, 1 / nu) * 100) / 100));
      tx.channel.push(pick(rp, channelCdf));
      tx.product.push(purchasable[rp.int(purchasable.length)]!);
    };
    pushTx(join);
    // Day after which the customer is inactive (the day of the repeat purchase after which they dropped out).
    let deadAfterDay = Number.POSITIVE_INFINITY;
    let elapsed = 0;
    for (;;) {
      elapsed += rp.exponential(lambda);
      const day = join + Math.ceil(elapsed * 7);
      if (!(day <= endDay)) break;
      pushTx(day);
      if (rp.bernoulli(dropout) === 1) {
        deadAfterDay = day;
        break;
      }
    }
    truthAlive[i] = deadAfterDay === Number.POSITIVE_INFINITY ? 1 : 0;

    // --- monthly snapshots ----------------------------------------------------------------
    const joinMonth = monthIndex(monthStart, join);
    monthTxCount.fill(0, joinMonth);
    monthTxAmount.fill(0, joinMonth);
    for (let j = firstTx; j < tx.day.length; j++) {
      const k = monthIndex(monthStart, tx.day.get(j), joinMonth);
      monthTxCount[k]!++;
      monthTxAmount[k]! += tx.amount.get(j);
    }
    const rs = rc.fork(STREAM_SNAPSHOTS);
    let logAum = logAum0;
    let loans = loans0;
    const e = o.economics;
    for (let k = joinMonth; k < nMonths; k++) {
      const activeAtStart = deadAfterDay >= monthStart[k]!;
      // A customer who dropped out before this month may close the relationship: no more rows.
      if (!activeAtStart && rs.bernoulli(o.trend.closure) === 1) break;
      const activeAtEnd = deadAfterDay >= monthStart[k + 1]! - 1;
      if (k > joinMonth) {
        logAum += (activeAtEnd ? drift : o.trend.dormant) + o.trend.noise * rs.normal();
        loans *= 1 - o.loans.monthlyAmortization;
      }
      const aum = Math.exp(logAum);
      const wealth = hasWealth ? Math.max(1, Math.round(aum * wealthShare)) : 0;
      const deposits = Math.max(0, Math.round(aum * (1 - wealthShare)));
      const loanBalance = loans0 > 0 ? Math.max(1, Math.round(loans)) : 0;
      const background = rs.poisson(activityRate);
      const activity = activeAtStart ? Math.min(65535, background + monthTxCount[k]!) : 0;
      const revenue = (deposits * e.depositMargin + loanBalance * e.loanMargin + wealth * e.wealthFee) / 12 + e.transactionFee * monthTxAmount[k]!;
      const cost = e.fixedCost[t] + e.activityCost * activity + (loanBalance * e.riskCost) / 12;
      snap.customer.push(i);
      snap.month.push(k);
      snap.deposits.push(deposits);
      snap.wealth.push(wealth);
      snap.loans.push(loanBalance);
      snap.netRevenue.push(Math.round(revenue * 100) / 100);
      snap.costToServe.push(Math.round(cost * 100) / 100);
      snap.activity.push(activity);
      snap.products.push(products);
    }
  }

  const customers: BankCustomers = { length: nCustomers, customerId, type, region, age, joinDay, attributes: { type, region } };
  const nSnap = snap.customer.length;
  const deposits = snap.deposits.toArray();
  const wealth = snap.wealth.toArray();
  const aum = new Float64Array(nSnap);
  for (let j = 0; j < nSnap; j++) aum[j] = deposits[j]! + wealth[j]!;
  const snapshots: BankSnapshots = {
    length: nSnap,
    customer: snap.customer.toArray(),
    month: Uint16Array.from(snap.month.toArray()),
    deposits,
    wealth,
    aum,
    loans: snap.loans.toArray(),
    netRevenue: snap.netRevenue.toArray(),
    costToServe: snap.costToServe.toArray(),
    activity: Uint16Array.from(snap.activity.toArray()),
    products: snap.products.toArray(),
    holdings: holdingsFromMasks(snap.products.toArray(), PRODUCTS),
  };
  const nTx = tx.customer.length;
  const transactions: TransactionTable = withDisplay(
    {
      length: nTx,
      customerIds: customerId.slice(),
      customer: tx.customer.toArray(),
      day: tx.day.toArray(),
      amount: tx.amount.toArray(),
      attributes: {
        channel: dictionary(tx.channel.toArray(), CHANNELS),
        product: dictionary(tx.product.toArray(), PRODUCTS),
      },
      stats: { read: nTx, accepted: nTx, rejected: 0, negativeAmounts: 0 },
      rejects: [],
    },
    TRANSACTION_TABLE_DISPLAY,
  );
  const truth: SimulatedBankTruth = {
    seed: o.seed,
    bgNbd: { ...o.bgNbd },
    gammaGamma: { ...o.gammaGamma },
    timeUnit: 'week',
    options: { ...o, acquisitionMonths },
    customers: { lambda: truthLambda, dropout: truthDropout, spendRate: truthSpendRate, drift: truthDrift, alive: truthAlive },
  };
  return { customers, snapshots, transactions, months, startDate: isoDate(startDay), endDate: isoDate(endDay), truth };
}

/** Cumulative shares, normalised so the last is exactly 1. */
function cdf(weights: readonly number[]): Float64Array {
  const total = weights.reduce((s, w) => s + w, 0);
  const out = new Float64Array(weights.length);
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i]!;
    out[i] = acc / total;
  }
  out[weights.length - 1] = 1;
  return out;
}

function pick(rng: Random, cumulative: Float64Array): number {
  const u = rng.next();
  for (let i = 0; i < cumulative.length; i++) if (u < cumulative[i]!) return i;
  return cumulative.length - 1;
}

/** Index of the month containing `day` (binary search from `from`). */
function monthIndex(monthStart: Int32Array, day: number, from = 0): number {
  let lo = from;
  let hi = monthStart.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (monthStart[mid]! <= day) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Dictionary-encode codes into `universe`, keeping the values in order of first appearance. */
function dictionary(codes: Uint32Array, universe: readonly string[]): DictionaryColumn {
  const remap = new Int32Array(universe.length).fill(-1);
  const values: string[] = [];
  const out = new Uint32Array(codes.length);
  for (let j = 0; j < codes.length; j++) {
    const c = codes[j]!;
    if (remap[c] === -1) {
      remap[c] = values.length;
      values.push(universe[c]!);
    }
    out[j] = remap[c]!;
  }
  return { values, codes: out };
}
