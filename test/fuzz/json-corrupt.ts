// Corrupting a JSON value at chosen leaves: the mutation step of the saved-model fuzz tests.
import fc from 'fast-check';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a leaf (or to an object/array, which can be replaced whole) of a JSON value. */
export function jsonPaths(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (prefix.length > 0) out.push(prefix);
  if (Array.isArray(value)) value.slice(0, 6).forEach((v, i) => jsonPaths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) jsonPaths(v, [...prefix, k], out);
  return out;
}

/** Replacement values: wrong types, out-of-domain numbers, empty containers, or 'delete' (remove the key). */
export const REPLACEMENT = fc.oneof(
  fc.constantFrom<Json>(null, -1, 0, 1e308, -1e308, 1e-320, 'NaN', 'x', true, [], {}, [null], 2.5, -0.5),
  fc.double().map((d): Json => (Number.isFinite(d) ? d : null)),
  fc.constant<'delete'>('delete'),
);

/** `json` with `edits` applied: each replaces (or deletes) the node at a path chosen by index (paths of the original). */
export function corruptJson(json: Json, edits: readonly [number, Json | 'delete'][]): Json {
  const copy = structuredClone(json);
  const all = jsonPaths(copy);
  for (const [pick, replacement] of edits) {
    const path = all[pick % all.length]!;
    let parent: Json | undefined = copy;
    for (const key of path.slice(0, -1)) {
      if (parent === null || typeof parent !== 'object') break;
      parent = (parent as Record<string, Json>)[key as string];
    }
    // An earlier edit removed or replaced an ancestor: nothing left to edit on this path.
    if (parent === undefined || parent === null || typeof parent !== 'object') continue;
    const last = path[path.length - 1]!;
    if (replacement === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete (parent as Record<string, Json>)[last as string];
    } else (parent as Record<string, Json>)[last as string] = replacement;
  }
  return copy;
}
