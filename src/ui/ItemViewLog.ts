import type { ItemView } from './ItemView.js';

/**
 * @internal What a state holds instead of its `items` array: enough to build the array when
 * someone reads it (then kept). States that did not change an item share one.
 */
export interface ItemsCell {
  /** The list this cell's changes start from, and the changes after it, in order. */
  readonly epoch: Epoch;
  /** How many entries of `epoch.log` (two per change) belong to this cell. */
  readonly logged: number;
  /** The array, once built (or when it was known when the cell was made). */
  array: readonly ItemView[] | undefined;
}

/** A list handed out (or never to be written), and the changes made after it: pairs of position and view. */
interface Epoch {
  readonly base: readonly ItemView[];
  readonly log: (number | ItemView)[];
}

/**
 * @internal The item views of `responseState()`'s latest state, written in place, with a log
 * that lets each state's `items` be built only when read.
 *
 * Why: `items` is a new array whenever a view in it changes (earlier states stay as they were),
 * so a state per event meant a copy of every view per event, 80 KB at 10,000 items, whether or
 * not anyone looked. A UI reads the latest state once per render, not once per event (React
 * renders once per burst of `useSyncExternalStore` updates; `coalesceFrames()` once per frame),
 * so the copies are now made per read. A state read late still gets its own list: the log since
 * the last built list is replayed up to that state. The log is folded into a new list once it
 * holds a quarter as many changes as there are items, so what an unread stream keeps and what a
 * late read replays stay in proportion to the items, and the amortized cost per event is flat.
 */
export class ItemViewLog {
  /** The latest views (never handed out: states get copies). */
  views: ItemView[] = [];
  private epoch: Epoch = { base: [], log: [] };
  private cell: ItemsCell = { epoch: this.epoch, logged: 0, array: [] };
  /** Whether `views` changed since {@link commit}. */
  private changed = false;

  /** Starts over from `items` (a list that will not be written again), as the current state's. */
  reset(items: readonly ItemView[]): void {
    this.views = items.slice();
    this.epoch = { base: items, log: [] };
    this.cell = { epoch: this.epoch, logged: 0, array: items };
    this.changed = true;
  }

  /** Puts `view` at `position` (at most `views.length`: then it is appended). */
  set(position: number, view: ItemView): void {
    if (!this.changed) {
      this.changed = true;
      // The list of the last state was built: start from it, the changes before it are done.
      const built = this.cell.array;
      if (built !== undefined && this.epoch.log.length > 0) this.epoch = { base: built, log: [] };
    }
    this.views[position] = view;
    this.epoch.log.push(position, view);
  }

  /**
   * The cell of the state being built: the previous one when nothing changed since the last
   * call, so `items` keeps its identity.
   */
  commit(): ItemsCell {
    if (!this.changed) return this.cell;
    this.changed = false;
    const epoch = this.epoch;
    // Nothing logged: only a reset since the last commit, whose list is the cell's.
    if (epoch.log.length === 0) return this.cell;
    let array: readonly ItemView[] | undefined;
    if (epoch.log.length / 2 > 64 + this.views.length / 4) {
      array = this.views.slice();
      this.epoch = { base: array, log: [] };
    }
    this.cell = { epoch: array === undefined ? epoch : this.epoch, logged: array === undefined ? epoch.log.length : 0, array };
    return this.cell;
  }
}

/** The array of a state's `items`, built from its cell on first read. */
export function itemsOf(cell: ItemsCell): readonly ItemView[] {
  if (cell.array !== undefined) return cell.array;
  const { base, log } = cell.epoch;
  // Appended views go into one `concat` (a store past the end would copy the list again to
  // grow it); appends come in order, so `tail` has no holes.
  const tail: ItemView[] = [];
  for (let k = 0; k < cell.logged; k += 2) {
    const at = (log[k] as number) - base.length;
    if (at >= 0) tail[at] = log[k + 1] as ItemView;
  }
  const array = tail.length === 0 ? base.slice() : base.concat(tail);
  for (let k = 0; k < cell.logged; k += 2) {
    const at = log[k] as number;
    if (at < base.length) array[at] = log[k + 1] as ItemView;
  }
  cell.array = array;
  return array;
}
