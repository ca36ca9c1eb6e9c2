import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ClvkitError } from '../errors.js';
import { parseSpecFor } from './book-spec.js';
import type { BookSpec, ParsedBookSpec } from './book-spec.js';
import { folderSpec } from './read-parts.js';

/**
 * A book as `readBook` and `streamBook` take it, resolved to a checked spec and the folder its relative paths
 * start from: a folder in the default layout (paths from the folder), a spec file (paths from the file's folder
 * unless `baseDir` is given), or a spec object (paths from `baseDir`, else the working directory).
 *
 * @throws ClvkitError IO_ERROR (no such folder or file), INVALID_OPTIONS (a spec file that is not JSON),
 *   INVALID_CONFIG (a spec file that breaks the contract, naming the file; a spec object is INVALID_OPTIONS).
 * @example
 * const { parsed, baseDir } = await resolveBookSpec('fixtures/bank', undefined, 'readBook');
 * Object.keys(parsed.customers!.columns).includes('customerId') // true
 */
export async function resolveBookSpec(spec: BookSpec | string, baseDir: string | undefined, fn: string): Promise<{ parsed: ParsedBookSpec; baseDir: string }> {
  const cwd = baseDir ?? process.cwd();
  if (typeof spec !== 'string') return { parsed: parseSpecFor(spec, fn), baseDir: cwd };
  const path = resolve(cwd, spec);
  if (!existsSync(path)) throw new ClvkitError('IO_ERROR', 'no such book folder or spec file', { fn, file: path });
  if (statSync(path).isDirectory()) return { parsed: await folderSpec(path), baseDir: path };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ClvkitError('INVALID_OPTIONS', `the spec is not valid JSON: ${(cause as Error).message}`, { fn, file: path });
  }
  try {
    return { parsed: parseSpecFor(json, fn), baseDir: baseDir ?? dirname(path) };
  } catch (error) {
    // A spec file is configuration the user wrote: INVALID_CONFIG naming the file (an object spec is INVALID_OPTIONS).
    if (error instanceof ClvkitError)
      throw new ClvkitError('INVALID_CONFIG', error.message.replace(new RegExp(`^${fn}: `), ''), { ...error.details, file: path });
    throw error;
  }
}
