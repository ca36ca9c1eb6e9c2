/** Behaviour statuses, from most to least engaged. `lost` appears only where a rule enables it. */
export const BEHAVIOR_STATUSES = ['active', 'potential', 'dormant', 'lost'] as const;
export type BehaviorStatus = (typeof BEHAVIOR_STATUSES)[number];

/** English and simplified-Chinese labels: 活跃 / 潜在 / 睡眠 / 流失. */
export const BEHAVIOR_STATUS_LABELS: Readonly<Record<BehaviorStatus, { readonly label: string; readonly labelZh: string }>> = {
  active: { label: 'Active', labelZh: '活跃客户' },
  potential: { label: 'Potential', labelZh: '潜在客户' },
  dormant: { label: 'Dormant', labelZh: '睡眠客户' },
  lost: { label: 'Lost', labelZh: '流失客户' },
};

/** One row of a behaviour-status table. */
export interface BehaviorStatusRow {
  readonly status: BehaviorStatus;
  readonly label: string;
  readonly labelZh: string;
  readonly count: number;
  readonly share: number;
}

/** Count statuses (indices into BEHAVIOR_STATUSES) into a table with all four rows. */
export function behaviorStatusTable(statusIndex: Uint8Array): BehaviorStatusRow[] {
  const counts = new Array<number>(BEHAVIOR_STATUSES.length).fill(0);
  for (const s of statusIndex) counts[s]!++;
  const N = statusIndex.length;
  return BEHAVIOR_STATUSES.map((status, s) => ({ status, ...BEHAVIOR_STATUS_LABELS[status], count: counts[s]!, share: N > 0 ? counts[s]! / N : 0 }));
}
