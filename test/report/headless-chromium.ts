/**
 * A minimal headless-Chromium driver for the report tests: Debian's `chromium` speaking the DevTools
 * protocol over `--remote-debugging-pipe` (JSON messages separated by NUL bytes on file descriptors 3 and
 * 4), so no WebSocket client, no npm browser download and no network port are needed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** The chromium executable, or undefined when none is installed. */
export function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim() !== '') return r.stdout.trim();
  }
  return undefined;
}

interface CdpEvent {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly sessionId?: string;
}

/** One running browser with one page (a flattened target session). */
export class HeadlessChromium {
  readonly events: CdpEvent[] = [];
  private readonly child: ChildProcess;
  private readonly userDataDir: string;
  private readonly pending = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private readonly waiters: { method: string; resolve: (e: CdpEvent) => void }[] = [];
  private nextId = 1;
  private buffer = '';
  private sessionId: string | undefined;

  private constructor(executable: string) {
    this.userDataDir = mkdtempSync(join(tmpdir(), 'clvkit-chromium-'));
    this.child = spawn(
      executable,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-extensions',
        '--disable-default-apps',
        '--no-first-run',
        '--no-default-browser-check',
        '--hide-scrollbars',
        '--mute-audio',
        `--user-data-dir=${this.userDataDir}`,
        '--remote-debugging-pipe',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    const output = this.child.stdio[4] as Readable;
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => this.receive(chunk));
    this.child.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error('chromium exited'));
      this.pending.clear();
    });
  }

  /** Start chromium and attach to a fresh page with Page, Runtime, Log and Network events on. */
  static async launch(executable: string): Promise<HeadlessChromium> {
    const browser = new HeadlessChromium(executable);
    const { targetId } = (await browser.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await browser.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    browser.sessionId = sessionId;
    for (const domain of ['Page', 'Runtime', 'Log', 'Network']) await browser.send(`${domain}.enable`);
    return browser;
  }

  /** Send a command (to the page session once attached) and wait for its result. */
  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const message = JSON.stringify({ id, method, params, ...(this.sessionId !== undefined ? { sessionId: this.sessionId } : {}) });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.child.stdio[3] as Writable).write(`${message}\0`);
    });
  }

  /** Wait for the next event named `method` (or one already received since `since`). */
  waitFor(method: string, since = 0, timeoutMs = 30_000): Promise<CdpEvent> {
    const seen = this.events.slice(since).find((e) => e.method === method);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${method}`)), timeoutMs);
      this.waiters.push({
        method,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  /** Navigate and wait for the load event; returns the index of the first event of this page load. */
  async load(url: string): Promise<number> {
    const start = this.events.length;
    await this.send('Page.navigate', { url });
    await this.waitFor('Page.loadEventFired', start);
    return start;
  }

  /** Evaluate an expression in the page and return its value. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = (await this.send('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value: T }; exceptionDetails?: unknown };
    if (r.exceptionDetails !== undefined) throw new Error(`evaluation failed: ${JSON.stringify(r.exceptionDetails)}`);
    return r.result.value;
  }

  /** A PNG screenshot of the viewport at the given size (CSS pixels), or of a clip of the whole page. */
  async screenshot(width: number, height: number, clip?: { x: number; y: number; width: number; height: number }): Promise<Buffer> {
    await this.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
    const extra = clip === undefined ? {} : { clip: { ...clip, scale: 1 }, captureBeyondViewport: true };
    const r = (await this.send('Page.captureScreenshot', { format: 'png', ...extra })) as { data: string };
    return Buffer.from(r.data, 'base64');
  }

  /** Close the browser and remove its profile. */
  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    try {
      (this.child.stdio[3] as Writable).write(`${JSON.stringify({ id: this.nextId++, method: 'Browser.close', params: {} })}\0`);
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(this.userDataDir, { recursive: true, force: true });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\0')) >= 0) {
      const text = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 1);
      const message = JSON.parse(text) as {
        id?: number;
        result?: Record<string, unknown>;
        error?: { message: string };
        method?: string;
        params?: Record<string, unknown>;
        sessionId?: string;
      };
      if (message.id !== undefined) {
        const p = this.pending.get(message.id);
        if (p === undefined) continue;
        this.pending.delete(message.id);
        if (message.error !== undefined) p.reject(new Error(message.error.message));
        else p.resolve(message.result ?? {});
      } else if (message.method !== undefined) {
        const event: CdpEvent = {
          method: message.method,
          params: message.params ?? {},
          ...(message.sessionId !== undefined ? { sessionId: message.sessionId } : {}),
        };
        this.events.push(event);
        for (let i = this.waiters.length - 1; i >= 0; i--) {
          if (this.waiters[i]!.method === event.method) {
            this.waiters[i]!.resolve(event);
            this.waiters.splice(i, 1);
          }
        }
      }
    }
  }
}
