// One full analysis of a simulated bank book, end to end through the public functions, reduced to
// plain JSON: the unit of work the load tests run concurrently (Promise.all) and in worker threads.
// Any shared mutable state between calls (module-level buffers, caches, a global random state)
// would make concurrent runs differ from a serial run.
import { fitBgNbd } from '../../src/clv/bg-nbd/fit-bg-nbd.js';
import { fitGammaGamma } from '../../src/clv/gamma-gamma/fit-gamma-gamma.js';
import { readTransactions } from '../../src/io/read-transactions.js';
import { summarizeCustomers } from '../../src/io/summarize-customers.js';
import { paretoAnalysis } from '../../src/pareto/pareto-analysis.js';
import { rfmScores } from '../../src/rfm/rfm-scores.js';
import { rfmSegments } from '../../src/rfm/rfm-segments.js';
import { formatBankBook } from '../../src/simulate/format-bank-book.js';
import { simulateBank } from '../../src/simulate/simulate-bank.js';
import { assignTiers } from '../../src/tiers/assign-tiers.js';

/** The pipeline's result as plain JSON (typed arrays turned into number arrays). */
export interface PipelineResult {
  readonly seed: number;
  readonly stats: unknown;
  readonly frequencyTotal: number;
  readonly bgNbd: Record<string, number>;
  readonly gammaGamma: Record<string, number>;
  readonly probabilityAlive: number[];
  readonly expected52: number[];
  readonly gini: number;
  readonly abc: number[];
  readonly cells: string[];
  readonly segments: string[];
  readonly tiers: number[];
}

/** Simulate a book, write it as CSV, read it back chunk by chunk, summarise, fit, score, segment. */
export async function runPipeline(seed: number, customers = 400): Promise<PipelineResult> {
  const book = simulateBank({ customers, months: 24, seed });
  const csv = formatBankBook(book)['transactions.csv'];
  // Stream the CSV in 64 KiB chunks so that concurrent reads interleave at every await.
  async function* chunks(): AsyncGenerator<string> {
    for (let i = 0; i < csv.length; i += 1 << 16) {
      await new Promise((resolve) => setImmediate(resolve));
      yield csv.slice(i, i + (1 << 16));
    }
  }
  const table = await readTransactions(chunks());
  const summary = summarizeCustomers(table, { observationEnd: book.endDate, timeUnit: 'week' });
  const model = fitBgNbd(summary, {});
  const repeaters = { frequency: summary.frequency, monetaryValue: summary.monetaryValue };
  const spend = fitGammaGamma(repeaters, {});
  const pareto = paretoAnalysis(
    summary.totalAmount.map((v) => Math.max(0, v)),
    {},
  );
  const scores = rfmScores(summary, {});
  const segments = rfmSegments(scores, {});
  const last = book.months.length - 1;
  const aum: number[] = [];
  for (let i = 0; i < book.snapshots.length; i++) if (book.snapshots.month[i] === last) aum.push(book.snapshots.aum[i]!);
  const tiers = assignTiers(aum, {});
  return {
    seed,
    stats: table.stats,
    frequencyTotal: summary.frequency.reduce((a, b) => a + b, 0),
    bgNbd: { ...model.params, logLikelihood: model.logLikelihood },
    gammaGamma: { ...spend.params },
    probabilityAlive: Array.from(model.probabilityAlive(summary)),
    expected52: Array.from(model.conditionalExpectedTransactions(52, summary)),
    gini: pareto.gini,
    abc: Array.from(pareto.abc.classIndex),
    cells: [...scores.cell],
    segments: [...segments.segment],
    tiers: Array.from(tiers.tierIndex),
  };
}
