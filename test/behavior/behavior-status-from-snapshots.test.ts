import { describe, expect, expectTypeOf, it } from 'vitest';
import { behaviorStatusFromSnapshots } from '../../src/behavior/behavior-status-from-snapshots.js';
import type { SnapshotBehaviorStatus } from '../../src/behavior/behavior-status-from-snapshots.js';
import { createRandom } from '../../src/random.js';
import { expectCode } from '../helpers/expect-code.js';
import type { Displayed } from '../../src/display/with-display.js';

function series(activity: number[][]) {
  const customer: number[] = [];
  const month: number[] = [];
  const act: number[] = [];
  activity.forEach((months, c) =>
    months.forEach((a, m) => {
      if (a < 0) return; // -1 = not on the book that month
      customer.push(c);
      month.push(m);
      act.push(a);
    }),
  );
  return { customer, month, activity: act };
}

describe('behaviorStatusFromSnapshots', () => {
  it('worked example', () => {
    const s = behaviorStatusFromSnapshots(
      { customer: [0, 0, 0, 1, 1, 1, 2], month: [0, 1, 2, 0, 1, 2, 0], activity: [3, 0, 4, 0, 0, 0, 5] },
      { dormantMonths: 3 },
    );
    expect(s.status).toEqual(['active', 'dormant', 'lost']);
    expect(Array.from(s.inactiveMonths)).toEqual([0, 3, 2]);
    expect(Array.from(s.onBook)).toEqual([1, 1, 0]);
    expect(s.asOfMonth).toBe(2);
  });

  it('six inactive months is dormant, five is not (default rule); lostMonths; window rule', () => {
    const s = behaviorStatusFromSnapshots(
      series([
        [1, 1, 1, 0, 0, 0, 0, 0, 0], // 6 inactive at the end → dormant
        [1, 1, 1, 1, 0, 0, 0, 0, 0], // 5 → not dormant, no activity in window → potential
        [0, 0, 0, 0, 0, 0, 0, 0, 0], // 9 → dormant (lost with lostMonths 9)
        [0, 0, 0, 0, 0, 0, 1, 0, 1], // 2 of last 3 → active
        [-1, -1, -1, -1, -1, -1, -1, 0, 0], // new, 2 months inactive → potential
        [1, 1, 1, 1, 1, 1, 1, 1, -1], // left the book → lost
      ]),
      {},
    );
    expect(s.status).toEqual(['dormant', 'potential', 'dormant', 'active', 'potential', 'lost']);
    expect(Array.from(s.inactiveMonths)).toEqual([6, 5, 9, 0, 2, 1]);
    expect(Array.from(s.activeMonthsInWindow)).toEqual([0, 0, 0, 2, 0, 2]);
    const lost = behaviorStatusFromSnapshots(
      series([
        [0, 0, 0, 0, 0, 0, 0, 0, 0],
        [1, 0, 0, 0, 0, 0, 0, 0, 0],
      ]),
      { lostMonths: 9 },
    );
    expect(lost.status).toEqual(['lost', 'dormant']);
    // A gap inside the span counts as inactive months.
    const gap = behaviorStatusFromSnapshots(series([[1, -1, -1, -1, -1, -1, 0]]), {});
    expect(Array.from(gap.inactiveMonths)).toEqual([6]);
    expect(gap.status).toEqual(['dormant']);
  });

  it('cross-check on random data against a month-by-month backward scan', () => {
    const rng = createRandom(33);
    const rows: number[][] = [];
    for (let c = 0; c < 400; c++) {
      const join = rng.int(12);
      const leave = rng.next() < 0.1 ? join + rng.int(12 - join) : 12;
      const p = rng.next();
      rows.push(Array.from({ length: 12 }, (_, m) => (m < join || m > leave ? -1 : rng.next() < p ? 1 + rng.int(5) : 0)));
    }
    const s = behaviorStatusFromSnapshots(series(rows), { dormantMonths: 4, lostMonths: 8 });
    expect(s.length).toBe(400);
    rows.forEach((months, c) => {
      let run = 0;
      for (let m = 11; m >= 0 && months[m] !== undefined; m--) {
        if (months.slice(0, m + 1).every((a) => a < 0)) break; // before the first snapshot
        if (months[m]! > 0) break;
        run++;
      }
      const window = months.slice(9).filter((a) => a > 0).length;
      const expected = months[11]! < 0 || run >= 8 ? 'lost' : run >= 4 ? 'dormant' : window >= 2 ? 'active' : 'potential';
      expect([s.inactiveMonths[c], s.status[c]]).toEqual([run, expected]);
    });
  });

  it('rejects bad input', () => {
    expectCode(() => behaviorStatusFromSnapshots({ customer: [], month: [], activity: [] }, {}), 'EMPTY_INPUT');
    expectCode(() => behaviorStatusFromSnapshots({ customer: [0], month: [0] } as never, {}), 'MISSING_COLUMN');
    expectCode(() => behaviorStatusFromSnapshots({ customer: [0], month: [0, 1], activity: [1] }, {}), 'LENGTH_MISMATCH');
    expectCode(() => behaviorStatusFromSnapshots({ customer: [0], month: [0], activity: [-1] }, {}), 'INVALID_VALUE');
    expectCode(() => behaviorStatusFromSnapshots({ customer: [0, 0], month: [1, 1], activity: [1, 1] }, {}), 'DUPLICATE_ID');
    expectCode(() => behaviorStatusFromSnapshots({ customer: [0], month: [0], activity: [1] }, { activeMinMonths: 4 }), 'INVALID_CONFIG');
    expectCode(() => behaviorStatusFromSnapshots({ customer: [0], month: [0], activity: [1] }, { lostMonths: 6 }), 'INVALID_CONFIG');
    expectCode(() => behaviorStatusFromSnapshots({ customer: [0], month: [0], activity: [1] }, { dormantMonths: 0 }), 'INVALID_OPTIONS');
  });

  it('types', () => {
    expectTypeOf(behaviorStatusFromSnapshots<{ customer: number[]; month: number[]; activity: number[] }>).returns.toEqualTypeOf<
      Displayed<SnapshotBehaviorStatus>
    >();
  });
});

describe('behaviorStatusFromSnapshots: garbage (issue 11)', () => {
  it('not a table: INVALID_VALUE naming the function; a missing column: MISSING_COLUMN', () => {
    for (const garbage of [undefined, null, 42, 'x', [], 10n]) {
      expect(expectCode(() => behaviorStatusFromSnapshots(garbage as never), 'INVALID_VALUE').details.fn).toBe('behaviorStatusFromSnapshots');
    }
    expectCode(() => behaviorStatusFromSnapshots({} as never), 'MISSING_COLUMN');
    expectCode(() => behaviorStatusFromSnapshots({ activity: [1], month: [0] } as never), 'MISSING_COLUMN');
    expectCode(() => behaviorStatusFromSnapshots({ activity: [1], customer: 0, month: [0] } as never), 'INVALID_VALUE');
  });
});
