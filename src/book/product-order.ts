/**
 * The simulator's ten product names in their historical order. A book's product dictionary lists these
 * first (when met, in this order), so a book the simulator wrote reads back with the same dictionary order
 * (and the same product-gap tie-breaks) as before the contract opened; any other names follow as met.
 */
export const SIMULATOR_PRODUCT_ORDER = [
  'current_account',
  'salary_account',
  'time_deposit',
  'wealth_management',
  'fund',
  'insurance',
  'credit_card',
  'mortgage',
  'consumer_loan',
  'business_loan',
] as const;
