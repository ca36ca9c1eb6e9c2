import { ClvkitError } from '../errors.js';
import type { ClvkitErrorCode } from '../errors.js';
import type { SkippedPart } from './customer-scores.js';

/** Receives each stage's wall time (ms) of a scoring run. Internal: the benchmark uses it. */
export type ScoringStageTimer = (stage: string, milliseconds: number) => void;

/** Run a stage, reporting its wall time to `timer` when given. */
export function timed<T>(timer: ScoringStageTimer | undefined, stage: string, run: () => T): T {
  if (timer === undefined) return run();
  const started = performance.now();
  const result = run();
  timer(stage, performance.now() - started);
  return result;
}

/**
 * Error codes that mean "this analysis is undefined on this data" (too few customers, no repeat purchases,
 * a likelihood that cannot be evaluated, a missing column): scoring skips the part and says why.
 * Everything else (bad options, malformed input) still throws.
 */
export const SKIPPABLE_CODES: readonly ClvkitErrorCode[] = [
  'TOO_FEW_VALUES',
  'NUMERIC_FAILURE',
  'NOT_CONVERGED',
  'EMPTY_INPUT',
  'MISSING_COLUMN',
  'INVALID_CONFIG',
];

/**
 * Run an optional analysis: its result, or null with `{ part, reason }` appended to `skipped` when it fails
 * with a data-dependent error (see {@link SKIPPABLE_CODES}) and `onFailure` is 'skip'.
 */
export function attempt<T>(part: string, skipped: SkippedPart[], onFailure: 'skip' | 'throw', run: () => T): T | null {
  try {
    return run();
  } catch (error) {
    if (onFailure === 'throw' || !(error instanceof ClvkitError) || !SKIPPABLE_CODES.includes(error.code)) throw error;
    skipped.push({ part, reason: `${error.code}: ${error.message}` });
    return null;
  }
}
