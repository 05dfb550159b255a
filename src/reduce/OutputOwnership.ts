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
  /** How many items carry each id / each call id per type, in {@link keysOf}. */
  private readonly keys = new Map<string, number>();
  private keysOf: readonly unknown[] | undefined;

  /** Forgets what the previous event wrote. */
  startEvent(): void {
    this.written.length = 0;
    this.replaced = false;
  }

  /** Makes the key counts describe `output` (rebuilt only when they describe another array). */
  sync(output: readonly unknown[]): void {
    if (this.keysOf === output) return;
    this.keys.clear();
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
    this.count(previous, -1);
    this.count(item, 1);
  }

  /**
   * False when no item but the one at `skip` (`skipped`) can have `item`'s id, or its call id
   * within its type; true when one may (the caller then looks for it).
   */
  mayRepeat(item: Item, skipped: Item | undefined): boolean {
    const id = idKey(item);
    if (id !== undefined && (this.keys.get(id) ?? 0) - (skipped !== undefined && idKey(skipped) === id ? 1 : 0) > 0) return true;
    const call = callKey(item);
    return call !== undefined && (this.keys.get(call) ?? 0) - (skipped !== undefined && callKey(skipped) === call ? 1 : 0) > 0;
  }

  /** True when the key counts describe `output`. */
  describes(output: readonly unknown[]): boolean {
    return this.keysOf === output;
  }

  private count(item: Item | undefined, by: number): void {
    if (item === undefined || item === null) return;
    this.add(idKey(item), by);
    this.add(callKey(item), by);
  }

  private add(key: string | undefined, by: number): void {
    if (key === undefined) return;
    const n = (this.keys.get(key) ?? 0) + by;
    if (n === 0) this.keys.delete(key);
    else this.keys.set(key, n);
  }
}

// Keys may collide (a type holding the separator): a collision only makes the caller look.
function idKey(item: Item): string | undefined {
  return typeof item.id === 'string' && item.id !== '' ? `i${item.id}` : undefined;
}

function callKey(item: Item): string | undefined {
  return typeof item.call_id === 'string' && item.call_id !== '' ? `c${String(item.type)}\u0000${item.call_id}` : undefined;
}
