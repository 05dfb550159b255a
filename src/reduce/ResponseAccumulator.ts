import type { ResponseOutputItem } from '../events/Response.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import type { ResponseSnapshot } from './ResponseSnapshot.js';
import { Snapshot, baseOf } from './Snapshot.js';
import { DeltaLinePattern } from './DeltaLinePattern.js';
import { type Item, type Loose, findDeltaTarget } from './applyDeltaFast.js';
import { applyEventInPlace } from './applyEvent.js';
import { OutputOwnership } from './OutputOwnership.js';
import { emptySnapshot } from './emptySnapshot.js';

/**
 * @internal A reducer session for consumers that need the state only now and then (such as
 * `finalResponse()`), not after every event. Well-formed deltas are applied in place to
 * copies this session made itself, instead of building a new immutable snapshot per event, and
 * every other event is applied with {@link applyEventInPlace} to an output array this session
 * owns, so an event costs the same with ten thousand items as with ten. `current()` and every
 * settled snapshot (one that left `streaming`) are immutable: nothing they hold is written
 * again. The snapshots `apply()` returns are exactly those `applyEvent` gives (checked by a test
 * on every recording), but while the response streams they are valid only until the next call.
 */
/** How many deltas for one field are kept before they are joined onto it. */
const JOIN_EVERY = 128;

export class ResponseAccumulator {
  private snapshot: ResponseSnapshot = emptySnapshot();
  /** Since the last `current()`: our own copy of the output, and what else we copied. */
  private output: Item[] | undefined;
  private readonly owned = new Set<object>();
  /** The owned object (part or item) the latest deltas grow, its field, and those deltas. */
  private growing: Item | undefined;
  private growingField = '';
  private pending: string[] = [];
  /** The delta that last started growing `growing`: a delta matching it continues the run. */
  private runType = '';
  private runItemId: unknown;
  private runOutputIndex: unknown;
  private runIndexKey: string | undefined;
  private runPartIndex: unknown;
  /** The output array applyEventInPlace and the deltas may write in place, while nobody else holds it. */
  private readonly ownership = new OutputOwnership();
  /**
   * What deltas appended to the running text since the last snapshot: only a delta into the
   * last text part of the last item grows it, and exactly by its text, so the text is never
   * joined again from every item.
   */
  private textAdded = '';
  /** Whether the run being grown extends the running text. */
  private runExtendsText = false;
  private eventCount = 0;
  private lastSeq: number | undefined;
  /** The raw JSON of the payload that {@link ResponseAccumulator.absorbPayload} passed up, if any. */
  private raw: string | undefined;
  /** The wire form of the run's deltas, learned from the raw JSON of one of them. */
  private pattern: DeltaLinePattern | undefined;
  /**
   * Deltas of the run that arrived as events. The pattern is learned from the second (once per
   * run), so a stream whose deltas never come two in a row pays nothing for it.
   */
  private parsedInRun = 0;

  /**
   * Takes one payload (an event's raw JSON) before it is parsed: when it is the next delta of
   * the run being grown, written as the run's deltas are written, it is applied from the text
   * (with exactly the effect its parsed event would have) and `true` is returned; else `false`,
   * and the caller parses it and passes the event to {@link ResponseAccumulator.apply}. Only a
   * consumer that nobody else observes (such as `finalResponse()` subscribed directly to a
   * source) may skip the event this way.
   */
  absorbPayload(data: string): boolean {
    const pattern = this.pattern;
    if (pattern !== undefined && pattern.read(data) && pattern.seq === (this.lastSeq as number) + 1 && pattern.delta !== '') {
      this.eventCount++;
      this.lastSeq = pattern.seq;
      if (this.pending.push(pattern.delta) >= JOIN_EVERY) this.appendPending();
      return true;
    }
    this.raw = data;
    return false;
  }

  /**
   * Applies one event. Returns `undefined` when it was a delta absorbed in place (nothing
   * but the text grew), else the snapshots before and after it.
   */
  apply(event: ResponseStreamEvent): { prev: ResponseSnapshot; next: ResponseSnapshot } | undefined {
    const raw = this.raw;
    this.raw = undefined;
    if (this.absorbDelta(event as Loose)) {
      if (++this.parsedInRun === 2 && raw !== undefined) this.learn(raw, event as Loose);
      return undefined;
    }
    const prev = this.snapshotNow();
    const next = applyEventInPlace(prev, event, this.ownership);
    this.snapshot = next;
    // A settled snapshot is handed out (emitted, or carried by an error): never written again.
    if (next.phase !== 'streaming') this.ownership.owned = undefined;
    return { prev, next };
  }

  /** The state now, as an immutable snapshot. */
  current(): ResponseSnapshot {
    const s = this.snapshotNow();
    this.ownership.owned = undefined;
    return s;
  }

