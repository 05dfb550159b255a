/**
 * Ends the process the way Ctrl-C ends a program that does not catch it: every `SIGINT`
 * listener is removed, then the process sends `SIGINT` to itself. A shell then sees a process
 * killed by SIGINT (`$?` is 130) and stops a loop or script running it, which a plain
 * `exit(130)` does not do. Call it after cleaning up (status line cleared, server closed).
 *
 * @example
 * ```ts
 * process.once('SIGINT', () => server.close().then(reraiseInterrupt));
 * ```
 */
export function reraiseInterrupt(): void {
  process.removeAllListeners('SIGINT');
  process.kill(process.pid, 'SIGINT');
}
