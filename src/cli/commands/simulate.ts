import { z } from 'zod';
import { formatBankBook, writeBankBook } from '../../simulate/format-bank-book.js';
import { simulateBank } from '../../simulate/simulate-bank.js';
import { defineCommand, integerFlag, isoDateFlag, outputShape } from '../command.js';
import { UsageError } from '../usage-error.js';

const FILES = { transactions: 'transactions.csv', customers: 'customers.csv', snapshots: 'snapshots.csv' } as const;

/** `clvkit simulate`: a synthetic bank book with known truth (simulateBank), as CSV. */
export const simulateCommand = defineCommand({
  name: 'simulate',
  summary: 'simulate a synthetic retail-bank book (customers, monthly snapshots, transactions) with known truth',
  args: '',
  examples: [
    'clvkit simulate --customers 1000 --months 12 --seed 7 --out transactions.csv',
    'clvkit simulate --customers 1000 --months 24 --seed 7 --out-dir book/   # customers.csv, snapshots.csv, transactions.csv, truth.json',
  ],
  formats: ['csv'],
  configure(cmd) {
    cmd
      .option('--customers <n>', 'number of customers', '1000')
      .option('--months <n>', 'months of history', '24')
      .option('--seed <n>', 'random seed (the same seed gives the same book)', '1')
      .option('--start-date <date>', 'first day of the first month (YYYY-MM-DD)')
      .option('--view <table>', 'which file to write to stdout/--out: transactions, customers or snapshots', 'transactions')
      .option('--out-dir <dir>', 'write every file of the book into this folder instead');
  },
  schema: z.object({
    args: z.tuple([]),
    ...outputShape,
    customers: integerFlag.pipe(z.number().min(1)).default(1000),
    months: integerFlag.pipe(z.number().min(1)).default(24),
    seed: integerFlag.default(1),
    startDate: isoDateFlag.optional(),
    view: z.enum(['transactions', 'customers', 'snapshots']).default('transactions'),
    outDir: z.string().min(1).optional(),
  }),
  async run(o, ctx) {
    if (o.outDir !== undefined && o.out !== undefined) throw new UsageError("give either '--out' or '--out-dir', not both");
    ctx.progress.step('simulating');
    const book = simulateBank({ customers: o.customers, months: o.months, seed: o.seed, ...(o.startDate !== undefined ? { startDate: o.startDate } : {}) });
    ctx.progress.done();
    if (o.outDir !== undefined) {
      writeBankBook(book, { dir: ctx.resolvePath(o.outDir) });
      return { written: true };
    }
    const text = formatBankBook(book)[FILES[o.view]];
    return { text: o.bom ? `\uFEFF${text}` : text };
  },
});
