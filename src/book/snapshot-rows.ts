import type { BookHoldings, BookSnapshots } from './book.js';
import { monthLabel, textAt } from './book-rows.js';
import type { CodedText, Rejections } from './book-rows.js';
import { SIMULATOR_PRODUCT_ORDER } from './product-order.js';

/** What {@link keepSnapshotRows} checks: the snapshot table's coded columns and where to report. Internal. */
export interface SnapshotRowsInput {
  readonly length: number;
  readonly lines: Int32Array;
  readonly ids: CodedText;
  readonly monthText: CodedText;
  readonly parseMonth: (text: string) => number;
  readonly balances: readonly (readonly [string, Float64Array])[];
  readonly activity: Int32Array | undefined;
  /** Index of a customer id, undefined for an unknown one (see readParsed's customerOf). */
  readonly customerOf: (id: string) => number | undefined;
  readonly rejections: Rejections;
  readonly file: string;
  /** Source column names, for messages. */
  readonly columns: Readonly<Record<string, string | undefined>>;
}

/** The snapshot rows kept: their row in the table, customer, month number and file line; the month span. */
export interface SnapshotRows {
  readonly rows: Int32Array;
  readonly customer: Int32Array;
  readonly monthNumber: Int32Array;
  readonly lines: Int32Array;
  readonly firstMonth: number;
  readonly lastMonth: number;
}

/**
 * Check each snapshot row (known customer, month, balances ≥ 0, activity, one row per customer and
 * month) and keep the valid ones; a bad row is thrown or set aside by `rejections`. Internal to readBook.
 */
export function keepSnapshotRows(input: SnapshotRowsInput): SnapshotRows {
  const { lines, ids, monthText, parseMonth, balances, activity, customerOf, rejections } = input;
  const t = { length: input.length };
  const src = { name: input.file };
  const col = (role: string): string => input.columns[role] ?? role;
  let firstMonth = Number.POSITIVE_INFINITY;
  let lastMonth = Number.NEGATIVE_INFINITY;
  // Kept rows, pre-sized to the rows read (trimmed below).
  const rowsAt = new Int32Array(t.length);
  const customerAt = new Int32Array(t.length);
  const monthAt = new Int32Array(t.length);
  const lineAt = new Int32Array(t.length);
  let kept = 0;
  // Two snapshots of one customer in one month: a book lists each customer's months in order, so a
  // month past the customer's latest is new; only a month at or before it needs the exact check
  // (a set of customer × month keys, built on first need).
  const latest: number[] = [];
  let keys: Set<number> | undefined;
  const keyOf = (c: number, k: number): number => c * 2_000_000 + k;
  // Per distinct id and month text, looked up once: the customer (-1 unknown) and the month number.
  const customerOfCode = new Int32Array(ids.values.length).fill(-2);
  const monthOfCode = new Float64Array(monthText.values.length).fill(Number.NEGATIVE_INFINITY);
  row: for (let j = 0; j < t.length; j++) {
    const line = lines[j]!;
    const idCode = ids.codes[j]!;
    let c = customerOfCode[idCode]!;
    if (c === -2) c = customerOfCode[idCode] = customerOf(ids.values[idCode]!) ?? -1;
    if (c < 0) {
      rejections.add(
        'snapshots',
        src.name,
        line,
        'INVALID_VALUE',
        textAt(ids, j).trim() === '' ? 'empty customer id' : 'snapshot of a customer not in the customers table',
        col('customerId'),
        textAt(ids, j),
      );
      continue;
    }
    const monthCode = monthText.codes[j]!;
    let k = monthOfCode[monthCode]!;
    if (k === Number.NEGATIVE_INFINITY) k = monthOfCode[monthCode] = parseMonth(monthText.values[monthCode]!);
    if (!Number.isFinite(k)) {
      rejections.add('snapshots', src.name, line, 'INVALID_DATE', 'expected a month as YYYY-MM or a month-end date', col('month'), textAt(monthText, j));
      continue;
    }
    for (let b = 0; b < balances.length; b++) {
      const values = balances[b]![1];
      if (!(values[j]! >= 0)) {
        rejections.add('snapshots', src.name, line, 'INVALID_VALUE', 'a balance must be ≥ 0', col(balances[b]![0]), values[j]);
        continue row;
      }
    }
    if (activity !== undefined && (activity[j]! < 0 || activity[j]! > 65535)) {
      rejections.add('snapshots', src.name, line, 'INVALID_VALUE', 'activity must be in 0..65535', col('activity'), activity[j]);
      continue;
    }
    const before = latest[c];
    if (before !== undefined && k <= before) {
      if (keys === undefined) {
        keys = new Set<number>();
        for (let r = 0; r < kept; r++) keys.add(keyOf(customerAt[r]!, monthAt[r]!));
      }
      if (keys.has(keyOf(c, k))) {
        rejections.add(
          'snapshots',
          src.name,
          line,
          'DUPLICATE_ID',
          `two snapshots of one customer in one month (${monthLabel(k)})`,
          col('customerId'),
          textAt(ids, j),
        );
        continue;
      }
    } else latest[c] = k;
    keys?.add(keyOf(c, k));
    rowsAt[kept] = j;
    customerAt[kept] = c;
    monthAt[kept] = k;
    lineAt[kept] = line;
    kept++;
    if (k < firstMonth) firstMonth = k;
    if (k > lastMonth) lastMonth = k;
  }
  const rows = rowsAt.subarray(0, kept);
  const customer = customerAt.subarray(0, kept);
  const monthNumber = monthAt.subarray(0, kept);
  const keptLines = lineAt.subarray(0, kept);
  return { rows, customer, monthNumber, lines: keptLines, firstMonth, lastMonth };
}