  /** The state now; its output array stays ours (the next event may write it). */
  private snapshotNow(): ResponseSnapshot {
    this.flush();
    if (this.output !== undefined) {
      const s = this.snapshot;
      const output = this.output as unknown as ResponseOutputItem[];
      const text = this.textAdded === '' ? s.outputText : s.outputText + this.textAdded;
      this.snapshot = new Snapshot(baseOf(s), output, text, s.phase, s.streamError, s.diagnostics, this.eventCount, this.lastSeq, s.responseIndex, s.partialImages, s.started, s.outputIndexMap);
      this.output = undefined;
      this.textAdded = '';
      this.owned.clear();
    }
    return this.snapshot;
  }

  /** `output` to write deltas into: itself when it is ours, else a copy that becomes ours. */
  private own(output: readonly Item[]): Item[] {
    const ownership = this.ownership;
    if (ownership.owned === (output as unknown)) return output as Item[];
    const copy = output.slice();
    ownership.copied(output, copy);
    ownership.owned = copy as unknown as ResponseOutputItem[];
    return copy;
  }

  private absorbDelta(ev: Loose): boolean {
    // The common case first: the next delta of the run being grown. Only deltas were absorbed
    // since the run began (anything else flushes it), so the checks findDeltaTarget made for
    // its first delta still hold; what can differ is the event's own fields, checked here.
    if (this.growing !== undefined && ev.type === this.runType) {
      const seq = ev.sequence_number;
      const delta = ev.delta;
      if (
        typeof seq === 'number' &&
        seq === (this.lastSeq as number) + 1 &&
        typeof delta === 'string' &&
        delta !== '' &&
        ev.item_id === this.runItemId &&
        ev.output_index === this.runOutputIndex &&
        (this.runIndexKey === undefined || ev[this.runIndexKey] === this.runPartIndex)
      ) {
        this.eventCount++;
        this.lastSeq = seq;
        if (this.pending.push(delta) >= JOIN_EVERY) this.appendPending();
        return true;
      }
    }
    const s = this.snapshot;
    const fresh = this.output === undefined;
    const output = fresh ? (s.output as readonly Item[]) : (this.output as Item[]);
    const t = findDeltaTarget(s, output, fresh ? s.lastSequenceNumber : this.lastSeq, ev);
    if (t === undefined) return false;
    this.eventCount = (fresh ? s.eventCount : this.eventCount) + 1;
    this.lastSeq = t.seq;
    // A new run (a delta that continues one was taken above; the only other way to reach the
    // same field is a delta type's other name, which starts a run of its own, so that its wire
    // form is learned too). Deltas usually come in runs for one field: they are kept in a list
    // and joined now and then, so memory holds the text rather than many small strings.
    this.flush();
    if (fresh) this.output = this.own(output);
    const own = this.output as Item[];
    let item = t.item;
    if (!this.owned.has(item)) {
      item = { ...item }; // not Object.assign, which sets the prototype from an own `__proto__` key
      own[t.oi] = item;
      this.owned.add(item);
    }
    let target = item;
    if (t.key !== undefined && t.part !== undefined) {
      let parts = item[t.key] as Item[];
      if (!this.owned.has(parts)) {
        parts = parts.slice();
        item[t.key] = parts;
        this.owned.add(parts);
      }
      target = t.part;
      if (!this.owned.has(target)) {
        target = { ...target };
        parts[t.k] = target;
        this.owned.add(target);
      }
    }
    this.growing = target;
    this.growingField = t.field;
    this.runType = ev.type;
    this.runItemId = ev.item_id;
    this.runOutputIndex = ev.output_index;
    this.runIndexKey = t.indexKey;
    this.runPartIndex = t.k;
    this.runExtendsText = t.extendsText;
    this.pending.push(t.delta);
    return true;
  }

  /**
   * Learns the wire form of the run's deltas from `raw`, the JSON `ev` was parsed from, when
   * both agree on every field a delta's effect depends on (a payload and an event that do not
   * belong together teach nothing).
   */
  private learn(raw: string, ev: Loose): void {
    let again: Loose;
    try {
      again = JSON.parse(raw) as Loose;
    } catch {
      return;
    }
    if (
      again === null ||
      typeof again !== 'object' ||
      again.type !== ev.type ||
      again.sequence_number !== ev.sequence_number ||
      again.delta !== ev.delta ||
      again.item_id !== this.runItemId ||
      again.output_index !== this.runOutputIndex ||
      (this.runIndexKey !== undefined && again[this.runIndexKey] !== this.runPartIndex)
    ) {
      return;
    }
    this.pattern = DeltaLinePattern.learn(raw, ev);
  }

  /** Appends the pending deltas to the field they grow, and stops growing it. */
  private flush(): void {
    if (this.growing === undefined) return;
    this.appendPending();
    this.growing = undefined;
    this.pattern = undefined;
    this.parsedInRun = 0;
  }

  private appendPending(): void {
    const target = this.growing as Item;
    const current = target[this.growingField];
    // A run of deltas per join: the rope this builds has one node per join, not per delta, and
    // the small delta strings die young instead of being kept (and copied by the GC) for long.
    const joined = this.pending.join('');
    target[this.growingField] = (typeof current === 'string' ? current : '') + joined;
    if (this.runExtendsText) this.textAdded += joined;
    this.pending = [];
  }
}
