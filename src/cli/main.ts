#!/usr/bin/env node
import { runCli } from './run-cli.js';

// The `clvkit` bin: the process's streams around the in-process CLI. No top-level await, so the
// entry also builds as CommonJS.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // A closed pipe (`clvkit … | head`) is not a failure of clvkit.
  if (error.code === 'EPIPE') process.exit(0);
  // Any other failure (ENOSPC on a full disk, EIO) is a typed error on stderr and exit status 1.
  process.stderr.write(`clvkit: error [IO_ERROR]: cannot write to standard output: ${error.message}\n`);
  process.exit(1);
});
void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
  stdin: process.stdin,
}).then((code) => {
  process.exitCode = code;
});
