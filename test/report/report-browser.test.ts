/**
 * The report in a real browser: Debian's headless chromium loads the report built from the bundled
 * fixture and the test checks, through the DevTools protocol, that nothing is requested from the network
 * and nothing is logged as an error, that the key numbers are on the page, and that the page is drawn
 * (the screenshot is not one flat colour). Skips with a message when chromium is not installed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoReport } from '../../examples/demo/report.js';
import { FIXTURE_DIR } from '../../examples/demo/context.js';
import type { CustomerScores } from '../../src/scoring/score-customers.js';
import { latestSnapshot } from '../../src/simulate/latest-snapshot.js';
import { readBankBook } from '../../src/simulate/read-bank-book.js';
import { colourStats, decodePng } from './decode-png.js';
import { findChromium, HeadlessChromium } from './headless-chromium.js';

const chromium = findChromium();
const suite = chromium === undefined ? describe.skip : describe;
const title =
  chromium === undefined
    ? 'report in headless chromium — skipped: no chromium found on PATH (Debian: apt-get install -y chromium)'
    : 'report in headless chromium';

/** Independent top-20% share: the largest values first, 20% of n customers (a fractional customer counts pro rata). */
function topShare(values: readonly number[], share: number): number {
  const sorted = values.filter((v) => v >= 0).sort((a, b) => b - a);
  const total = sorted.reduce((s, v) => s + v, 0);
  const k = share * sorted.length;
  const whole = Math.floor(k + 1e-9);
  let held = 0;
  for (let i = 0; i < whole; i++) held += sorted[i]!;
  if (whole < sorted.length) held += (k - whole) * sorted[whole]!;
  return held / total;
}

const withCommas = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

suite(title, () => {
  let dir: string;
  let browser: HeadlessChromium;
  let scores: CustomerScores;
  let aum: number[];
  let reportUrl: string;
  let zhUrl: string;
  let start: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clvkit-report-test-'));
    const book = await readBankBook(FIXTURE_DIR);
    const latest = latestSnapshot(book.snapshots, { customers: book.customers.length, month: book.months.length - 1 });
    aum = [];
    for (let i = 0; i < latest.length; i++) if (latest.onBook[i] === 1) aum.push(latest.aum[i]!);
    const en = await buildDemoReport({ book }, 'en');
    scores = en.scores;
    const zh = await buildDemoReport({ book }, 'zh-CN');
    const file = join(dir, 'report.html');
    writeFileSync(file, en.html);
    writeFileSync(join(dir, 'report.zh-CN.html'), zh.html);
    reportUrl = pathToFileURL(file).href;
    zhUrl = pathToFileURL(join(dir, 'report.zh-CN.html')).href;
    browser = await HeadlessChromium.launch(chromium!);
    start = await browser.load(reportUrl);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('makes no network request and logs no error', () => {
    const events = browser.events.slice(start);
    const requests = events.filter((e) => e.method === 'Network.requestWillBeSent').map((e) => (e.params as { request: { url: string } }).request.url);
    expect(requests).toEqual([reportUrl]);
    const errors = events.filter(
      (e) =>
        (e.method === 'Runtime.consoleAPICalled' && ['error', 'assert', 'warning'].includes((e.params as { type: string }).type)) ||
        e.method === 'Runtime.exceptionThrown' ||
        (e.method === 'Log.entryAdded' && ['error', 'warning'].includes((e.params as { entry: { level: string } }).entry.level)),
    );
    expect(errors).toEqual([]);
  });

  it('the request check does detect a request (a page with a remote image)', async () => {
    const probe = join(dir, 'probe.html');
    writeFileSync(probe, '<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/pixel.png" alt=""></body></html>');
    const from = await browser.load(pathToFileURL(probe).href);
    const requests = browser.events
      .slice(from)
      .filter((e) => e.method === 'Network.requestWillBeSent')
      .map((e) => (e.params as { request: { url: string } }).request.url);
    expect(requests).toContain('http://127.0.0.1:9/pixel.png');
    start = await browser.load(reportUrl);
  });

  it('shows the key numbers, computed independently', async () => {
    const top20 = `${(topShare(aum, 0.2) * 100).toFixed(1)}%`;
    const mvc = scores.toRecords().filter((r) => r.valueCell === 'mvc').length;
    const kpi = (key: string) => browser.evaluate<string>(`document.querySelector('[data-kpi="${key}"] .kpi-value').textContent`);
    expect(await kpi('top-20-share')).toBe(top20);
    expect(await kpi('mvc-customers')).toBe(withCommas(mvc));
    expect(await kpi('customers')).toBe(withCommas(scores.length));
    const text = await browser.evaluate<string>('document.body.innerText');
    expect(text).toContain('Held by the top 20% of customers');
    expect(text).toContain('MVC: most valuable customers');
    // Every section is there, and every chart is an inline SVG with a size.
    const sections = await browser.evaluate<string[]>(`[...document.querySelectorAll('section')].map((s) => s.id)`);
    expect(sections).toEqual(['overview', 'concentration', 'rfm', 'tiers', 'clusters', 'model', 'clv', 'value-matrix']);
    const svgs = await browser.evaluate<{ w: number; h: number }[]>(
      `[...document.querySelectorAll('figure.chart > svg')].map((s) => { const r = s.getBoundingClientRect(); return { w: r.width, h: r.height }; })`,
    );
    expect(svgs.length).toBeGreaterThanOrEqual(12);
    for (const s of svgs) expect(s.w * s.h).toBeGreaterThan(100 * 100);
    // The page's ids are unique (several inline SVGs share none).
    expect(
      await browser.evaluate<number>(
        `(() => { const ids = [...document.querySelectorAll('[id]')].map((e) => e.id); return ids.length - new Set(ids).size; })()`,
      ),
    ).toBe(0);
  });

  it('draws the page: a 1280 × 2400 screenshot is not one flat colour', async () => {
    const png = await browser.screenshot(1280, 2400);
    // CLVKIT_REPORT_SCREENSHOT=/path/shot.png keeps the screenshot for a person to look at.
    if (process.env.CLVKIT_REPORT_SCREENSHOT !== undefined) writeFileSync(process.env.CLVKIT_REPORT_SCREENSHOT, png);
    const decoded = decodePng(png);
    expect([decoded.width, decoded.height]).toEqual([1280, 2400]);
    const stats = colourStats(decoded);
    expect(stats.distinct).toBeGreaterThan(100);
    expect(stats.nonBackgroundShare).toBeGreaterThan(0.1);
  });

  it('the zh-CN report loads cleanly too', async () => {
    const from = await browser.load(zhUrl);
    const events = browser.events.slice(from);
    expect(events.filter((e) => e.method === 'Network.requestWillBeSent').map((e) => (e.params as { request: { url: string } }).request.url)).toEqual([zhUrl]);
    expect(
      events.filter(
        (e) => e.method === 'Runtime.exceptionThrown' || (e.method === 'Log.entryAdded' && (e.params as { entry: { level: string } }).entry.level === 'error'),
      ),
    ).toEqual([]);
    expect(await browser.evaluate<string>('document.documentElement.lang')).toBe('zh-CN');
    expect(await browser.evaluate<string>('document.body.innerText')).toContain('前 20% 客户持有');
  });
});
