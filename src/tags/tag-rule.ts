import { z } from 'zod';

/** Comparison operators on one column. */
export type TagComparison = '>' | '>=' | '<' | '<=' | '==' | '!=';

/** A condition of the tag rule language: plain data, evaluated without eval. */
export type TagCondition =
  | { readonly all: readonly TagCondition[] }
  | { readonly any: readonly TagCondition[] }
  | { readonly not: TagCondition }
  /** Compare a column with a number (numeric columns) or a string (string columns: `==` / `!=` only). */
  | { readonly column: string; readonly op: TagComparison; readonly value: number | string }
  /** The column's value is one of the listed values. */
  | { readonly column: string; readonly op: 'in'; readonly value: readonly (number | string)[] }
  /** low ≤ value ≤ high (both ends inclusive), numeric columns only. */
  | { readonly column: string; readonly op: 'between'; readonly value: readonly [number, number] }
  /** The products column (bit mask or list of names) includes this product. */
  | { readonly hasProduct: string }
  /** The number of products held compares with `value` (or lies in `[low, high]` with `between`). */
  | { readonly productCount: { readonly op: TagComparison; readonly value: number } | { readonly op: 'between'; readonly value: readonly [number, number] } };

/** A tag: its key, labels and the condition that grants it. */
export interface TagRule {
  /** Stable machine key, e.g. `wealth_holder`. */
  readonly tag: string;
  readonly label: string;
  readonly labelZh: string;
  /** What the rule means, for people. */
  readonly description?: string;
  readonly when: TagCondition;
}

const comparison = z.enum(['>', '>=', '<', '<=', '==', '!=']);
const finite = z.number();
const between = z.tuple([finite, finite]);

/** zod schema of a condition (recursive). */
export const tagConditionSchema: z.ZodType<TagCondition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(tagConditionSchema).min(1) }).strict(),
    z.object({ any: z.array(tagConditionSchema).min(1) }).strict(),
    z.object({ not: tagConditionSchema }).strict(),
    z.object({ column: z.string().min(1), op: comparison, value: z.union([finite, z.string()]) }).strict(),
    z.object({ column: z.string().min(1), op: z.literal('in'), value: z.array(z.union([finite, z.string()])).min(1) }).strict(),
    z.object({ column: z.string().min(1), op: z.literal('between'), value: between }).strict(),
    z.object({ hasProduct: z.string().min(1) }).strict(),
    z
      .object({
        productCount: z.union([z.object({ op: comparison, value: finite }).strict(), z.object({ op: z.literal('between'), value: between }).strict()]),
      })
      .strict(),
  ]),
);

/** zod schema of a rule. */
export const tagRuleSchema = z
  .object({
    tag: z.string().min(1),
    label: z.string().min(1),
    labelZh: z.string().min(1),
    description: z.string().optional(),
    when: tagConditionSchema,
  })
  .strict();
