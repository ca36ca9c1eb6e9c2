import { scoreTextCell } from './score-csv-writer.js';

/** Words a list cell's key can tell apart, and the longest list keyed (1024^5 = 2^50 < 2^53). */
const LIST_WORDS = 1023;
const LIST_KEYED = 5;

/**
 * The bytes of list cells (tags, product gaps: a few words from a small vocabulary, joined with '|' and
 * escaped), cached by a number key built from the words' indices (no string joined or hashed per row); a
 * longer list or a larger vocabulary gives its joined text instead, which the writer escapes and caches.
 */
export function listCells(): (words: readonly string[]) => Buffer | string | null {
  const index = new Map<string, number>();
  const bytes = new Map<number, Buffer>();
  return (words) => {
    const n = words.length;
    if (n === 0) return null;
    if (n > LIST_KEYED) return words.join('|');
    let key = 0;
    for (let k = 0; k < n; k++) {
      const word = words[k]!;
      let id = index.get(word);
      if (id === undefined) {
        if (index.size >= LIST_WORDS) return words.join('|');
        index.set(word, (id = index.size + 1));
      }
      key = key * (LIST_WORDS + 1) + id;
    }
    let cell = bytes.get(key);
    if (cell === undefined) bytes.set(key, (cell = Buffer.from(scoreTextCell(words.join('|')), 'utf8')));
    return cell;
  };
}
