import type { TagRule } from './tag-rule.js';

/**
 * The default tag set of a retail bank (客户标签化), in CNY, over the latest-snapshot columns `aum`,
 * `deposits`, `wealth`, `loans`, `activity` (customer-initiated activities in the month) and `products`
 * (bit mask over PRODUCTS, or a list of product names). Grouped by asset structure, liabilities, products
 * held and transactions:
 *
 * | tag | 标签 | rule |
 * | --- | --- | --- |
 * | wealth_holder | 理财客户 | holds wealth management or funds, or wealth > 0 |
 * | high_balance_depositor | 高存款余额客户 | deposits ≥ 500,000 |
 * | deposit_only | 纯存款客户 | deposits > 0, wealth = 0, loans = 0, no wealth-management or fund product |
 * | upgrade_prospect | 中高端潜力客户 | 150,000 ≤ AUM < 200,000 (just below the affluent band) |
 * | borrower | 贷款客户 | loans > 0 |
 * | mortgage_holder | 房贷客户 | holds a mortgage |
 * | loan_and_deposit | 存贷双向客户 | loans > 0 and deposits ≥ 50,000 |
 * | salary_customer | 代发工资客户 | holds a salary account |
 * | credit_card_holder | 信用卡客户 | holds a credit card |
 * | insurance_holder | 保险客户 | holds insurance |
 * | single_product | 单一产品客户 | exactly one product |
 * | multi_product | 多产品客户 | four products or more |
 * | highly_active | 高活跃客户 | ≥ 10 customer-initiated activities in the month |
 * | inactive_this_month | 当月无交互客户 | no customer-initiated activity in the month |
 *
 * Thresholds are starting points for a mainland retail book; copy and adjust them for your own.
 */
export const DEFAULT_TAG_RULES: readonly TagRule[] = [
  {
    tag: 'wealth_holder',
    label: 'Wealth-management holder',
    labelZh: '理财客户',
    description: 'Holds wealth-management products or funds, or has wealth balances.',
    when: { any: [{ hasProduct: 'wealth_management' }, { hasProduct: 'fund' }, { column: 'wealth', op: '>', value: 0 }] },
  },
  {
    tag: 'high_balance_depositor',
    label: 'High-balance depositor',
    labelZh: '高存款余额客户',
    description: 'Deposits of at least 500,000.',
    when: { column: 'deposits', op: '>=', value: 500_000 },
  },
  {
    tag: 'deposit_only',
    label: 'Deposit-only customer',
    labelZh: '纯存款客户',
    description: 'Has deposits but neither wealth holdings (balances or wealth/fund products) nor loans.',
    when: {
      all: [
        { column: 'deposits', op: '>', value: 0 },
        { column: 'wealth', op: '==', value: 0 },
        { column: 'loans', op: '==', value: 0 },
        { not: { any: [{ hasProduct: 'wealth_management' }, { hasProduct: 'fund' }] } },
      ],
    },
  },
  {
    tag: 'upgrade_prospect',
    label: 'Affluent prospect',
    labelZh: '中高端潜力客户',
    description: 'AUM from 150,000 up to (not including) 200,000: just below the affluent band.',
    when: {
      all: [
        { column: 'aum', op: '>=', value: 150_000 },
        { column: 'aum', op: '<', value: 200_000 },
      ],
    },
  },
  { tag: 'borrower', label: 'Borrower', labelZh: '贷款客户', description: 'Has outstanding loans.', when: { column: 'loans', op: '>', value: 0 } },
  { tag: 'mortgage_holder', label: 'Mortgage holder', labelZh: '房贷客户', description: 'Holds a mortgage.', when: { hasProduct: 'mortgage' } },
  {
    tag: 'loan_and_deposit',
    label: 'Loan and deposit customer',
    labelZh: '存贷双向客户',
    description: 'Has loans and at least 50,000 in deposits.',
    when: {
      all: [
        { column: 'loans', op: '>', value: 0 },
        { column: 'deposits', op: '>=', value: 50_000 },
      ],
    },
  },
  {
    tag: 'salary_customer',
    label: 'Salary-account customer',
    labelZh: '代发工资客户',
    description: 'Receives salary through the bank.',
    when: { hasProduct: 'salary_account' },
  },
  { tag: 'credit_card_holder', label: 'Credit-card holder', labelZh: '信用卡客户', description: 'Holds a credit card.', when: { hasProduct: 'credit_card' } },
  {
    tag: 'insurance_holder',
    label: 'Insurance holder',
    labelZh: '保险客户',
    description: 'Holds insurance bought through the bank.',
    when: { hasProduct: 'insurance' },
  },
  {
    tag: 'single_product',
    label: 'Single-product customer',
    labelZh: '单一产品客户',
    description: 'Holds exactly one product.',
    when: { productCount: { op: '==', value: 1 } },
  },
  {
    tag: 'multi_product',
    label: 'Multi-product customer',
    labelZh: '多产品客户',
    description: 'Holds four products or more.',
    when: { productCount: { op: '>=', value: 4 } },
  },
  {
    tag: 'highly_active',
    label: 'Highly active',
    labelZh: '高活跃客户',
    description: 'At least 10 customer-initiated activities (logins, payments, visits) in the month.',
    when: { column: 'activity', op: '>=', value: 10 },
  },
  {
    tag: 'inactive_this_month',
    label: 'Inactive this month',
    labelZh: '当月无交互客户',
    description: 'No customer-initiated activity in the month.',
    when: { column: 'activity', op: '==', value: 0 },
  },
];
