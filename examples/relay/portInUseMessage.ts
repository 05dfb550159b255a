// The one line `npm run example:browser` prints when it cannot listen, instead of a stack trace.

/**
 * The message for a listen error a user can fix by choosing another port, or `undefined` for
 * any other error (which deserves its stack).
 *
 * @example
 * ```ts
 * const message = portInUseMessage(error, 5173);
 * if (message !== undefined) { console.error(message); process.exit(1); }
 * ```
 */
export function portInUseMessage(error: unknown, port: number): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === 'EADDRINUSE') {
    return `Port ${port} is already in use (another copy of this example?). Choose another one: PORT=${port + 1} npm run example:browser`;
  }
  if (code === 'EACCES') {
    return `Port ${port} needs privileges this user does not have. Choose another one: PORT=5173 npm run example:browser`;
  }
  return undefined;
}
