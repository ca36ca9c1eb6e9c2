/**
 * Plain-language names for clusters, in English and Simplified Chinese, built from the clusters'
 * centres in scaled space (z-scores, or IQR units for robust scaling).
 *
 * Rule (documented, deterministic):
 * 1. A feature is *dominant* in a cluster when |centre| ≥ `threshold` (default 0.5 scaled units:
 *    half a standard deviation / half an IQR from the base's centre). Positive → "high <feature>"
 *    (zh "高<feature>"), negative → "low <feature>" (zh "低<feature>").
 * 2. The label lists the dominant features by decreasing |centre| (ties: feature order), at most
 *    `words` of them, joined with ", " (zh "、"); a feature may carry its own phrases for the high and
 *    low sides (see FeatureName). A cluster with no dominant feature is "average"
 *    (zh "整体均衡").
 * 3. Labels are unique within a model: while two clusters share a label, each of them adds its next
 *    feature by |centre| (now regardless of the threshold, "high"/"low" by sign). If all features are
 *    used and labels still coincide (in either language), the later clusters (in cluster order) get
 *    " #2", " #3", … (the number counts the earlier clusters with the same words).
 */

/**
 * Display names of a feature. A label says "high <en>" / "low <en>" (zh "高<zh>" / "低<zh>") unless
 * whole phrases are given for the high and low sides (e.g. days since last purchase: "lapsed" /
 * "recent buyers").
 */
export interface FeatureName {
  readonly en: string;
  readonly zh: string;
  readonly enHigh?: string;
  readonly enLow?: string;
  readonly zhHigh?: string;
  readonly zhLow?: string;
}

/** Built-in display names for common bank columns; other columns are shown by their column name. */
export const DEFAULT_FEATURE_NAMES: Readonly<Record<string, FeatureName>> = {
  aum: { en: 'assets', zh: '资产' },
  deposits: { en: 'deposits', zh: '存款' },
  wealth: { en: 'wealth holdings', zh: '理财' },
  loans: { en: 'loans', zh: '贷款' },
  liabilities: { en: 'loans', zh: '负债' },
  activity: { en: 'activity', zh: '活跃' },
  products: { en: 'products', zh: '产品数' },
  productCount: { en: 'products', zh: '产品数' },
  frequency: { en: 'purchase frequency', zh: '交易频次' },
  monetaryValue: { en: 'spend', zh: '消费额' },
  totalAmount: { en: 'spend', zh: '消费额' },
  daysSinceLastPurchase: { en: 'days since purchase', zh: '未交易天数', enHigh: 'lapsed', enLow: 'recent buyers', zhHigh: '久未交易', zhLow: '近期交易' },
  tenure: { en: 'tenure', zh: '客龄' },
  age: { en: 'age', zh: '年龄' },
  netRevenue: { en: 'revenue', zh: '收益' },
  costToServe: { en: 'cost to serve', zh: '服务成本' },
};

/** Labels of each cluster, in both languages. */
export interface SegmentLabels {
  readonly en: readonly string[];
  readonly zh: readonly string[];
}

/**
 * Build unique en/zh labels from scaled centres (k × d, row-major). Internal: the caller passes
 * validated names (one per feature), `threshold` > 0 and `words` ≥ 1.
 */
export function labelSegments(centres: Float64Array, k: number, names: readonly FeatureName[], threshold: number, words: number): SegmentLabels {
  const d = names.length;
  // Features of each cluster by decreasing |centre|, ties by feature order.
  const ranked = Array.from({ length: k }, (_, c) =>
    Array.from({ length: d }, (_, j) => j).sort((x, y) => {
      const dx = Math.abs(centres[c * d + x]!);
      const dy = Math.abs(centres[c * d + y]!);
      return dx !== dy ? dy - dx : x - y;
    }),
  );
  const used = ranked.map((r, c) => {
    let m = 0;
    while (m < Math.min(words, d) && Math.abs(centres[c * d + r[m]!]!) >= threshold) m++;
    return m;
  });
  const render = (c: number): { en: string; zh: string } => {
    const m = used[c]!;
    if (m === 0) return { en: 'average', zh: '整体均衡' };
    const parts = ranked[c]!.slice(0, m).map((j) => {
      const high = centres[c * d + j]! >= 0;
      const name = names[j]!;
      return high
        ? { en: name.enHigh ?? `high ${name.en}`, zh: name.zhHigh ?? `高${name.zh}` }
        : { en: name.enLow ?? `low ${name.en}`, zh: name.zhLow ?? `低${name.zh}` };
    });
    return { en: parts.map((p) => p.en).join(', '), zh: parts.map((p) => p.zh).join('、') };
  };
  for (;;) {
    const texts = Array.from({ length: k }, (_, c) => render(c));
    let grew = false;
    for (let c = 0; c < k; c++) {
      const clash = texts.some((t, e) => e !== c && (t.en === texts[c]!.en || t.zh === texts[c]!.zh));
      if (clash && used[c]! < d) {
        used[c]!++;
        grew = true;
      }
    }
    if (!grew) break;
  }
  const en: string[] = [];
  const zh: string[] = [];
  const rendered = Array.from({ length: k }, (_, c) => render(c));
  for (let c = 0; c < k; c++) {
    const r = rendered[c]!;
    let count = 1;
    for (let e = 0; e < c; e++) if (rendered[e]!.en === r.en || rendered[e]!.zh === r.zh) count++;
    en.push(count > 1 ? `${r.en} #${count}` : r.en);
    zh.push(count > 1 ? `${r.zh} #${count}` : r.zh);
  }
  return { en, zh };
}
