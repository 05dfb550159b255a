import type { Response, ResponseOutputItem } from '../events/Response.js';
import type { Diagnostic } from './Diagnostic.js';
import type { PartialImage, ResponseSnapshot, SnapshotPhase, StreamErrorInfo } from './ResponseSnapshot.js';

/**
 * The one implementation of {@link ResponseSnapshot}. Internal: users see the interface.
 *
 * `response` is assembled on first read from the response's scalar fields (`base`) and the
 * current `output`, then cached. Copying the ~25 scalar fields on every delta was the largest
 * cost per event, and most consumers read `outputText` or `output` far more often than the
 * whole response. The cache lives in a private field, so a frozen snapshot still works.
 */
export class Snapshot implements ResponseSnapshot {
  #response: Response | undefined;
  // Private, like the cache: not part of what the snapshot shows.
  readonly #onlyChangedAt: number;
  readonly #itemSourceOf: object | undefined;
  readonly #itemSource: object | undefined;
  readonly #itemSourceSkips: string | undefined;
  readonly #partSourceOf: object | undefined;
  readonly #partSource: object | undefined;
  readonly #partSourceSkips: string | undefined;

  constructor(
    /** The response's scalar fields; its `output` field is ignored. */
    readonly base: Response,
    readonly output: readonly ResponseOutputItem[],
    readonly outputText: string,
    readonly phase: SnapshotPhase,
    readonly streamError: StreamErrorInfo | undefined,
    readonly diagnostics: readonly Diagnostic[],
    readonly eventCount: number,
    readonly lastSequenceNumber: number | undefined,
    readonly responseIndex: number,
    readonly partialImages: ReadonlyMap<number, PartialImage>,
    readonly started: boolean,
    readonly outputIndexMap: ReadonlyMap<number, number> | undefined,
    onlyChangedAt = -1,
    itemSourceOf?: object,
    itemSource?: object,
    itemSourceSkips?: string,
    partSourceOf?: object,
    partSource?: object,
    partSourceSkips?: string,
  ) {
    this.#onlyChangedAt = onlyChangedAt;
    this.#itemSourceOf = itemSourceOf;
    this.#itemSource = itemSource;
    this.#itemSourceSkips = itemSourceSkips;
    this.#partSourceOf = partSourceOf;
    this.#partSource = partSource;
    this.#partSourceSkips = partSourceSkips;
  }

  /**
   * The one position of `output` where `snapshot` differs from the snapshot it was made from,
   * when it was made by the short way for a delta (nothing else changed but that item, the
   * running text and the counters); otherwise -1.
   */
  static onlyChangedAt(snapshot: ResponseSnapshot): number {
    return snapshot instanceof Snapshot ? snapshot.#onlyChangedAt : -1;
  }

  /**
   * For the short way of deltas: a quick-to-copy object holding the same fields as `item`
   * except `field` (the one the delta grows), if `snapshot` kept one (see compactCopy). The
   * sources are never written after they are made, so a snapshot's stay right for it even
   * when later events are applied to it more than once.
   */
  static itemSourceFor(snapshot: ResponseSnapshot, item: object, field: string): object | undefined {
    return snapshot instanceof Snapshot && snapshot.#itemSourceOf === item && snapshot.#itemSourceSkips === field ? snapshot.#itemSource : undefined;
  }

  /** Like {@link Snapshot.itemSourceFor}, for the part a delta grows. */
  static partSourceFor(snapshot: ResponseSnapshot, part: object, field: string): object | undefined {
    return snapshot instanceof Snapshot && snapshot.#partSourceOf === part && snapshot.#partSourceSkips === field ? snapshot.#partSource : undefined;
  }

  get response(): Response {
    if (this.#response === undefined) {
      // `output_text` (an SDK convenience, as in openai-node) is always the running text: a
      // lifecycle event's own value would be stale by the next delta.
      if (this.base.output === this.output && this.base.output_text === this.outputText) {
        this.#response = this.base;
      } else {
        const response = { ...this.base }; // not Object.assign: an own `__proto__` key must stay data
        response.output = this.output as ResponseOutputItem[];
        response.output_text = this.outputText;
        this.#response = response;
      }
    }
    return this.#response;
  }

  /** A plain form for logs and `JSON.stringify`, with `response` included. */
  toJSON(): Record<string, unknown> {
    return {
      response: this.response,
      outputText: this.outputText,
      phase: this.phase,
      streamError: this.streamError,
      diagnostics: this.diagnostics,
      eventCount: this.eventCount,
      lastSequenceNumber: this.lastSequenceNumber,
      responseIndex: this.responseIndex,
      partialImages: Object.fromEntries(this.partialImages),
      started: this.started,
    };
  }
}

/** The scalar fields of any snapshot (ours, or a plain object a user built). */
export function baseOf(snapshot: ResponseSnapshot): Response {
  return snapshot instanceof Snapshot ? snapshot.base : snapshot.response;
}

/** A copy of `snapshot` with some fields replaced. */
export function copySnapshot(snapshot: ResponseSnapshot, changes: Partial<Pick<ResponseSnapshot, 'diagnostics' | 'responseIndex'>>): Snapshot {
  return new Snapshot(
    baseOf(snapshot),
    snapshot.output,
    snapshot.outputText,
    snapshot.phase,
    snapshot.streamError,
    changes.diagnostics ?? snapshot.diagnostics,
    snapshot.eventCount,
    snapshot.lastSequenceNumber,
    changes.responseIndex ?? snapshot.responseIndex,
    snapshot.partialImages,
    snapshot.started,
    snapshot.outputIndexMap,
  );
}
