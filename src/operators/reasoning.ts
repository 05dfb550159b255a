import { Observable, type OperatorFunction } from 'rxjs';
import type { ResponseOutputItem } from '../events/Response.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { toStreamError } from '../errors/toStreamError.js';
import { applyEventInPlace } from '../reduce/applyEvent.js';
import { OutputOwnership } from '../reduce/OutputOwnership.js';
import { emptySnapshot } from '../reduce/emptySnapshot.js';
import { eventPosition } from '../reduce/eventPosition.js';

/** The state of one reasoning item: its summary paragraphs and any raw reasoning text. */
export interface ReasoningUpdate {
  /** 0-based position of the response within the stream. */
  readonly responseIndex: number;
  /** The reasoning item's `output_index`. */
  readonly outputIndex: number;
  /** The item id, when the server sent one. */
  readonly id: string | undefined;
  /** The summary paragraphs so far (`summary[].text`). */
  readonly summary: readonly string[];
  /** The raw reasoning text so far (`content[].text`, joined), for servers that expose it. */
  readonly text: string;
  /** True once the item's `output_item.done` (or the terminal event) arrived. */
  readonly done: boolean;
}

/**
 * Emits a {@link ReasoningUpdate} each time a reasoning item changes: a summary paragraph
 * starts or grows, raw reasoning text streams, or the item finishes.
 *
 * @example
 * ```ts
 * stream.pipe(reasoning()).subscribe((r) => (panel.textContent = r.summary.join('\n\n')));
 * ```
 */
export function reasoning(): OperatorFunction<ResponseStreamEvent, ReasoningUpdate> {
  return (source) =>
    new Observable<ReasoningUpdate>((subscriber) => {
      let snapshot = emptySnapshot();
      // Only the latest snapshot is kept (and handed out only with an error, after which no
      // event is applied), so events may write its output array in place; the ownership says
      // which positions each event wrote.
      const ownership = new OutputOwnership();
      let finished = new Set<number>();
      let lastSent = new Map<number, ReasoningUpdate>();
      return source.subscribe({
        next(event) {
          const prev = snapshot;
          snapshot = applyEventInPlace(prev, event, ownership);
          const sameResponse = prev.responseIndex === snapshot.responseIndex;
          if (!sameResponse) {
            finished = new Set();
            lastSent = new Map();
          }
          const output = snapshot.output;
          const endedNow = snapshot.phase !== 'streaming' && (prev.phase === 'streaming' || !sameResponse);
          const doneAt = event.type === 'response.output_item.done' ? eventPosition(snapshot, event) : -1;
          // Only the items the event wrote, and the one it finished, can give an update, unless
          // it replaced the output or ended the response: those are looked at, not every item.
          const positions = sameResponse && !endedNow && !ownership.replaced ? changedPositions(ownership.written, doneAt) : undefined;
          const count = positions === undefined ? output.length : positions.length;
          for (let k = 0; k < count; k++) {
            const i = positions === undefined ? k : (positions[k] as number);
            const item = output[i];
            if (item === undefined || item.type !== 'reasoning') continue;
            const doneNow = endedNow || doneAt === i;
            const unchanged = sameResponse && !ownership.changedAt(i, prev.output, output);
            if (unchanged && !(doneNow && !finished.has(i))) continue;
            if (doneNow) finished.add(i);
            const update = toUpdate(item, i, snapshot.responseIndex, finished.has(i));
            // The item object can change without its reasoning changing (e.g. encrypted_content
            // arriving in the terminal response): only a visible change is an update.
            if (sameUpdate(lastSent.get(i), update)) continue;
            lastSent.set(i, update);
            subscriber.next(update);
          }
        },
        error(err: unknown) {
          subscriber.error(toStreamError(err, snapshot));
        },
        complete: () => subscriber.complete(),
      });
    });
}

/** The positions an event wrote, and the one it finished (when >= 0), ascending, once each. */
function changedPositions(written: readonly number[], doneAt: number): readonly number[] {
  if (written.length === 0) return doneAt < 0 ? written : [doneAt];
  if (written.length === 1 && (doneAt < 0 || doneAt === written[0])) return written;
  const all = doneAt < 0 ? [...written] : [...written, doneAt];
  return [...new Set(all)].sort((a, b) => a - b);
}

function sameUpdate(a: ReasoningUpdate | undefined, b: ReasoningUpdate): boolean {
  return (
    a !== undefined &&
    a.done === b.done &&
    a.text === b.text &&
    a.id === b.id &&
    a.summary.length === b.summary.length &&
    a.summary.every((paragraph, i) => paragraph === b.summary[i])
  );
}

function texts(parts: unknown): string[] {
  if (!Array.isArray(parts)) return [];
  return parts.map((part: { text?: unknown } | null) => (typeof part?.text === 'string' ? part.text : ''));
}

function toUpdate(item: ResponseOutputItem, outputIndex: number, responseIndex: number, done: boolean): ReasoningUpdate {
  const raw = item as { id?: unknown; summary?: unknown; content?: unknown };
  return {
    responseIndex,
    outputIndex,
    id: typeof raw.id === 'string' ? raw.id : undefined,
    summary: texts(raw.summary),
    text: texts(raw.content).join(''),
    done,
  };
}
