import { ClvkitError } from '../errors.js';
import { requireTable } from '../validate.js';
import { escapeHtml } from './escape-html.js';
import { formatCount, formatNumber } from './format-cell.js';
import { htmlTable } from './html-table.js';
import { textTable } from './text-table.js';
import { DENO_INSPECT, JUPYTER_DISPLAY, NODE_INSPECT } from './with-display.js';
import type { MimeBundle } from './with-display.js';

/** The two-sided 95% standard normal quantile Φ⁻¹(0.975). */
export const Z_975 = 1.959963984540054;

/** One parameter of a fitted model: estimate, standard error and Wald 95% interval. */
export interface ParameterEstimate {
  readonly parameter: string;
  readonly estimate: number;
  /** Null when the Hessian was not positive definite (the model's `reason` says so). */
  readonly standardError: number | null;
  /** estimate − 1.96·se (a Wald interval, as lifetimes reports; it can fall below 0 for a positive parameter). */
  readonly lower95: number | null;
  /** estimate + 1.96·se. */
  readonly upper95: number | null;
}

/** What `model.summary()` returns: the parameter rows and the fit statistics. */
export interface ModelSummary {
  /** The model's name, e.g. `BG/NBD`. */
  readonly model: string;
  readonly kind: string;
  readonly timeUnit: string | null;
  readonly rows: readonly ParameterEstimate[];
  readonly logLikelihood: number;
  /** Akaike: 2k − 2·LL, with k the number of parameters. */
  readonly aic: number;
  /** Schwarz: k·ln(n) − 2·LL, with n the customers fitted. */
  readonly bic: number;
  readonly parameters: number;
  readonly customers: number;
  readonly converged: boolean;
  readonly iterations: number;
  /** The L2 penalizer of the fit (0 = plain maximum likelihood; AIC/BIC are then of the penalised estimates). */
  readonly penalizer: number;
  /** Customers left out of the fit, by reason (Gamma-Gamma), or null when none can be. */
  readonly exclusions: Readonly<Record<string, number>> | null;
  /** Why the fit did not converge, or why standard errors are missing. */
  readonly reason?: string;
}

/** The fit fields of a model that the summary reads. */
export interface SummarisableModel {
  readonly kind: string;
  readonly timeUnit?: string | null;
  readonly params: Readonly<Record<string, number>>;
  readonly standardErrors: Readonly<Record<string, number>> | null;
  readonly logLikelihood: number;
  readonly converged: boolean;
  readonly iterations: number;
  readonly customers: number;
  readonly reason?: string;
  readonly penalizer?: number;
  /** Customers left out of the fit, by reason (counts). */
  readonly excluded?: object;
}

/** The fit fields a summary reads, checked: a fitted model's, or a saved model's. */
function checkModel(model: SummarisableModel, fn: string): void {
  requireTable(model, fn, 'a fitted model');
  const params = requireTable(model.params, fn, 'a fitted model (with params)');
  if (model.standardErrors !== null) requireTable(model.standardErrors, fn, 'standard errors (an object) or null');
  for (const [name, v] of Object.entries(params)) {
    if (typeof v !== 'number') throw new ClvkitError('INVALID_MODEL', 'a parameter must be a number', { fn, path: ['params', name] });
  }
  for (const key of ['logLikelihood', 'iterations', 'customers'] as const) {
    if (typeof model[key] !== 'number') throw new ClvkitError('INVALID_MODEL', `${key} must be a number`, { fn, path: [key] });
  }
  if (typeof model.kind !== 'string') throw new ClvkitError('INVALID_MODEL', 'kind must be text', { fn, path: ['kind'] });
}

const MODEL_NAMES: Readonly<Record<string, string>> = {
  'bg-nbd': 'BG/NBD',
  'mbg-nbd': 'MBG/NBD',
  'pareto-nbd': 'Pareto/NBD',
  'bg-bb': 'BG/BB',
  'gamma-gamma': 'Gamma-Gamma',
};

/** A model kind's display name, e.g. `bg-nbd` → `BG/NBD`. */
export function modelName(kind: string): string {
  return MODEL_NAMES[kind] ?? kind;
}

/** Four significant digits, for one-line descriptions. */
function short(x: number): string {
  return Number.isFinite(x) && !Number.isInteger(x) ? String(Number(x.toPrecision(4))) : formatNumber(x);
}

