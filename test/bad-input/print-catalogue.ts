/**
 * Print the bad-input catalogue as a Markdown table (file → outcome in throw mode and in collect
 * mode), with the messages exactly as the library produces them. For the README "Errors" section:
 *
 *   npx tsx test/bad-input/print-catalogue.ts
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isClvkitError } from '../../src/errors.js';
import { readTransactions } from '../../src/io/read-transactions.js';
import type { TransactionReadOptions } from '../../src/io/stream-transactions.js';

const FILES = fileURLToPath(new URL('./files/', import.meta.url));
const OPTIONS: Record<string, TransactionReadOptions> = {
  'semicolon-decimal-comma.csv': { delimiter: ';', decimal: ',', thousands: '.', dateFormat: 'DD/MM/YYYY' },
};

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', '\\n').replaceAll('\r', '\\r');

async function outcome(file: string, onInvalid: 'throw' | 'collect'): Promise<string> {
  try {
    const t = await readTransactions(FILES + file, { ...OPTIONS[file], file, onInvalid });
    const s = t.stats;
    const head = `ok: read ${s.read}, accepted ${s.accepted}, rejected ${s.rejected}${s.negativeAmounts > 0 ? `, negative ${s.negativeAmounts}` : ''}`;
    if (t.rejects.length === 0) return head;
    return `${head}; rejects: ${t.rejects.map((r) => `line ${r.line} ${r.code}${r.column !== undefined ? ` (${r.column} ${JSON.stringify(r.value)})` : ''}: ${r.reason}`).join('; ')}`;
  } catch (error) {
    if (!isClvkitError(error)) throw error;
    return `\`${error.code}\` ${error.message}`;
  }
}

console.log('| file | throw mode (default) | collect mode |');
console.log('| --- | --- | --- |');
for (const file of readdirSync(FILES).sort()) {
  const strict = await outcome(file, 'throw');
  const collect = await outcome(file, 'collect');
  const options = OPTIONS[file] !== undefined ? ` (options ${JSON.stringify(OPTIONS[file])})` : '';
  console.log(`| \`${file}\`${cell(options)} | ${cell(strict)} | ${cell(collect === strict ? 'same' : collect)} |`);
}
