import type { ChartLocale } from './chart-spec.js';

/** Labels of the model-diagnostic charts (issue 17), in English and Simplified Chinese. */
const LABELS = {
  en: {
    incrementalTitle: 'Repeat transactions per period: model vs actual',
    transactionsPerStep: 'Repeat transactions in the period',
    expected: 'Expected (model)',
    actual: 'Actual',
    series: 'Series',
    date: 'Period ending',
    calibrationEnd: 'End of calibration',
    aliveTitle: 'P(alive) history of one customer',
    time: 'Time since first purchase',
    pAlive: 'P(alive)',
    purchase: 'Repeat purchase',
    histogramTitle: 'Customers by repeat purchases in calibration: model vs actual',
    repeatPurchases: 'Repeat purchases in calibration',
    customers: 'Customers',
    conditionalTitle: 'Holdout purchases by calibration frequency: model vs actual',
    holdoutPerCustomer: 'Holdout purchases per customer',
  },
  'zh-CN': {
    incrementalTitle: '每期重复交易：模型与实际',
    transactionsPerStep: '本期重复交易次数',
    expected: '模型预期',
    actual: '实际',
    series: '序列',
    date: '期末日期',
    calibrationEnd: '校准期结束',
    aliveTitle: '单个客户的存活概率历史',
    time: '距首次购买时间',
    pAlive: '存活概率',
    purchase: '重复购买',
    histogramTitle: '校准期重复购买次数分布：模型与实际',
    repeatPurchases: '校准期重复购买次数',
    customers: '客户数',
    conditionalTitle: '按校准期频次的验证期购买：模型与实际',
    holdoutPerCustomer: '每客户验证期购买次数',
  },
} as const;

/** A label key of the diagnostic charts. */
export type BtydLabel = keyof (typeof LABELS)['en'];

/** The label `key` in `locale`. */
export function btydLabel(locale: ChartLocale, key: BtydLabel): string {
  return LABELS[locale][key];
}
