import { APIConnectionError } from './APIConnectionError.js';
import { hasErrorName } from './RxResponsesError.js';

/**
 * Which clock ran out: `connect` (no response headers in time; retried like a connection
 * error), `idle` (no bytes for too long while the body streamed), `total` (the whole call).
 *
 * @example
 * ```ts
 * const kind: TimeoutKind = 'idle';
 * ```
 */
export type TimeoutKind = 'connect' | 'idle' | 'total';

const DESCRIPTIONS: Record<TimeoutKind, string> = {
  connect: 'no response headers within',
  idle: 'no data received for',
  total: 'the request took longer than',
};

/**
 * A timeout of the HTTP client fired and aborted the request. `kind` says which one and
 * `timeoutMs` its setting.
 *
 * @example
 * ```ts
 * stream.subscribe({ error: (e) => isAPITimeoutError(e) && console.log(e.kind, e.timeoutMs) });
 * ```
 */
export class APITimeoutError extends APIConnectionError {
  override readonly name: string = 'APITimeoutError';
  override readonly code: string = 'timeout';
  /** Which timeout fired. */
  readonly kind: TimeoutKind;
  /** The timeout's setting in milliseconds. */
  readonly timeoutMs: number;

  constructor(args: { kind: TimeoutKind; timeoutMs: number }) {
    super({ message: `Request timed out (${args.kind}): ${DESCRIPTIONS[args.kind]} ${args.timeoutMs} ms` });
    this.kind = args.kind;
    this.timeoutMs = args.timeoutMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), kind: this.kind, timeoutMs: this.timeoutMs };
  }
}

/**
 * Type guard for {@link APITimeoutError}; works across bundles and realms.
 *
 * @example
 * ```ts
 * if (isAPITimeoutError(err) && err.kind === 'idle') console.log('the stream went quiet');
 * ```
 */
export function isAPITimeoutError(value: unknown): value is APITimeoutError {
  return hasErrorName(value, 'APITimeoutError');
}