/**
 * The summary of a fitted model: per parameter the estimate, its standard error and the Wald 95%
 * interval estimate ± 1.959964·se; the log-likelihood LL, AIC = 2k − 2LL and BIC = k·ln(n) − 2LL with k
 * parameters and n customers fitted; iterations, convergence, penalizer and exclusions. Prints and
 * displays (Jupyter) as a table.
 *
 * @throws ClvkitError INVALID_VALUE when `model` is not an object with params; INVALID_MODEL when a fit field is missing.
 *
 * @example
 * const s = summarizeModel(fitBgNbd(summary));
 * s.rows[0] // { parameter: 'r', estimate: 0.2426, standardError: 0.0126, lower95: 0.2179, upper95: 0.2673 } (rounded)
 */
export function summarizeModel(model: SummarisableModel): ModelSummary {
  checkModel(model, 'summarizeModel');
  const names = Object.keys(model.params);
  const rows = names.map((parameter): ParameterEstimate => {
    const estimate = model.params[parameter]!;
    const se = model.standardErrors?.[parameter];
    const ok = se !== undefined && Number.isFinite(se);
    return { parameter, estimate, standardError: ok ? se : null, lower95: ok ? estimate - Z_975 * se : null, upper95: ok ? estimate + Z_975 * se : null };
  });
  const k = names.length;
  const n = model.customers;
  const summary: ModelSummary = {
    model: modelName(model.kind),
    kind: model.kind,
    timeUnit: model.timeUnit ?? null,
    rows,
    logLikelihood: model.logLikelihood,
    aic: 2 * k - 2 * model.logLikelihood,
    bic: k * Math.log(n) - 2 * model.logLikelihood,
    parameters: k,
    customers: n,
    converged: model.converged,
    iterations: model.iterations,
    penalizer: model.penalizer ?? 0,
    exclusions: model.excluded === undefined ? null : { ...(model.excluded as Readonly<Record<string, number>>) },
    ...(model.reason !== undefined ? { reason: model.reason } : {}),
  };
  const header = (): string =>
    `${summary.model} fit: ${formatCount(n)} customers${summary.timeUnit !== null ? `, time unit ${summary.timeUnit}` : ''}, ` +
    `log-likelihood ${formatNumber(summary.logLikelihood)}, AIC ${formatNumber(summary.aic)}, BIC ${formatNumber(summary.bic)}`;
  const footer = (): string[] => {
    const lines = [
      `${summary.converged ? 'converged' : 'NOT converged'} in ${summary.iterations} iterations${summary.penalizer > 0 ? `, penalizer ${formatNumber(summary.penalizer)}` : ''}`,
    ];
    if (summary.exclusions !== null) {
      const parts = Object.entries(summary.exclusions).map(([why, count]) => `${formatCount(count)} ${why}`);
      lines.push(`excluded: ${parts.length > 0 ? parts.join(', ') : 'none'}`);
    }
    if (summary.reason !== undefined) lines.push(`note: ${summary.reason}`);
    return lines;
  };
  const shown = {
    names: ['parameter', 'estimate', 'standardError', 'lower95', 'upper95'],
    head: rows as unknown as Record<string, number | string | null>[],
    tailStart: rows.length,
    tail: [],
  };
  const text = (): string => [textTable(header(), shown), ...footer()].join('\n');
  Object.defineProperties(summary, {
    toString: { value: text, enumerable: false },
    [NODE_INSPECT]: { value: text, enumerable: false },
    [DENO_INSPECT]: { value: text, enumerable: false },
    [JUPYTER_DISPLAY]: {
      value: (): MimeBundle => ({
        'text/plain': text(),
        'text/html': `${htmlTable(header(), shown)}${footer()
          .map((l) => `<p style="margin:2px 0;font-family:sans-serif;font-size:12px;color:#555">${escapeHtml(l)}</p>`)
          .join('')}`,
      }),
      enumerable: false,
    },
  });
  return summary;
}

/**
 * A fitted model in one line, like lifetimes' repr:
 * `<BG/NBD: fitted on 23,570 customers (week), r: 0.2426, alpha: 4.414, a: 0.7929, b: 2.426>`.
 */
export function describeModel(model: SummarisableModel): string {
  checkModel(model, 'describeModel');
  const params = Object.entries(model.params).map(([name, v]) => `${name}: ${short(v)}`);
  const unit = model.timeUnit !== undefined && model.timeUnit !== null ? ` (${model.timeUnit})` : '';
  const warn = model.converged ? '' : ', NOT converged';
  return `<${modelName(model.kind)}: fitted on ${formatCount(model.customers)} customers${unit}, ${params.join(', ')}${warn}>`;
}
