/** Going away, no status, abnormal, internal error, restart, try again later, TLS failure. */
const RECOVERABLE = new Set([1001, 1005, 1006, 1011, 1012, 1013, 1015]);

/**
 * @internal Whether a WebSocket that closed with `code` is worth opening again: the server
 * went away or failed for a while, or the network did. Anything else (a normal close, a
 * policy or protocol violation, an application code) is final.
 *
 * @example
 * ```ts
 * isRecoverableClose(1012); // true: the service restarts
 * isRecoverableClose(1008); // false: policy violation
 * ```
 */
export function isRecoverableClose(code: number): boolean {
  return RECOVERABLE.has(code);
}
