/**
 * Where the time of a BG/NBD (and MBG/NBD) fit on the 1M bench customers goes: validation, pattern
 * compression, the likelihood fit, standard errors. `npx tsx bench/peers/profile-bg-fit.ts [n]`
 * (needs bench/.data/customers-1000000.f64: run bench/peers/run-peers.ts once).
 */
import { fitBgNbd } from '../../src/clv/bg-nbd/fit-bg-nbd.js';
import { bgPatternsOf } from '../../src/clv/bg-nbd/bg-family.js';
import { checkRfmColumns } from '../../src/clv/core/check-rfm.js';
import { fitModifiedBgNbd } from '../../src/clv/mbg-nbd/fit-modified-bg-nbd.js';
import { DATA_DIR, readColumns } from './data.js';

const n = Number(process.argv[2] ?? 1_000_000);
const [frequency, recency, T] = readColumns(`${DATA_DIR}customers-1000000.f64`, 4, n);
const customers = { frequency: frequency!, recency: recency!, T: T! };
/** Wall and CPU time since a mark (CPU time is steadier on a shared machine). */
const mark = (): { wall: number; cpu: NodeJS.CpuUsage } => ({ wall: performance.now(), cpu: process.cpuUsage() });
const ms = (t0: ReturnType<typeof mark>): string => {
  const cpu = process.cpuUsage(t0.cpu);
  return `${(performance.now() - t0.wall).toFixed(0)} ms (cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)})`;
};
for (let round = 0; round < 3; round++) {
  let t0 = mark();
  const checked = checkRfmColumns(customers, { fn: 'profile' });
  const check = ms(t0);
  t0 = mark();
  const patterns = bgPatternsOf(checked, undefined);
  const compress = ms(t0);
  t0 = mark();
  const bg = fitBgNbd(customers, { timeUnit: 'week' });
  const fit = ms(t0);
  t0 = mark();
  const mbg = fitModifiedBgNbd(customers, { timeUnit: 'week' });
  const mfit = ms(t0);
  console.log(
    `round ${round}: check ${check}, patterns ${compress} (${patterns.length} distinct), fitBgNbd ${fit} (${bg.iterations} it), fitModifiedBgNbd ${mfit} (${mbg.iterations} it)`,
  );
  if (round === 0) console.log(bg.params, bg.logLikelihood, mbg.params);
}
