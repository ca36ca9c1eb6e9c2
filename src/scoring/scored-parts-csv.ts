import { ClvkitError } from '../errors.js';
import { VALUE_CELL_TREATMENTS } from '../value/value-matrix.js';
import { SCORE_CSV_BLOCK_ROWS, scoreCsvBlock, scoreCsvText, scoreTextCell } from './score-csv-writer.js';
import type { ScoreCsvWriter } from './score-csv-writer.js';
import type { ScoredParts } from './score-records.js';
import { SCORE_RECORD_COLUMNS } from './score-records-csv.js';

/**
 * Slots of a row written from the columns: as `SCORE_CSV_KINDS`, but the five tier columns (tier … serviceLevelZh),
 * the two cluster labels and the five value-cell columns (valueCell … channelZh) are each one group (kind 3), as
 * they follow from one key.
 */
const PARTS_LAYOUT: readonly number[] = [0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 3, 1, 1, 2, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 1];

/** Cells joined as `recordsToCsv` writes them (each escaped, null empty). */
const group = (cells: readonly (string | null | undefined)[]): string => cells.map((c) => (c === null || c === undefined ? '' : scoreTextCell(c))).join(',');

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
  const tierGroups = new Map<string | null, string>();
  const tierGroup = (tier: string | null): string => {
    let g = tierGroups.get(tier);
    if (g === undefined) {
      const band = tier === null ? undefined : bandOf.get(tier);
      tierGroups.set(tier, (g = group([tier, band?.label, band?.labelZh, band?.serviceLevel, band?.serviceLevelZh])));
    }
    return g;
  };
  const clusterGroups = clusterEn.map((en, c) => group([en, clusterZh[c]]));
  const noCluster = group([null, null]);
  const cellGroups = new Map<string | null, string>();
  const cellGroup = (k: string | null): string => {
    let g = cellGroups.get(k);
    if (g === undefined) {
      const t = k === null ? null : VALUE_CELL_TREATMENTS[k as keyof typeof VALUE_CELL_TREATMENTS];
      cellGroups.set(k, (g = group([k, t?.treatment, t?.treatmentZh, t?.channel, t?.channelZh])));
    }
    return g;
  };
  const b = scoreCsvBlock();
  const flags = b.flags;
  const nums = b.nums;
  const labels = b.labels;
  const types = a.types;
  const tx = transaction;
  const spend = tx?.expectedSpend ?? null;
  const clv = tx?.transactionClv ?? null;
  let index = lo;
  // A number cell: a non-finite one is refused as recordsToCsv refuses it.
  const num = (v: number, column: number): void => {
    if (!Number.isFinite(v)) throw new ClvkitError('INVALID_VALUE', 'expected a finite number', { fn, index, column: SCORE_RECORD_COLUMNS[column], value: v });
    flags.push(3);
    nums.push(v);
  };
  const empty = (cells: number): void => {
    for (let k = 0; k < cells; k++) flags.push(0);
  };
  for (; index < hi; index++) {
    const i = index;
    const r = a.transactionRow[i]!;
    const buyer = r >= 0;
    b.ids.push(a.ids[i]!);
    labels.push(types === null ? null : (types[i] ?? null));
    flags.push(value === null || value.onBook[i] === 1 ? 2 : 1, buyer ? 2 : 1);
    if (buyer) {
      num(s.frequency[r]!, 4);
      num(s.recency[r]!, 5);
      num(s.T[r]!, 6);
      num(s.monetaryValue[r]!, 7);
      num(s.totalAmount[r]!, 8);
      num(s.daysSinceLastPurchase[r]!, 9);
      if (rfm === null) empty(3);
      else {
        num(rfm.recencyScore[r]!, 10);
        num(rfm.frequencyScore[r]!, 11);
        num(rfm.monetaryScore[r]!, 12);
      }
      labels.push(rfm === null ? null : rfm.cell[r]!, segments === null ? null : segments[r]!);
    } else {
      empty(9);
      labels.push(null, null);
    }
    labels.push(tierGroup(value === null ? null : (value.tier[i] ?? null)), status[i]!);
    const tagList = tags === null ? null : tags[i]!;
    labels.push(tagList === null || tagList.length === 0 ? null : tagList.length === 1 ? tagList[0]! : tagList.join('|'));
    const c = cluster === null ? null : cluster[i]!;
    if (c === null) empty(1);
    else num(c, 22);
    labels.push(c === null ? noCluster : (clusterGroups[c] ?? group([clusterEn[c], clusterZh[c]])));
    if (tx !== null && buyer) {
      num(tx.pAlive[r]!, 25);
      flags.push(isNew[r] === 1 ? 2 : 1);
      num(tx.expectedTransactions[r]!, 27);
      if (spend === null) empty(1);
      else num(spend[r]!, 28);
      if (clv === null) empty(1);
      else num(clv[r]!, 29);
    } else flags.push(0, 1, 0, 0, 0);
    if (value === null) empty(5);
    else {
      num(value.currentContribution[i]!, 30);
      num(value.explicit[i]!, 31);
      num(value.growth[i]!, 32);
      num(value.potential[i]!, 33);
      num(value.total[i]!, 34);
    }
    labels.push(cellGroup(matrix === null ? null : matrix.cell[i]!));
    const gaps = value === null ? null : value.productGaps[i]!;
    labels.push(gaps === null || gaps.length === 0 ? null : gaps.length === 1 ? gaps[0]!.product : gaps.map((g) => g.product).join('|'));
    if (++b.rows === SCORE_CSV_BLOCK_ROWS) w.block(b, PARTS_LAYOUT);
  }
  if (b.rows > 0) w.block(b, PARTS_LAYOUT);
}

/** `CustomerScores.toCsv()` with its default options, from the columns (the bytes of `recordsToCsv(toRecords())`). */
export function scoredPartsToCsv(p: ScoredParts): string {
  return scoreCsvText(true, (w) => writeScoredParts(w, p, 0, p.a.n, 'toCsv'), SCORE_RECORD_COLUMNS.join(','));
}
