import type { ItemView } from './ItemView.js';

/**
 * @internal What a state holds instead of its `items` array: enough to build the array when
 * someone reads it (then kept). States that did not change an item share one.
 */
export interface ItemsCell {
  /**
   * The list this cell's changes start from, and the changes after it, in order; `undefined`
   * for a cell made with its array.
   */
  readonly epoch: Epoch | undefined;
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
  views!: ItemView[];
  private epoch!: Epoch;
  private cell!: ItemsCell;
  /** Whether `views` changed since the last {@link commit} or {@link reset}. */
  private changed!: boolean;

  /** Starts from `items`, the list of the current state. */
  constructor(items: readonly ItemView[]) {
    this.reset(items);
  }

  /** Starts over from `items` (a list that will not be written again), as the current state's. */
  reset(items: readonly ItemView[]): void {
    this.views = items.slice();
    // The cell has its list, so the next change starts a log from it (see set()).
    this.cell = { epoch: undefined, logged: 0, array: items };
    this.changed = false;
  }

  /** Puts `view` at `position` (at most `views.length`: then it is appended). */
  set(position: number, view: ItemView): void {
    if (!this.changed) {
      this.changed = true;
      // The list of the last state was built (read, or folded): start from it, so a consumer
      // that reads every state keeps a log of one change.
      const built = this.cell.array;
      if (built !== undefined) this.epoch = { base: built, log: [] };
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
    const logged = this.epoch.log.length;
    // Once the log holds a quarter as many changes as there are items (plus 64), this state's
    // list is built now, and the next change starts a new log from it.
    const array = logged / 2 > 64 + this.views.length / 4 ? this.views.slice() : undefined;
    this.cell = { epoch: this.epoch, logged, array };
    return this.cell;
  }
}

/** The array of a state's `items`, built from its cell on first read. */
export function itemsOf(cell: ItemsCell): readonly ItemView[] {
  if (cell.array !== undefined) return cell.array;
  // A cell without its array was made by commit(), which gives it the log it belongs to.
  const { base, log } = cell.epoch as Epoch;
  // Appended views go into one `concat` (a store past the end would copy the list again to
  // grow it): appends come in order, each first written at the length so far.
  const tail: ItemView[] = [];
  for (let k = 0; k < cell.logged; k += 2) {
    if ((log[k] as number) === base.length + tail.length) tail.push(log[k + 1] as ItemView);
  }
  const array = base.concat(tail);
  // Then every change in order (appended views again: the last write to a position wins).
  for (let k = 0; k < cell.logged; k += 2) array[log[k] as number] = log[k + 1] as ItemView;
  cell.array = array;
  return array;
}
