import { cpSync, existsSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE } from '../../src/cli/run-cli.js';
import { parseCsv, ROOT, run, TX, workDir } from './cli-harness.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = workDir()));
afterAll(() => cleanup());

/** Split an example command line into words: whitespace-separated, "double quotes" group. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('help and version', () => {
  it('--version prints the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await run([flag], dir);
      expect(r).toEqual({ code: EXIT_OK, stdout: `${VERSION}\n`, stderr: '' });
    }
  });

  it('--help lists every command', async () => {
    const r = await run(['--help'], dir);
    expect(r.code).toBe(EXIT_OK);
    for (const c of COMMANDS) expect(r.stdout).toContain(c.name);
  });

  it('every command has --help with examples, and every example runs (exit 0)', async () => {
    for (const c of COMMANDS) {
      const help = await run([c.name, '--help'], dir);
      expect(help.code, c.name).toBe(EXIT_OK);
      expect(help.stdout).toContain('Examples:');
      expect(help.stdout).toContain('--format');
      if (c.name !== 'simulate') expect(help.stdout).toContain('fixtures/bank');
      for (const example of c.examples) {
        const argv = shellWords(example.replace(/\s#\s.*$/, ''));
        expect(argv[0]).toBe('clvkit');
        const r = await run(argv.slice(1), dir);
        // Diagnostics the user asked for or must see (parts skipped on this book, rows set aside) are not errors.
        expect(r.stderr.replace(/^clvkit: (skipped .*|\d+ of \d+ rows rejected .*)\n/gm, ''), example).toBe('');
        expect(r.code, example).toBe(EXIT_OK);
      }
    }
  }, 150_000); // every example of every command, in one test: slow on a loaded machine
});

describe('exit codes', () => {
  it('2 for usage errors: unknown command or flag, a bad flag value, a missing argument or required flag', async () => {
    const cases: [string[], RegExp][] = [
      [['nope'], /unknown command 'nope'/],
      [[], /Usage: clvkit/],
      [['summarize', TX, '--observation-end', '2024-12-31', '--bins', '3'], /unknown option '--bins'/],
      [['rfm', TX, '--observation-end', '2024-12-31', '--bins', 'ten'], /option '--bins'/],
      [['rfm', TX, '--observation-end', '31/12/2024'], /option '--observation-end': expected a date as YYYY-MM-DD/],
      [['summarize'], /missing required argument 'input'/],
      [['summarize', TX], /required option '--observation-end <date>' not specified/],
      [['summarize', TX, '--observation-end', '2024-12-31', '--time-unit', 'year'], /argument 'year' is invalid/],
      [['predict', TX, '--observation-end', '2024-12-31'], /required option '--model <file>' not specified/],
      [['summarize', TX, '--observation-end', '2024-12-31', '--date-format', 'nonsense'], /INVALID_OPTIONS/],
      [['pareto', TX, '--observation-end', '2024-12-31', '--value-col', 'aum'], /unknown column "aum"/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv, dir);
      expect(r.code, argv.join(' ')).toBe(EXIT_USAGE);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
  });

  it('1 for bad input, with the file, line and column in the message', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'customer_id,date,amount\nA,2024-01-05,10\nB,2024-02-30,5\n');
    const r = await run(['summarize', 'bad.csv', '--observation-end', '2024-12-31'], dir);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^clvkit: error \[INVALID_DATE\]: readTransactions: .*\(bad\.csv, line 3, column date, value "2024-02-30"\)\n$/);

    const missing = await run(['summarize', 'nowhere.csv', '--observation-end', '2024-12-31'], dir);
    expect(missing.code).toBe(EXIT_BAD_INPUT);
    expect(missing.stderr).toMatch(/IO_ERROR.*nowhere\.csv/);

    writeFileSync(join(dir, 'amount.csv'), 'customer_id,date,amount\nA,2024-01-05,1O.5\n');
    const amount = await run(['rfm', 'amount.csv', '--observation-end', '2024-12-31'], dir);
    expect(amount.code).toBe(EXIT_BAD_INPUT);
    expect(amount.stderr).toMatch(/INVALID_NUMBER.*amount\.csv, line 2, column amount/);

    writeFileSync(join(dir, 'nocol.csv'), 'id,date,amount\nA,2024-01-05,1\n');
    const col = await run(['summarize', 'nocol.csv', '--observation-end', '2024-12-31'], dir);
    expect(col.code).toBe(EXIT_BAD_INPUT);
    expect(col.stderr).toMatch(/MISSING_COLUMN.*customer_id/);
    const mapped = await run(['summarize', 'nocol.csv', '--observation-end', '2024-12-31', '--customer-id-col', 'id'], dir);
    expect(mapped.code).toBe(EXIT_OK);
  });

  it('bad input never leaves a half-written output file, and a failed run keeps the previous file', async () => {
    writeFileSync(join(dir, 'late-bad.csv'), `customer_id,date,amount\n${'A,2024-01-05,10\n'.repeat(1000)}B,2024-13-01,5\n`);
    const r = await run(['summarize', 'late-bad.csv', '--observation-end', '2024-12-31', '--out', 'fresh.csv'], dir);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(existsSync(join(dir, 'fresh.csv'))).toBe(false);

    writeFileSync(join(dir, 'kept.csv'), 'previous run\n');
    const again = await run(['summarize', 'late-bad.csv', '--observation-end', '2024-12-31', '--out', 'kept.csv'], dir);
    expect(again.code).toBe(EXIT_BAD_INPUT);
    expect(readFileSync(join(dir, 'kept.csv'), 'utf8')).toBe('previous run\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('an unwritable --out is an IO_ERROR (exit 1) and leaves no temporary file', async () => {
    const r = await run(['summarize', TX, '--observation-end', '2024-12-31', '--out', 'no/such/dir/out.csv'], dir);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.stderr).toMatch(/IO_ERROR.*no\/such\/dir\/out\.csv/);
  });
});

describe('output', () => {
  it('neutralises formula injection in CSV cells, keeps numbers numbers, and quotes per RFC 4180', async () => {
    writeFileSync(
      join(dir, 'evil.csv'),
      'customer_id,date,amount\n"=HYPERLINK(""http://evil"",""x"")",2024-01-05,10\n+31,2024-01-06,-20\n@me,2024-01-07,5\n-7,2024-01-08,5\n"a,b",2024-01-09,1\n',
    );
    const r = await run(['summarize', 'evil.csv', '--observation-end', '2024-01-31'], dir);
    expect(r.code).toBe(EXIT_OK);
    const lines = r.stdout.split('\n');
    expect(lines[1]!.startsWith('"\'=HYPERLINK(""http://evil"",""x"")",0,')).toBe(true);
    expect(lines[2]!.startsWith("'+31,0,0,")).toBe(true);
    expect(lines[2]).toContain(',-20,'); // total_amount of a refund: a number, not neutralised
    expect(lines[3]!.startsWith("'@me,")).toBe(true);
    expect(lines[4]!.startsWith("'-7,")).toBe(true);
    expect(lines[5]!.startsWith('"a,b",')).toBe(true);
    // JSON is for programs: ids as they are.
    const json = await run(['summarize', 'evil.csv', '--observation-end', '2024-01-31', '--format', 'json'], dir);
    expect((JSON.parse(json.stdout) as { customers: { customer_id: string }[] }).customers.map((r) => r.customer_id)).toEqual([
      '=HYPERLINK("http://evil","x")',
      '+31',
      '@me',
      '-7',
      'a,b',
    ]);
  });

  it('--bom starts CSV with a UTF-8 BOM; --out writes the same bytes as stdout', async () => {
    const argv = ['rfm', TX, '--observation-end', '2024-12-31'];
    const plain = await run(argv, dir);
    const bom = await run([...argv, '--bom'], dir);
    expect(bom.stdout).toBe(`\uFEFF${plain.stdout}`);
    const file = await run([...argv, '--bom', '--out', 'rfm.csv'], dir);
    expect(file.stdout).toBe('');
    expect(readFileSync(join(dir, 'rfm.csv'), 'utf8')).toBe(bom.stdout);
  });

  it('draws progress on stderr only when it is a terminal', async () => {
    const argv = ['summarize', TX, '--observation-end', '2024-12-31'];
    const quiet = await run(argv, dir, { tty: false });
    expect(quiet.stderr).toBe('');
    const tty = await run(argv, dir, { tty: true });
    expect(tty.stderr).toMatch(/reading \[#+\] 100% 29,282 rows/);
    expect(tty.stdout).toBe(quiet.stdout);
  });

  it('reads standard input for the path -', async () => {
    const r = await run(['summarize', '-', '--observation-end', '2024-01-31', '--format', 'json'], dir, {
      stdin: 'customer_id,date,amount\nA,2024-01-01,5\nA,2024-01-15,7\n',
    });
    expect(r.code).toBe(EXIT_OK);
    expect(JSON.parse(r.stdout)).toMatchObject({ customers: [{ customer_id: 'A', frequency: 1, recency: 2, T: 30 / 7, monetary_value: 7 }] });
    const bad = await run(['summarize', '-', '--observation-end', '2024-01-31'], dir, { stdin: 'customer_id,date,amount\nA,x,5\n' });
    expect(bad.stderr).toMatch(/<stdin>, line 2, column date/);
  });

  it('semicolon-delimited files with decimal commas and day-first dates (European exports)', async () => {
    writeFileSync(join(dir, 'eu.csv'), 'kunde;datum;betrag\nA;05/01/2024;10,50\nA;20/01/2024;2,25\n');
    const r = await run(
      [
        'summarize',
        'eu.csv',
        '--observation-end',
        '2024-01-31',
        '--customer-id-col',
        'kunde',
        '--date-col',
        'datum',
        '--amount-col',
        'betrag',
        '--delimiter',
        ';',
        '--decimal',
        ',',
        '--date-format',
        'DD/MM/YYYY',
      ],
      dir,
    );
    expect(r.code).toBe(EXIT_OK);
    const { header, rows } = parseCsv(r.stdout);
    const at = (name: string): string => rows[0]![header.indexOf(name)]!;
    expect([at('frequency'), at('total_amount'), at('first_purchase'), at('last_purchase')]).toEqual(['1', '12.75', '2024-01-05', '2024-01-20']);
  });
});

describe('outputs never destroy inputs or devices', () => {
  it('--out, --rejects or --save-model naming an input (also through a symlink) is refused before any work, the input intact', async () => {
    const original = readFileSync(join(ROOT, TX), 'utf8');
    writeFileSync(join(dir, 'tx-copy.csv'), original);
    symlinkSync(join(dir, 'tx-copy.csv'), join(dir, 'tx-link.csv'));
    cpSync(join(ROOT, 'fixtures/bank'), join(dir, 'book'), { recursive: true });
    for (const argv of [
      ['summarize', 'tx-copy.csv', '--observation-end', '2024-12-31', '--out', 'tx-copy.csv'],
      ['summarize', 'tx-link.csv', '--observation-end', '2024-12-31', '--out', 'tx-copy.csv'],
      ['summarize', 'tx-copy.csv', '--observation-end', '2024-12-31', '--out', './sub/../tx-link.csv'],
      ['summarize', 'tx-copy.csv', '--observation-end', '2024-12-31', '--on-invalid', 'collect', '--rejects', 'tx-link.csv'],
      ['score', 'book', '--save-model', 'book/transactions.csv'],
    ]) {
      const r = await run(argv, dir);
      expect(r.code, argv.join(' ')).toBe(EXIT_USAGE);
      expect(r.stderr).toMatch(/INVALID_OPTIONS.*refusing to write --(out|rejects|save-model) onto an input/);
    }
    expect(readFileSync(join(dir, 'tx-copy.csv'), 'utf8')).toBe(original);
    expect(readFileSync(join(dir, 'book/transactions.csv'), 'utf8')).toBe(original);
  });

  it('two output flags naming one file are a usage error', async () => {
    const r = await run(['summarize', TX, '--observation-end', '2024-12-31', '--on-invalid', 'collect', '--rejects', 'same.csv', '--out', 'same.csv'], dir);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr).toContain("'--out' and '--rejects' name the same file");
  });

  it('--out /dev/null writes through and keeps /dev/null a device', async () => {
    const r = await run(['summarize', TX, '--observation-end', '2024-12-31', '--out', '/dev/null'], dir);
    expect(r.code).toBe(EXIT_OK);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});
