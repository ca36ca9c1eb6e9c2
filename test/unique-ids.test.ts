import { describe, expect, it } from 'vitest';
import { uniqueIds } from '../src/unique-ids.js';
import { expectCode } from './helpers/expect-code.js';

describe('uniqueIds', () => {
  it('indexes ids by row', () => {
    expect(Array.from(uniqueIds(['a', 'b', 'c'], { fn: 'f', column: 'customerId' }))).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
    expect(uniqueIds<string | number>([3, 'x'], { fn: 'f', column: 'id', kind: 'string-or-number' }).get(3)).toBe(0);
  });

  it('a repeat is DUPLICATE_ID at the caller’s row, naming both rows', () => {
    const e = expectCode(() => uniqueIds(['a', 'b', 'a'], { fn: 'tierMigration', column: 'customerId', details: { which: 'to' } }), 'DUPLICATE_ID');
    expect(e.details).toMatchObject({ fn: 'tierMigration', column: 'customerId', index: 2, value: 'a', which: 'to' });
    expect(e.message).toContain('appears on rows 0 and 2');
  });

  it('an id of the wrong type is INVALID_VALUE at its row', () => {
    expect(expectCode(() => uniqueIds(['a', 7], { fn: 'f', column: 'customerId' }), 'INVALID_VALUE').details.index).toBe(1);
    expect(expectCode(() => uniqueIds([1, Number.NaN], { fn: 'f', column: 'id', kind: 'string-or-number' }), 'INVALID_VALUE').details.index).toBe(1);
    expect(expectCode(() => uniqueIds([null], { fn: 'f', column: 'id', kind: 'string-or-number' }), 'INVALID_VALUE').details.index).toBe(0);
  });
});
