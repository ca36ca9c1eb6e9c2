import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasSharedData } from '../helpers/shared-data.js';

/**
 * The example notebook (examples/notebook/clvkit-cdnow.ipynb), executed headlessly by its Deno kernel
 * through scripts/run-notebook.py, which fails on any error or stderr output and on a cell without the
 * output it promises (tables as text/html, charts as SVG or Vega-Lite), then exported to HTML.
 *
 * Needs: Python with jupyter_client, nbformat and nbconvert (Debian: python3-jupyter-client,
 * python3-nbformat, python3-nbconvert), the Deno kernel (`npx deno jupyter --install`), the built
 * package (`npm run build`: the notebook imports ../../dist) and ../shared/datasets. Where one is
 * missing the suite is skipped and says which — unless CLVKIT_REQUIRE_NOTEBOOK=1 (set by .ci/run),
 * which turns the skip into a failure, so CI never skips it silently.
 */
const ROOT = join(import.meta.dirname, '../..');
const NOTEBOOK = join(ROOT, 'examples/notebook/clvkit-cdnow.ipynb');
const PYTHON = process.env.CLVKIT_NOTEBOOK_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

function missing(): string | null {
  const py = spawnSync(
    PYTHON,
    [
      '-c',
      'import jupyter_client, nbformat, nbconvert; from jupyter_client.kernelspec import KernelSpecManager as K; print("deno" in K().find_kernel_specs())',
    ],
    { encoding: 'utf8' },
  );
  if (py.status !== 0)
    return `${PYTHON} cannot import jupyter_client, nbformat and nbconvert (apt-get install python3-jupyter-client python3-nbformat python3-nbconvert)`;
  if (py.stdout.trim() !== 'True') return 'the Deno Jupyter kernel is not installed (npx deno jupyter --install)';
  if (!existsSync(join(ROOT, 'dist/index.js')) || !existsSync(join(ROOT, 'dist/charts/index.js'))) return 'dist/ is not built (npm run build)';
  if (!hasSharedData) return 'the reference data ../shared/datasets is not present';
  return null;
}

const why = missing();
const required = process.env.CLVKIT_REQUIRE_NOTEBOOK === '1';
const suite = why === null || required ? describe : describe.skip;
const out = mkdtempSync(join(tmpdir(), 'clvkit-notebook-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

suite(`example notebook under the Deno kernel${why === null ? '' : ` — skipped: ${why}`}`, () => {
  it('runs every cell without errors; tables come out as HTML, charts as SVG and Vega-Lite; exports to HTML', () => {
    expect(why, 'CLVKIT_REQUIRE_NOTEBOOK=1 but the notebook cannot run').toBeNull();
    const executed = join(out, 'executed.ipynb');
    const html = join(out, 'executed.html');
    const run = spawnSync(PYTHON, [join(ROOT, 'scripts/run-notebook.py'), NOTEBOOK, executed, html], { encoding: 'utf8', timeout: 240_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const nb = JSON.parse(readFileSync(executed, 'utf8')) as {
      cells: { cell_type: string; metadata: { clvkit?: { expect?: string } }; outputs?: { output_type: string; data?: Record<string, unknown> }[] }[];
    };
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    const bundles = (expectKind: string) =>
      code
        .filter((c) => c.metadata.clvkit?.expect === expectKind)
        .map((c) => Object.assign({}, ...(c.outputs ?? []).map((o) => o.data ?? {})) as Record<string, unknown>);
    const tables = bundles('table');
    const charts = bundles('chart');
    expect(tables.length).toBeGreaterThanOrEqual(8);
    expect(charts).toHaveLength(4);
    for (const t of tables) expect(String(t['text/html'])).toMatch(/^<div class="clvkit-table">[\s\S]*<table/);
    for (const c of charts) {
      expect(String(c['image/svg+xml'])).toMatch(/^<svg[\s\S]*<\/svg>$/);
      expect((c['application/vnd.vegalite.v5+json'] as { $schema: string }).$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
    }
    expect(code.every((c) => (c.outputs ?? []).every((o) => o.output_type !== 'error'))).toBe(true);
    const page = readFileSync(html, 'utf8');
    expect(page.match(/<img alt="chart" src="data:image\/svg\+xml;base64,/g)).toHaveLength(4);
    expect(page).toContain('CustomerSummary: 23,570 customers');
    expect(page).toContain('BG/NBD fit: 23,570 customers');
  }, 300_000);
});
