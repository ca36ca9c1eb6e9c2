/** One box of RFM scores: inclusive [low, high] per measure; a measure left out spans every score. */
export interface RfmScoreBox {
  readonly recency?: readonly [number, number];
  readonly frequency?: readonly [number, number];
  readonly monetary?: readonly [number, number];
}

/** A named RFM segment: the union of one or more score boxes. */
export interface RfmSegmentDefinition {
  /** Stable machine key, e.g. `champions`. */
  readonly key: string;
  /** English label. */
  readonly label: string;
  /** Simplified-Chinese label. */
  readonly labelZh: string;
  readonly boxes: readonly RfmScoreBox[];
}

/**
 * The default segment map on 1..5 scores: the ten customary segments, written as boxes that
 * **partition** the 5×5×5 score cube (every cell belongs to exactly one segment, so "Others" stays empty
 * with this map). Built on the R × F grid, with M splitting Champions from Loyal Customers and
 * Can't Lose Them from At Risk:
 *
 * | R \ F | 1              | 2              | 3                  | 4–5                                          |
 * | ----- | -------------- | -------------- | ------------------ | -------------------------------------------- |
 * | 5     | New Customers  | Potential Loyalist | Potential Loyalist | Champions (M 4–5) / Loyal Customers (M 1–3) |
 * | 4     | Promising      | Potential Loyalist | Potential Loyalist | Champions (M 4–5) / Loyal Customers (M 1–3) |
 * | 3     | About To Sleep | Need Attention | Need Attention     | Loyal Customers                              |
 * | 2     | About To Sleep | About To Sleep | At Risk            | At Risk                                      |
 * | 1     | Lost           | Lost           | At Risk            | Can't Lose Them (M 4–5) / At Risk (M 1–3)    |
 *
 * The ranges follow the intent of the usual ten-segment scheme (as in R's `rfm::rfm_segment` examples),
 * re-cut so that no two segments overlap. Chinese labels: 重要价值客户 (Champions) … 已流失客户 (Lost).
 */
export const DEFAULT_RFM_SEGMENTS: readonly RfmSegmentDefinition[] = [
  { key: 'champions', label: 'Champions', labelZh: '重要价值客户', boxes: [{ recency: [4, 5], frequency: [4, 5], monetary: [4, 5] }] },
  {
    key: 'loyal_customers',
    label: 'Loyal Customers',
    labelZh: '忠诚客户',
    boxes: [
      { recency: [4, 5], frequency: [4, 5], monetary: [1, 3] },
      { recency: [3, 3], frequency: [4, 5] },
    ],
  },
  { key: 'potential_loyalist', label: 'Potential Loyalist', labelZh: '潜在忠诚客户', boxes: [{ recency: [4, 5], frequency: [2, 3] }] },
  { key: 'new_customers', label: 'New Customers', labelZh: '新客户', boxes: [{ recency: [5, 5], frequency: [1, 1] }] },
  { key: 'promising', label: 'Promising', labelZh: '潜力客户', boxes: [{ recency: [4, 4], frequency: [1, 1] }] },
  { key: 'need_attention', label: 'Need Attention', labelZh: '需关注客户', boxes: [{ recency: [3, 3], frequency: [2, 3] }] },
  {
    key: 'about_to_sleep',
    label: 'About To Sleep',
    labelZh: '即将沉睡客户',
    boxes: [
      { recency: [3, 3], frequency: [1, 1] },
      { recency: [2, 2], frequency: [1, 2] },
    ],
  },
  {
    key: 'at_risk',
    label: 'At Risk',
    labelZh: '流失风险客户',
    boxes: [
      { recency: [2, 2], frequency: [3, 5] },
      { recency: [1, 1], frequency: [3, 3] },
      { recency: [1, 1], frequency: [4, 5], monetary: [1, 3] },
    ],
  },
  { key: 'cant_lose_them', label: "Can't Lose Them", labelZh: '重要挽留客户', boxes: [{ recency: [1, 1], frequency: [4, 5], monetary: [4, 5] }] },
  { key: 'lost', label: 'Lost', labelZh: '已流失客户', boxes: [{ recency: [1, 1], frequency: [1, 2] }] },
];

/** The catch-all segment for score cells no box covers. */
export const RFM_OTHERS_SEGMENT = { key: 'others', label: 'Others', labelZh: '其他客户' } as const;