/**
 * The holdings (product dictionary + per-row code lists) of each kept row's product names. The
 * dictionary: `order` first (the spec's product names, then the product columns), then the
 * simulator's names met, then other names in order of first appearance. Rows sharing one list
 * object (a repeated products text) are coded once.
 */
export function productHoldings(lists: readonly (readonly string[])[], order: readonly string[]): BookHoldings {
  const m = lists.length;
  const dictionary = new Map<string, number>();
  const listed = new Set(order);
  const met = new Set<string>();
  const distinct = new Set(lists);
  for (const l of distinct) for (const name of l) met.add(name);
  const ordered = [...order.filter((n) => n !== ''), ...SIMULATOR_PRODUCT_ORDER.filter((n) => met.has(n) && !listed.has(n))];
  for (const name of ordered) if (!dictionary.has(name)) dictionary.set(name, dictionary.size);
  for (const l of lists) for (const name of l) if (!dictionary.has(name)) dictionary.set(name, dictionary.size);
  const codesOf = new Map<readonly string[], number[]>();
  for (const l of distinct)
    codesOf.set(
      l,
      l.map((name) => dictionary.get(name)!).sort((x, y) => x - y),
    );
  const offsets = new Uint32Array(m + 1);
  const rowCodes: number[][] = new Array<number[]>(m);
  let total = 0;
  for (let r = 0; r < m; r++) {
    const codes = codesOf.get(lists[r]!)!;
    rowCodes[r] = codes;
    total += codes.length;
    offsets[r + 1] = total;
  }
  const flat = new Uint32Array(total);
  for (let r = 0, at = 0; r < m; r++) {
    const codes = rowCodes[r]!;
    for (let q = 0; q < codes.length; q++) flat[at++] = codes[q]!;
  }
  return { names: [...dictionary.keys()], offsets, index: flat };
}

/** The kept snapshot rows and the table's numeric columns by role, as readParsed holds them. Internal. */
export interface KeptSnapshots {
  readonly customer: Int32Array;
  readonly monthNumber: Int32Array;
  readonly rows: Int32Array;
  readonly rowsRead: number;
  readonly cols: Readonly<Record<string, Float64Array>>;
}

/**
 * The book's snapshot columns of the kept rows: balances, AUM (deposits + wealth unless given), net
 * revenue (given, else margin × (AUM + loans) / 12), cost to serve (given, else 0), customer and month
 * (0 = the book's first month), activity, holdings.
 */
export function snapshotColumns(snap: KeptSnapshots, holdings: BookHoldings, margin: number, firstMonth: number): BookSnapshots {
  // Plain loops: TypedArray.from with a map function is several times slower in V8.
  const rows = snap.rows;
  const m = rows.length;
  const all = rows.length === snap.rowsRead;
  const pick = (col: Float64Array): Float64Array => {
    if (all) return col;
    const out = new Float64Array(m);
    for (let r = 0; r < m; r++) out[r] = col[rows[r]!]!;
    return out;
  };
  const deposits = pick(snap.cols.deposits!);
  const wealth = pick(snap.cols.wealth!);
  const loans = pick(snap.cols.loans!);
  let aum: Float64Array;
  if (snap.cols.aum !== undefined) aum = pick(snap.cols.aum);
  else {
    aum = new Float64Array(m);
    for (let r = 0; r < m; r++) aum[r] = deposits[r]! + wealth[r]!;
  }
  const revenueGiven = snap.cols.netRevenue !== undefined;
  let netRevenue: Float64Array;
  if (revenueGiven) netRevenue = pick(snap.cols.netRevenue!);
  else {
    netRevenue = new Float64Array(m);
    for (let r = 0; r < m; r++) netRevenue[r] = (margin * (aum[r]! + loans[r]!)) / 12;
  }
  const costToServe = snap.cols.costToServe !== undefined ? pick(snap.cols.costToServe) : new Float64Array(m);
  const customerColumn = new Uint32Array(m);
  const monthColumn = new Uint16Array(m);
  for (let r = 0; r < m; r++) {
    customerColumn[r] = snap.customer[r]!;
    monthColumn[r] = snap.monthNumber[r]! - firstMonth;
  }
  let activityColumn: Uint16Array | undefined;
  if (snap.cols.activity !== undefined) {
    activityColumn = new Uint16Array(m);
    for (let r = 0; r < m; r++) activityColumn[r] = snap.cols.activity[rows[r]!]!;
  }
  return {
    length: m,
    customer: customerColumn,
    month: monthColumn,
    deposits,
    wealth,
    loans,
    aum,
    netRevenue,
    costToServe,
    ...(activityColumn !== undefined ? { activity: activityColumn } : {}),
    holdings,
  };
}
