/**
 * Waits for `check` to hold, polling every 10 ms for up to 2 s; rejects naming `what` when it
 * never does. For states a loopback peer reaches on its own time (a socket closed).
 */
export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
