import { ClvkitError } from '../errors.js';
import type { Book, BookCustomers, BookSnapshots } from '../book/book.js';
import { SIMULATOR_PRODUCT_ORDER } from '../book/product-order.js';
import type { TransactionTable } from '../io/transaction-table.js';
import { requireArrayLike, requireFiniteNumber, requireOneOf } from '../validate.js';

/** The kinds of customer a retail bank books. */
export type CustomerType = 'individual' | 'enterprise' | 'interbank';
export const CUSTOMER_TYPES = ['individual', 'enterprise', 'interbank'] as const satisfies readonly CustomerType[];

/** Where the customer banks. */
export type Region = 'urban' | 'suburban' | 'rural';
export const REGIONS = ['urban', 'suburban', 'rural'] as const satisfies readonly Region[];

/** Products a customer can hold; a snapshot's `products` is a bit mask over this list (bit i = PRODUCTS[i]). */
export const PRODUCTS = SIMULATOR_PRODUCT_ORDER;
export type Product = (typeof PRODUCTS)[number];

/**
 * The product names held in a bit mask, in PRODUCTS order.
 * @throws ClvkitError INVALID_VALUE when `mask` is not an integer in [0, 2^PRODUCTS.length).
 * @example productsOf(0b1001) // ['current_account', 'wealth_management']
 */
export function productsOf(mask: number): Product[] {
  const fn = 'productsOf';
  requireFiniteNumber(mask, 'mask', fn);
  if (!Number.isInteger(mask) || mask < 0 || mask >= 2 ** PRODUCTS.length) {
    throw new ClvkitError('INVALID_VALUE', `a product mask must be an integer in [0, ${2 ** PRODUCTS.length})`, { fn, value: mask });
  }
  const out: Product[] = [];
  for (let i = 0; i < PRODUCTS.length; i++) if (mask & (1 << i)) out.push(PRODUCTS[i]!);
  return out;
}

/**
 * The bit mask of a list of products (bit i = PRODUCTS[i]; a repeated product counts once).
 * @throws ClvkitError INVALID_VALUE when `products` is not an array or holds a name not in PRODUCTS.
 * @example productMask(['current_account', 'wealth_management']) // 9
 */
export function productMask(products: readonly Product[]): number {
  const fn = 'productMask';
  const list = requireArrayLike(products, 'products', fn);
  let mask = 0;
  for (let i = 0; i < list.length; i++) mask |= 1 << PRODUCTS.indexOf(requireOneOf(list[i], PRODUCTS, `products[${i}]`, fn));
  return mask;
}

/** Customer master data, one row per customer, column by column. */
export interface BankCustomers extends BookCustomers {
  readonly length: number;
  readonly customerId: readonly string[];
  readonly type: readonly CustomerType[];
  readonly region: readonly Region[];
  /** Age in years at the end of the book (for enterprises and interbank: years since founding). */
  readonly age: Int32Array;
  /** Epoch day the relationship started. */
  readonly joinDay: Int32Array;
}

/**
 * Month-end balance snapshots, one row per customer and month while the customer is on the book,
 * in currency units (CNY by default). AUM (assets under management) = deposits + wealth.
 */
export interface BankSnapshots extends BookSnapshots {
  readonly length: number;
  /** Per row: index into BankCustomers. */
  readonly customer: Uint32Array;
  /** Per row: index into BankBook.months. */
  readonly month: Uint16Array;
  readonly deposits: Float64Array;
  /** Wealth-management holdings (funds, WMPs, insurance cash value). */
  readonly wealth: Float64Array;
  /** Assets under management = deposits + wealth. */
  readonly aum: Float64Array;
  /** Outstanding loans (the customer's liabilities to the bank). */
  readonly loans: Float64Array;
  /** Net revenue the bank earned from the customer that month (interest margin + fees). */
  readonly netRevenue: Float64Array;
  /** Cost to serve that month (staff, channels, risk cost). */
  readonly costToServe: Float64Array;
  /** Customer-initiated activities that month (logins, payments, branch visits); 0 = inactive. */
  readonly activity: Uint16Array;
  /** Bit mask over PRODUCTS of the products held at month end. */
  readonly products: Uint32Array;
}

/**
 * A simulated retail bank's book: a {@link Book} in clvkit's data contract with every part present, the
 * simulator's fixed vocabularies as typed columns (type, region, the ten PRODUCTS as a bit mask besides
 * the open `holdings`), plus the truth that generated it.
 */
export interface BankBook extends Book {
  readonly customers: BankCustomers;
  readonly snapshots: BankSnapshots;
  readonly transactions: TransactionTable;
  /** Month labels `YYYY-MM`, oldest first. */
  readonly months: readonly string[];
  /** ISO date of the first and last day of the book. */
  readonly startDate: string;
  readonly endDate: string;
  /** The parameters the data was drawn from (present for simulated books). */
  readonly truth?: BankBookTruth;
}

/** True generating parameters of a simulated book, for parameter-recovery tests. */
export interface BankBookTruth {
  readonly seed: number;
  /** BG/NBD purchase process, rates per week: λ ~ Gamma(r, α), p ~ Beta(a, b). */
  readonly bgNbd: { readonly r: number; readonly alpha: number; readonly a: number; readonly b: number };
  /** Gamma-Gamma spend: transaction value ~ Gamma(p, ν), ν ~ Gamma(q, γ). */
  readonly gammaGamma: { readonly p: number; readonly q: number; readonly gamma: number };
  /** Anything else the generator used (asset distribution, revenue margins, ...). */
  readonly [key: string]: unknown;
}
