import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

/** `../shared/datasets` relative to the project root (where CI and developers keep the reference data). */
export const SHARED_DATASETS = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));

/** True when the reference data is present. */
export const hasSharedData = existsSync(join(SHARED_DATASETS, 'README.md'));

/** Absolute path of a reference data file. */
export function sharedFile(name: string): string {
  return join(SHARED_DATASETS, name);
}

/**
 * `describe` for tests that need ../shared/datasets: where the data is absent the suite is
 * registered as skipped with the reason in its name, so the skip says why.
 */
export function describeWithSharedData(name: string, body: () => void): void {
  if (hasSharedData) describe(name, body);
  else describe.skip(`${name} — skipped: reference data not found at ${SHARED_DATASETS} (../shared/datasets)`, body);
}
