import { ClvkitError } from '../errors.js';
import { VALUE_CELL_TREATMENTS } from '../value/value-matrix.js';
import { SCORE_CSV_BLOCK_ROWS, SCORE_CSV_KINDS, SCORE_CSV_VALUES, scoreCsvBlock, scoreCsvText, scoreCsvThreads, scoreTextCell } from './score-csv-writer.js';
import type { ScoreCsvWriter } from './score-csv-writer.js';
import type { ScoredParts } from './score-records.js';
import { SCORE_RECORD_COLUMNS } from './score-records-csv.js';
import { listCells } from './list-cells.js';

/**
 * Slots of a row written from the columns: as `SCORE_CSV_KINDS`, but the five tier columns (tier … serviceLevelZh),
 * the two cluster labels and the five value-cell columns (valueCell … channelZh) are each one group (kind 3), as
 * they follow from one key.
 */
const PARTS_LAYOUT: readonly number[] = [0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 3, 1, 1, 2, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 1];

/** The score column of each value cell of a row (`SCORE_CSV_KINDS` 2), for error messages. */
const VALUE_COLUMNS = SCORE_RECORD_COLUMNS.filter((_, k) => SCORE_CSV_KINDS[k] === 2);

/** Cells joined as `recordsToCsv` writes them (each escaped, null empty), as UTF-8 bytes. */
const group = (cells: readonly (string | null | undefined)[]): Buffer =>
  Buffer.from(cells.map((c) => (c === null || c === undefined ? '' : scoreTextCell(c))).join(','), 'utf8');

/**
 * Write customers `lo` … `hi − 1` of a scoring pass through a `ScoreCsvWriter` straight from its columns,
 * without building records: each cell is the value `toRecords()` puts in that field (null for what does not
 * apply or was skipped), in {@link SCORE_RECORD_COLUMNS} order. Internal; `CustomerScores.toCsv()` uses it.
 *
 * @throws ClvkitError INVALID_VALUE (a non-finite number, naming the row and column, as `recordsToCsv` does).
 */
