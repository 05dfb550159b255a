// ItemViewLog keeps responseState()'s views in one array written in place and lets each state
// build its own `items` on first read. Checked here against a model that copies the whole list
// at every commit: random runs of writes, appends, resets and commits, with the lists read at
// random moments (some cells long after they were made, some never).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ItemView } from '../../src/ui/ItemView.js';
import { type ItemsCell, ItemViewLog, itemsOf } from '../../src/ui/ItemViewLog.js';

const SEED = 4242;

type Op =
  | { readonly kind: 'set'; readonly at: number }
  | { readonly kind: 'append'; readonly count: number }
  | { readonly kind: 'reset'; readonly length: number }
  | { readonly kind: 'commit' }
  | { readonly kind: 'read'; readonly which: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.nat({ max: 1000 }).map((at): Op => ({ kind: 'set', at })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 12 }).map((count): Op => ({ kind: 'append', count })) },
  { weight: 1, arbitrary: fc.nat({ max: 30 }).map((length): Op => ({ kind: 'reset', length })) },
  { weight: 5, arbitrary: fc.constant<Op>({ kind: 'commit' }) },
  { weight: 1, arbitrary: fc.nat({ max: 1000 }).map((which): Op => ({ kind: 'read', which })) },
);

let serial = 0;
const viewOf = (): ItemView => ({ serial: serial++ }) as unknown as ItemView;

/** Where two lists first differ (by identity), or -1 when they hold the same views. */
function firstDifference(a: readonly ItemView[], b: readonly ItemView[]): number {
  const n = Math.max(a.length, b.length);
  for (let k = 0; k < n; k++) if (a[k] !== b[k]) return k;
  return -1;
}

interface Committed {
  readonly cell: ItemsCell;
  readonly expected: readonly ItemView[];
}

function run(ops: readonly Op[], readAllFirst: boolean): { commits: number; folded: number; lateReads: number } {
  const start = [viewOf(), viewOf()];
  const log = new ItemViewLog(start);
  let model: ItemView[] = [...start];
  let changed = false;
  let wasReset = false;
  let resetTo: readonly ItemView[] | undefined;
  let changes = 0;
  const committed: Committed[] = [{ cell: log.commit(), expected: [...start] }];
  const read = new Map<ItemsCell, readonly ItemView[]>();
  let folded = 0;
  let lateReads = 0;
  const readCell = (c: Committed, late: boolean): void => {
    const array = itemsOf(c.cell);
    expect(firstDifference(array, c.expected)).toBe(-1);
    // Built once: the same array on every read.
    expect(itemsOf(c.cell)).toBe(array);
    if (!read.has(c.cell)) read.set(c.cell, [...array]);
    if (late) lateReads++;
  };
  for (const op of ops) {
    switch (op.kind) {
      case 'set': {
        if (model.length === 0) break;
        const at = op.at % model.length;
        const view = viewOf();
        log.set(at, view);
        changes++;
        model[at] = view;
        changed = true;
        resetTo = undefined;
        break;
      }
      case 'append':
        for (let k = 0; k < op.count; k++) {
          const view = viewOf();
          log.set(model.length, view);
          changes++;
          model.push(view);
        }
        changed = true;
        resetTo = undefined;
        break;
      case 'reset': {
        const list = Array.from({ length: op.length }, viewOf);
        log.reset(list);
        model = [...list];
        changes = 0;
        changed = true;
        wasReset = true;
        resetTo = list;
        break;
      }
      case 'commit': {
        const previous = committed.at(-1) as Committed;
        const cell = log.commit();
        // A commit with nothing changed since the last one keeps the cell, so `items` keeps its identity.
        if (changed) expect(cell).not.toBe(previous.cell);
        else expect(cell).toBe(previous.cell);
        // Built at its commit without a reset: the log was folded into a list.
        if (cell.array !== undefined && cell !== previous.cell && !wasReset) folded++;
        wasReset = false;
        // What a stream that is never read keeps: the log stays in proportion to the items.
        // (The commit that crosses the bound folds, with its own changes still in its log.)
        if (changed) expect(cell.epoch?.log.length ?? 0).toBeLessThanOrEqual(2 * (64 + model.length / 4 + changes));
        changes = 0;
        // After only a reset, the state's list is the one it was given.
        if (resetTo !== undefined) expect(itemsOf(cell)).toBe(resetTo);
        resetTo = undefined;
        if (changed) committed.push({ cell, expected: [...model] });
        changed = false;
        if (readAllFirst) readCell(committed.at(-1) as Committed, false);
        break;
      }
      case 'read': {
        const c = committed[op.which % committed.length] as Committed;
        readCell(c, c !== committed.at(-1));
        break;
      }
    }
    // The views are always the latest ones, whatever was read.
    if (op.kind === 'commit') expect(firstDifference(log.views, model)).toBe(-1);
  }
  // Every cell, read now in reverse order, still gives its own list, and no list handed out
  // earlier was written afterwards.
  for (let k = committed.length - 1; k >= 0; k--) readCell(committed[k] as Committed, true);
  for (const [cell, copy] of read) expect(firstDifference(itemsOf(cell), copy)).toBe(-1);
  return { commits: committed.length, folded, lateReads };
}

describe('ItemViewLog', () => {
  it('gives each committed cell the list as it was at its commit, read at any time', () => {
    let folded = 0;
    let lateReads = 0;
    // Half the runs never reset, so their logs grow long enough to be folded.
    const runs = fc.oneof(fc.array(opArb, { maxLength: 600, size: 'max' }), fc.array(opArb.filter((op) => op.kind !== 'reset'), { maxLength: 600, size: 'max' }));
    fc.assert(
      fc.property(runs, fc.boolean(), (ops, readAllFirst) => {
        const result = run(ops, readAllFirst);
        folded += result.folded;
        lateReads += result.lateReads;
      }),
      { seed: SEED, numRuns: 100 },
    );
    // Not vacuous: logs were folded into lists, and cells were read after later commits.
    expect(folded).toBeGreaterThan(10);
    expect(lateReads).toBeGreaterThan(1000);
  });

  it('folds a log that nobody reads, so it never holds more than a quarter of the items in changes (plus 64)', () => {
    const log = new ItemViewLog(Array.from({ length: 400 }, viewOf));
    let longest = 0;
    let cell = log.commit();
    for (let k = 0; k < 5000; k++) {
      log.set(k % 400, viewOf());
      cell = log.commit();
      longest = Math.max(longest, (cell.epoch?.log.length ?? 0) / 2);
    }
    // Folded by the commit that crossed the bound, so no log holds more than one change past it.
    expect(longest).toBe(64 + 400 / 4 + 1);
    expect(itemsOf(cell)).toEqual(log.views);
  });

  it('keeps a log of one change for a consumer that reads every state', () => {
    const log = new ItemViewLog(Array.from({ length: 50 }, viewOf));
    for (let k = 0; k < 300; k++) {
      log.set(k % 60, viewOf());
      const cell = log.commit();
      expect(cell.epoch?.log.length ?? 0).toBe(2);
      expect(firstDifference(itemsOf(cell), log.views)).toBe(-1);
    }
  });

  it('builds an appended list in one piece, without holes', () => {
    const log = new ItemViewLog([viewOf()]);
    log.commit();
    for (let k = 0; k < 10; k++) log.set(k + 1, viewOf());
    log.set(3, viewOf());
    const array = itemsOf(log.commit());
    expect(array).toEqual(log.views);
    expect(array.length).toBe(11);
    // A hole would be a missing index: every index holds its view.
    expect(Object.keys(array)).toHaveLength(11);
  });
});
