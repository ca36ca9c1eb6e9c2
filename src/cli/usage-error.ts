/**
 * A mistake in how the CLI was called (a missing or malformed flag value): exit code 2, like
 * commander's own parse errors. Bad *data* is a ClvkitError and exits 1.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
