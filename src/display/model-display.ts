import { describeModel, summarizeModel } from './model-summary.js';
import type { ModelSummary, SummarisableModel } from './model-summary.js';
import { DENO_INSPECT, JUPYTER_DISPLAY, NODE_INSPECT } from './with-display.js';
import type { MimeBundle } from './with-display.js';

/** What every fitted model gets: a summary table, a one-line description and a compact print. */
export interface ModelDisplay {
  /** Parameter estimates with standard errors and 95% intervals, log-likelihood, AIC/BIC, iterations, customers, exclusions. */
  summary(): ModelSummary;
  /** One line, e.g. `<BG/NBD: fitted on 23,570 customers (week), r: 0.2426, alpha: 4.414, a: 0.7929, b: 2.426>`. */
  toString(): string;
}

/**
 * Attach `summary()`, `toString()`, Node's and Deno's custom inspect (the summary table) and the
 * Jupyter display (the summary as HTML) to a fitted model, as non-enumerable properties; returns the model.
 *
 * @example
 * const m = fitBgNbd(summary);
 * `${m}` // '<BG/NBD: fitted on 2,357 customers (week), r: 0.2426, alpha: 4.414, a: 0.7929, b: 2.426>'
 */
export function withModelDisplay<M extends SummarisableModel>(model: M): M & ModelDisplay {
  const summary = (): ModelSummary => summarizeModel(model);
  Object.defineProperties(model, {
    summary: { value: summary, enumerable: false, configurable: true },
    toString: { value: () => describeModel(model), enumerable: false, configurable: true },
    [NODE_INSPECT]: {
      value: (depth: number) => (depth < 0 ? describeModel(model) : `${describeModel(model)}\n${summary().toString()}`),
      enumerable: false,
      configurable: true,
    },
    [DENO_INSPECT]: { value: () => `${describeModel(model)}\n${summary().toString()}`, enumerable: false, configurable: true },
    [JUPYTER_DISPLAY]: {
      value: (): MimeBundle => {
        const bundle = (summary() as unknown as Record<symbol, () => MimeBundle>)[JUPYTER_DISPLAY]!();
        return { ...bundle, 'text/plain': `${describeModel(model)}\n${String(bundle['text/plain'])}` };
      },
      enumerable: false,
      configurable: true,
    },
  });
  return model as M & ModelDisplay;
}
