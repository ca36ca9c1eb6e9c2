import { readFileSync } from 'node:fs';
import { ClvkitError } from '../errors.js';

/**
 * Read and parse a JSON file given on the command line (a model, a band list).
 *
 * @throws ClvkitError IO_ERROR when it cannot be read; INVALID_VALUE when it is not JSON (with the position).
 */
export function readJsonFile(path: string, shown: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ClvkitError('IO_ERROR', `cannot read file: ${(cause as Error).message}`, { fn: 'clvkit', file: shown });
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (cause) {
    throw new ClvkitError('INVALID_VALUE', `not valid JSON: ${(cause as Error).message}`, { fn: 'clvkit', file: shown });
  }
}

/**
 * The same error with the file it came from added to its place (for a model read from a file: the
 * restorer knows the path inside the JSON, the CLI knows the file).
 *
 * @example
 * withFile(new ClvkitError('INVALID_MODEL', 'bad', { fn: 'modelFromJSON', path: ['kind'] }), 'm.json').message
 * // 'modelFromJSON: bad (m.json, option kind)'
 */
export function withFile(error: unknown, file: string): unknown {
  if (!(error instanceof ClvkitError) || error.details.file !== undefined) return error;
  const prefix = error.details.fn !== undefined ? `${error.details.fn}: ` : '';
  const suffix = / \([^()]*\)$/.exec(error.message)?.[0] ?? '';
  const reason = error.message.slice(prefix.length, error.message.length - suffix.length);
  return new ClvkitError(error.code, reason, { ...error.details, file });
}
