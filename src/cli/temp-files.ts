import { rmSync } from 'node:fs';

/**
 * Temporary files this process is writing (the atomic output writes of the CLI), removed when the
 * process is stopped by SIGINT, SIGTERM or SIGHUP. While at least one temporary file is live, a
 * handler for those signals is installed; it removes the files, uninstalls itself and raises the
 * signal again, so the process still ends by that signal (exit status 128 + n in a shell). With no
 * temporary file live, the default signal behaviour is untouched.
 */
const live = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function onSignal(signal: NodeJS.Signals): void {
  removeAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  for (const s of SIGNALS) process.off(s, onSignal);
}

function removeAll(): void {
  for (const path of live) rmSync(path, { force: true });
  live.clear();
}

/** Register a temporary file to remove if the process is stopped by a signal before it is released. */
export function trackTempFile(path: string): void {
  if (live.size === 0) install();
  live.add(path);
}

/** The temporary file was renamed or removed: forget it (uninstalls the handler when none is left). */
export function releaseTempFile(path: string): void {
  if (!live.delete(path)) return;
  if (live.size === 0) uninstall();
}

/** Temporary files currently tracked (for tests). */
export function liveTempFiles(): readonly string[] {
  return [...live];
}
