import type { ResponseOutputItem } from '../events/Response.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import type { ResponseSnapshot } from './ResponseSnapshot.js';
import { Snapshot, baseOf } from './Snapshot.js';
import { type Item, type Loose, findDeltaTarget } from './applyDeltaFast.js';
import { applyEvent } from './applyEvent.js';
import { appendText } from './appendText.js';
import { emptySnapshot } from './emptySnapshot.js';
import { outputTextOf } from './outputTextOf.js';

/**
 * @internal A reducer session for consumers that need the state only now and then (such as
 * `finalResponse()`), not after every event. Well-formed deltas are applied in place to
 * copies this session made itself, instead of building a new immutable snapshot per event;
 * `current()` turns that back into an immutable snapshot (after which nothing it holds is
 * written again). Every other event goes through {@link applyEvent}, so the states it hands
 * out are exactly those `applyEvent` gives (checked by a test on every recording).
 */
export class ResponseAccumulator {
  private snapshot: ResponseSnapshot = emptySnapshot();
  /** Since the last `current()`: our own copy of the output, and what else we copied. */
  private output: Item[] | undefined;
  private readonly owned = new Set<object>();
  /** Whether a delta grew the running text since the last `current()`. */
  private textGrew = false;
  private eventCount = 0;
  private lastSeq: number | undefined;

  /**
   * Applies one event. Returns `undefined` when it was a delta absorbed in place (nothing
   * but the text grew), else the snapshots before and after it.
   */
  apply(event: ResponseStreamEvent): { prev: ResponseSnapshot; next: ResponseSnapshot } | undefined {
    if (this.absorbDelta(event as Loose)) return undefined;
    const prev = this.current();
    this.snapshot = applyEvent(prev, event);
    return { prev, next: this.snapshot };
  }

  /** The state now, as an immutable snapshot. */
  current(): ResponseSnapshot {
    if (this.output !== undefined) {
      const s = this.snapshot;
      // The running text is not grown per delta here: joining the parts' texts once is cheap
      // (the parts are strings already) and gives exactly what applyEvent keeps.
      const output = this.output as unknown as ResponseOutputItem[];
      this.snapshot = new Snapshot(baseOf(s), output, this.textGrew ? outputTextOf(output) : s.outputText, s.phase, s.streamError, s.diagnostics, this.eventCount, this.lastSeq, s.responseIndex, s.partialImages, s.started, s.outputIndexMap);
      this.output = undefined;
      this.textGrew = false;
      this.owned.clear();
    }
    return this.snapshot;
  }

  private absorbDelta(ev: Loose): boolean {
    const s = this.snapshot;
    const fresh = this.output === undefined;
    const output = fresh ? (s.output as readonly Item[]) : (this.output as Item[]);
    const t = findDeltaTarget(s, output, fresh ? s.lastSequenceNumber : this.lastSeq, ev);
    if (t === undefined) return false;
    if (fresh) {
      this.output = output.slice();
      this.eventCount = s.eventCount;
    }
    const own = this.output as Item[];
    this.eventCount++;
    this.lastSeq = t.seq;
    let item = t.item;
    if (!this.owned.has(item)) {
      item = { ...item }; // not Object.assign, which sets the prototype from an own `__proto__` key
      own[t.oi] = item;
      this.owned.add(item);
    }
    if (t.key !== undefined && t.part !== undefined) {
      let parts = item[t.key] as Item[];
      if (!this.owned.has(parts)) {
        parts = parts.slice();
        item[t.key] = parts;
        this.owned.add(parts);
      }
      let part = t.part;
      if (!this.owned.has(part)) {
        part = { ...part };
        parts[t.k] = part;
        this.owned.add(part);
      }
      part[t.field] = appendText(this.eventCount, part[t.field] as string, t.delta);
    } else {
      const current = item[t.field];
      item[t.field] = appendText(this.eventCount, typeof current === 'string' ? current : '', t.delta);
    }
    if (t.extendsText) this.textGrew = true;
    return true;
  }
}