export function writeScoredParts(w: ScoreCsvWriter, p: ScoredParts, lo: number, hi: number, fn: string): void {
  const { a, model, rfm, segments, status, tags, cluster, clusterEn, clusterZh, transaction, value, matrix } = p;
  const s = a.summary;
  const bandOf = new Map((model.value?.tierBands ?? []).map((band) => [band.key, band]));
  const isNew = new Uint8Array(s.length);
  for (const r of p.newOnes) isNew[r] = 1;
  // The groups, once per key: tier → its five cells, cluster → its two labels, value cell → its five cells.
  const tierGroups = new Map<string | null, Buffer>();
  const tierGroup = (tier: string | null): Buffer => {
    let g = tierGroups.get(tier);
    if (g === undefined) {
      const band = tier === null ? undefined : bandOf.get(tier);
      tierGroups.set(tier, (g = group([tier, band?.label, band?.labelZh, band?.serviceLevel, band?.serviceLevelZh])));
    }
    return g;
  };
  const clusterGroups = clusterEn.map((en, c) => group([en, clusterZh[c]]));
  const noCluster = group([null, null]);
  const cellGroups = new Map<string | null, Buffer>();
  const cellGroup = (k: string | null): Buffer => {
    let g = cellGroups.get(k);
    if (g === undefined) {
      const t = k === null ? null : VALUE_CELL_TREATMENTS[k as keyof typeof VALUE_CELL_TREATMENTS];
      cellGroups.set(k, (g = group([k, t?.treatment, t?.treatmentZh, t?.channel, t?.channelZh])));
    }
    return g;
  };
  const tagCell = listCells();
  const gapCell = listCells();
  const products: string[] = [];
  const b = scoreCsvBlock();
  const { flags, nums, labels, ids } = b;
  const types = a.types;
  const tx = transaction;
  const spend = tx?.expectedSpend ?? null;
  const clv = tx?.transactionClv ?? null;
  const V = SCORE_CSV_VALUES;
  const freq = s.frequency;
  const rec = s.recency;
  const T = s.T;
  const mv = s.monetaryValue;
  const total = s.totalAmount;
  const dslp = s.daysSinceLastPurchase;
  // A number cell (flag 3) at cell index `c`; a non-finite one is refused as recordsToCsv refuses it.
  const num = (c: number, v: number): void => {
    if (v - v !== 0) {
      const index = blockStart + Math.floor(c / V);
      throw new ClvkitError('INVALID_VALUE', 'expected a finite number', { fn, index, column: VALUE_COLUMNS[c % V], value: v });
    }
    flags[c] = 3;
    nums[c] = v;
  };
  let blockStart = lo;
  for (let i = lo; i < hi; i++) {
    const r = a.transactionRow[i]!;
    const buyer = r >= 0;
    const c = b.rows * V;
    ids.push(a.ids[i]!);
    labels.push(types === null ? null : (types[i] ?? null));
    flags[c] = value === null || value.onBook[i] === 1 ? 2 : 1;
    flags[c + 1] = buyer ? 2 : 1;
    if (buyer) {
      num(c + 2, freq[r]!);
      num(c + 3, rec[r]!);
      num(c + 4, T[r]!);
      num(c + 5, mv[r]!);
      num(c + 6, total[r]!);
      num(c + 7, dslp[r]!);
      if (rfm === null) flags[c + 8] = flags[c + 9] = flags[c + 10] = 0;
      else {
        num(c + 8, rfm.recencyScore[r]!);
        num(c + 9, rfm.frequencyScore[r]!);
        num(c + 10, rfm.monetaryScore[r]!);
      }
      labels.push(rfm === null ? null : rfm.cell[r]!, segments === null ? null : segments[r]!);
    } else {
      flags.fill(0, c + 2, c + 11);
      labels.push(null, null);
    }
    labels.push(tierGroup(value === null ? null : (value.tier[i] ?? null)), status[i]!);
    labels.push(tags === null ? null : tagCell(tags[i]!));
    const k = cluster === null ? null : cluster[i]!;
    if (k === null) flags[c + 11] = 0;
    else num(c + 11, k);
    labels.push(k === null ? noCluster : (clusterGroups[k] ?? group([clusterEn[k], clusterZh[k]])));
    if (tx !== null && buyer) {
      num(c + 12, tx.pAlive[r]!);
      flags[c + 13] = isNew[r] === 1 ? 2 : 1;
      num(c + 14, tx.expectedTransactions[r]!);
      if (spend === null) flags[c + 15] = 0;
      else num(c + 15, spend[r]!);
      if (clv === null) flags[c + 16] = 0;
      else num(c + 16, clv[r]!);
    } else {
      flags[c + 12] = 0;
      flags[c + 13] = 1;
      flags[c + 14] = flags[c + 15] = flags[c + 16] = 0;
    }
    if (value === null) flags.fill(0, c + 17, c + 22);
    else {
      num(c + 17, value.currentContribution[i]!);
      num(c + 18, value.explicit[i]!);
      num(c + 19, value.growth[i]!);
      num(c + 20, value.potential[i]!);
      num(c + 21, value.total[i]!);
    }
    labels.push(cellGroup(matrix === null ? null : matrix.cell[i]!));
    const gaps = value === null ? null : value.productGaps[i]!;
    if (gaps === null || gaps.length === 0) labels.push(null);
    else {
      for (let k = 0; k < gaps.length; k++) products[k] = gaps[k]!.product;
      products.length = gaps.length;
      labels.push(gapCell(products));
    }
    b.cells = c + V;
    if (++b.rows === SCORE_CSV_BLOCK_ROWS) {
      w.block(b, PARTS_LAYOUT);
      blockStart = i + 1;
    }
  }
  if (b.rows > 0) w.block(b, PARTS_LAYOUT);
}

/**
 * `CustomerScores.toCsv()` with its default options, from the columns (the bytes of `recordsToCsv(toRecords())`);
 * from `SCORE_CSV_PARALLEL_ROWS` customers on two cores, numbers are formatted on a worker thread.
 */
export function scoredPartsToCsv(p: ScoredParts): string {
  // About 550 bytes a customer with every part scored: room for 640 (more spills into a second buffer).
  return scoreCsvText(
    true,
    (w) => writeScoredParts(w, p, 0, p.a.n, 'toCsv'),
    SCORE_RECORD_COLUMNS.join(','),
    4096 + 640 * p.a.n,
    scoreCsvThreads('auto', p.a.n),
  );
}
