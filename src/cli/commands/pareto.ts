import { z } from 'zod';
import { ABC_LABELS } from '../../pareto/abc-classes.js';
import { paretoAnalysis } from '../../pareto/pareto-analysis.js';
import { defineCommand, numberFlag, outputShape } from '../command.js';
import { columnTable, recordTable, type ColumnTable } from '../column-table.js';
import { assertNever } from '../../errors.js';
import {
  addCsvInputOptions,
  addCustomerTableOptions,
  addSummaryOptions,
  csvInputShape,
  customerTableShape,
  readCustomerColumns,
  summaryShape,
} from '../input.js';

const VIEWS = ['summary', 'shares', 'abc', 'customers', 'lorenz'] as const;

/** `clvkit pareto`: 80/20 concentration of a per-customer value (paretoAnalysis). */
export const paretoCommand = defineCommand({
  name: 'pareto',
  summary: 'Pareto (80/20) concentration: Gini, top shares, Pareto point, ABC classes',
  args: '<input>',
  examples: [
    'clvkit pareto fixtures/bank/transactions.csv --observation-end 2024-12-31',
    'clvkit pareto fixtures/bank/transactions.csv --observation-end 2024-12-31 --view customers --out abc.csv',
    'clvkit pareto fixtures/bank/snapshots.csv --customer-table --where month=2024-12 --value-col deposits+wealth --view shares',
  ],
  formats: ['csv', 'json'],
  configure(cmd) {
    addCsvInputOptions(cmd);
    addSummaryOptions(cmd, { timeUnit: false });
    addCustomerTableOptions(cmd);
    cmd
      .option('--value-col <name>', 'value per customer: a summary column (total_amount) or, with --customer-table, a CSV column or a sum a+b', 'total_amount')
      .option('--target <share>', 'value share of the Pareto point', '0.8')
      .option('--view <view>', `what to write: ${VIEWS.join(', ')} (json: the whole analysis with 'summary')`, 'summary');
  },
  schema: z.object({
    args: z.tuple([z.string()]),
    ...outputShape,
    ...csvInputShape,
    ...summaryShape,
    ...customerTableShape,
    valueCol: z.string().min(1).default('total_amount'),
    target: numberFlag.pipe(z.number().gt(0).max(1)).default(0.8),
    view: z.enum(VIEWS).default('summary'),
  }),
  async run(o, ctx) {
    const data = await readCustomerColumns(o.args[0], [o.valueCol], { ...o, timeUnit: 'day' }, ctx);
    const values = data.columns[o.valueCol]!;
    const r = paretoAnalysis(values, { column: o.valueCol, ids: data.customerId, target: o.target });
    const b = r.basis;
    const summary = recordTable([
      { metric: 'customers', value: b.customers },
      { metric: 'basis_customers', value: b.basisCustomers },
      { metric: 'total_value', value: b.total },
      { metric: 'negative_customers', value: b.negatives.customers },
      { metric: 'negative_total', value: b.negatives.total },
      { metric: 'gini', value: r.gini },
      { metric: 'gini_corrected', value: r.giniCorrected },
      { metric: 'pareto_target', value: r.paretoPoint.target },
      { metric: 'pareto_customer_share', value: r.paretoPoint.customerShare },
      { metric: 'pareto_customers', value: r.paretoPoint.customers },
    ]);
    let table: ColumnTable;
    switch (o.view) {
      case 'summary':
        table = summary;
        break;
      case 'shares':
        table = recordTable(r.topShares.map((s) => ({ customer_share: s.customerShare, customers: s.customers, value: s.value, value_share: s.valueShare })));
        break;
      case 'abc':
        table = recordTable(
          r.abc.classes.map((c) => ({ class: c.label, customers: c.customers, customer_share: c.customerShare, value: c.value, value_share: c.valueShare })),
        );
        break;
      case 'customers': {
        const inPoint = new Array<boolean>(values.length).fill(false);
        for (const m of r.paretoPoint.members) inPoint[m] = true;
        table = columnTable({
          customer_id: data.customerId,
          value: values,
          abc_class: Array.from(r.abc.classIndex, (k) => ABC_LABELS[k]!),
          in_pareto_point: inPoint,
        });
        break;
      }
      case 'lorenz':
        table = columnTable({ customer_share: r.lorenz.x, value_share: r.lorenz.y });
        break;
      default:
        assertNever(o.view, 'view');
    }
    if (o.view !== 'summary' || o.format !== 'json') return { table };
    const { paretoPoint, abc, ...rest } = r;
    const { members: _members, ...point } = paretoPoint;
    const { classIndex: _classIndex, ...abcSummary } = abc;
    return { table, json: { ...rest, paretoPoint: point, abc: abcSummary } };
  },
});
