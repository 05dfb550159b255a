import type { ResponseOutputItem } from '../events/Response.js';

type Item = Readonly<Record<string, unknown>>;

/**
 * @internal Lets one consumer that keeps only the latest snapshot (`responseState()`) have
 * events applied to its output array in place (see `applyEventInPlace`), instead of a copy of
 * every item per event: with thousands of items those copies, and the duplicate-id scan of
 * every new item, made each event cost in proportion to the items before it.
 *
 * The owned array belongs to the snapshots this consumer got from `applyEventInPlace`: each is
 * valid until the next call, and the consumer hands out only one that no call will follow
 * (an error's). Items are never written in place, only the array.
 */
export class OutputOwnership {
  /** The output array the consumer owns (it may be written in place), if any. */
  owned: readonly ResponseOutputItem[] | undefined;
  /** Positions the last event wrote (an append is a write at the old length), in order. */
  readonly written: number[] = [];
  /** True when the last event replaced the output as a whole (a terminal event, a new response). */
  replaced = false;
  /**
   * Where the last event, an `output_item.done`, left the item it finished (the reducer's own
   * choice: it may keep the streamed object), or `undefined` after any other event.
   */
  finished: number | undefined;
  /** How many items of {@link keysOf} carry each id, and each call id per type. */
  private readonly ids = new Map<string, number>();
  private readonly calls = new Map<string, number>();
  private keysOf: readonly unknown[] | undefined;

  /** Forgets what the previous event wrote. */
  startEvent(): void {
    this.written.length = 0;
    this.replaced = false;
    this.finished = undefined;
  }

  /**
   * Whether the last event changed the item at `position`, given the output before it and after
   * it: the positions it wrote, or, when it replaced the whole output (which leaves the array
   * before it as it was), a comparison of the two.
   */
  changedAt(position: number, before: readonly unknown[], after: readonly unknown[]): boolean {
    return this.replaced ? before[position] !== after[position] : this.written.includes(position);
  }

  /** Makes the key counts describe `output` (rebuilt only when they describe another array). */
  sync(output: readonly unknown[]): void {
    if (this.keysOf === output) return;
    this.ids.clear();
    this.calls.clear();
    for (const item of output) this.count(item as Item | undefined, 1);
    this.keysOf = output;
  }

  /** `copy` is a copy of the array the keys describe (same items): they describe it now. */
  copied(from: readonly unknown[], copy: readonly unknown[]): void {
    if (this.keysOf === from) this.keysOf = copy;
  }

  /** Records that `position` now holds `item` instead of `previous` (undefined for an append). */
  write(position: number, previous: Item | undefined, item: Item): void {
    this.written.push(position);
    // Most writes put a new version of the same item: its keys stay as they were.
    if (previous !== undefined && previous !== null && previous.id === item.id && previous.call_id === item.call_id && previous.type === item.type) return;
    this.count(previous, -1);
    this.count(item, 1);
  }

  /**
   * False when no item but the one at `skip` (`skipped`) can have `item`'s id, or its call id
   * within its type; true when one may (the caller then looks for it).
   */
  mayRepeat(item: Item, skipped: Item | undefined): boolean {
    const id = idOf(item);
    if (id !== undefined && (this.ids.get(id) ?? 0) - (skipped !== undefined && idOf(skipped) === id ? 1 : 0) > 0) return true;
    const call = callKey(item);
    return call !== undefined && (this.calls.get(call) ?? 0) - (skipped !== undefined && callKey(skipped) === call ? 1 : 0) > 0;
  }

  /** True when the key counts describe `output`. */
  describes(output: readonly unknown[]): boolean {
    return this.keysOf === output;
  }

  private count(item: Item | undefined, by: number): void {
    if (item === undefined || item === null) return;
    add(this.ids, idOf(item), by);
    if (typeof item.call_id === 'string' && item.call_id !== '') add(this.calls, callKey(item), by);
  }
}

function add(counts: Map<string, number>, key: string | undefined, by: number): void {
  if (key === undefined) return;
  const n = (counts.get(key) ?? 0) + by;
  if (n === 0) counts.delete(key);
  else counts.set(key, n);
}

function idOf(item: Item): string | undefined {
  return typeof item.id === 'string' && item.id !== '' ? item.id : undefined;
}

// Keys may collide (a type holding the separator): a collision only makes the caller look.
function callKey(item: Item): string | undefined {
  return typeof item.call_id === 'string' && item.call_id !== '' ? `${String(item.type)}\u0000${item.call_id}` : undefined;
}
