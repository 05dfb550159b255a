import type { Response, ResponseOutputItem } from '../events/Response.js';
import type { Diagnostic } from './Diagnostic.js';

/** Where a response stands: streaming, or which terminal event ended it. */
export type SnapshotPhase = 'streaming' | 'completed' | 'incomplete' | 'failed' | 'error';

/** The latest preview of an image being generated (`image_generation_call.partial_image`). */
export interface PartialImage {
  /** Base64-encoded image data. */
  readonly b64: string;
  /** 0-based number of this preview. */
  readonly index: number;
}

/** The payload of a top-level `error` event, both wire shapes read into one. */
export interface StreamErrorInfo {
  /** The provider's error type (`invalid_request_error`, `server_error`, ...), when it sent one. */
  readonly type?: string;
  readonly code: string | null;
  readonly message: string;
  readonly param: string | null;
  readonly sequenceNumber?: number;
}

/**
 * An immutable view of one response after some number of events. Every `applyEvent` call
 * returns a new snapshot that shares every unchanged object with the previous one, so
 * `prev.response.output[0] === next.response.output[0]` when item 0 did not change.
 *
 * @example
 * ```ts
 * let s = emptySnapshot();
 * for (const e of events) s = applyEvent(s, e);
 * console.log(s.phase, s.outputText, s.response.usage);
 * ```
 */
export interface ResponseSnapshot {
  /** The response as accumulated so far (or as the terminal event gave it). Never mutate it. */
  readonly response: Response;
  /**
   * The output items so far: the same array as `response.output`, and the cheaper way to reach
   * it on every event (a UI rendering items should read this).
   */
  readonly output: readonly ResponseOutputItem[];
  /** The text of every `output_text` part of every message item, joined with no separator. */
  readonly outputText: string;
  /** `streaming` until a terminal event arrives. */
  readonly phase: SnapshotPhase;
  /** The `error` event's payload when `phase === 'error'`. */
  readonly streamError: StreamErrorInfo | undefined;
  /** Every diagnostic so far, oldest first. */
  readonly diagnostics: readonly Diagnostic[];
  /** Number of events applied to this response (including ignored ones). */
  readonly eventCount: number;
  /** The last `sequence_number` seen, if events carry one. */
  readonly lastSequenceNumber: number | undefined;
  /** 0-based position of this response within a stream that carries several. */
  readonly responseIndex: number;
  /** True once an event other than `keepalive` (or skipped input) was applied. */
  readonly started: boolean;
  /** The latest partial image per item, keyed by position in `response.output` (image generation previews). */
  readonly partialImages: ReadonlyMap<number, PartialImage>;
  /**
   * Where each server `output_index` sits in `response.output`, present only after a server
   * skipped an index (output stays dense, so the two then differ). `undefined` means the same.
   */
  readonly outputIndexMap: ReadonlyMap<number, number> | undefined;
}
