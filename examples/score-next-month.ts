/**
 * Score next month with this month's model: fit a scoring model on a 12-month book, save it as JSON,
 * read it back and apply it — no refitting — to the same bank one month later, then see how customers
 * moved between value cells.
 *
 *   npx tsx examples/score-next-month.ts
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyScoringModel, scoreCustomers, scoringModelFromJSON, simulateBank } from '../src/index.js';

// The same synthetic bank observed for 12 and for 13 months (same seed and acquisition window: the first
// 12 months of both books are identical, as a real book is one month later).
const bank = { customers: 2000, seed: 11, acquisitionMonths: 12 };
const thisMonth = simulateBank({ ...bank, months: 12 });
const nextMonth = simulateBank({ ...bank, months: 13 });

const fitted = scoreCustomers(thisMonth, {});
const dir = mkdtempSync(join(tmpdir(), 'clvkit-example-'));
const file = join(dir, 'scoring-model.json');
writeFileSync(file, JSON.stringify(fitted.model));
console.log(`Fitted on months 1-12 (to ${fitted.diagnostics.observationEnd}); model saved: ${readFileSync(file).length} bytes of JSON.`);

const model = scoringModelFromJSON(readFileSync(file, 'utf8'));
rmSync(dir, { recursive: true, force: true });
const next = applyScoringModel(model, nextMonth, {});
console.log(`Applied to month 13 (to ${next.diagnostics.observationEnd}) without refitting: ${next.length} customers.`);

const before = new Map(fitted.toRecords().map((r) => [r.customerId, r.valueCell]));
const moves = new Map<string, number>();
let stayed = 0;
for (const r of next.toRecords()) {
  const was = before.get(r.customerId);
  if (was === r.valueCell) stayed++;
  else {
    const key = `${was ?? 'new'} → ${r.valueCell}`;
    moves.set(key, (moves.get(key) ?? 0) + 1);
  }
}
console.log(`Value cells: ${stayed} customers stayed, ${next.length - stayed} moved.`);
for (const [move, count] of [...moves].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(`  ${move.padEnd(24)} ${count}`);
