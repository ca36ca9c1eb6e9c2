import type { CliCommand } from '../command.js';
import { checkCommand } from './check.js';
import { clusterCommand } from './cluster.js';
import { compareCommand } from './compare.js';
import { fitCommand } from './fit.js';
import { paretoCommand } from './pareto.js';
import { predictCommand } from './predict.js';
import { reportCommand } from './report.js';
import { rfmCommand } from './rfm.js';
import { scoreCommand } from './score.js';
import { simulateCommand } from './simulate.js';
import { sortBookCommand } from './sort-book.js';
import { summarizeCommand } from './summarize.js';
import { tiersCommand } from './tiers.js';

/**
 * Every subcommand, in `--help` order. Adding a command is one file in this folder exporting a
 * {@link CliCommand} (see `summarize.ts` for the smallest one) plus one line here.
 */
export const COMMANDS = [
  summarizeCommand,
  paretoCommand,
  rfmCommand,
  tiersCommand,
  clusterCommand,
  fitCommand,
  predictCommand,
  compareCommand,
  scoreCommand,
  sortBookCommand,
  reportCommand,
  checkCommand,
  simulateCommand,
] as readonly CliCommand[];
