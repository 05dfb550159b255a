/** How long a replay takes at `--speed 1`, whatever the number of events. */
const DURATION_AT_SPEED_1_MS = 3000;

/**
 * The pause between two events of a replay at playback speed `speed` (see `parseSpeed`): at 1
 * the whole recording takes about 3 seconds, at 2 half that, at 0 there is no pause.
 *
 * @example
 * ```ts
 * const server = await startReplayServer({ events, delayMs: replayDelayMs(speed, events.length) });
 * ```
 */
export function replayDelayMs(speed: number, eventCount: number): number {
  return speed === 0 || eventCount === 0 ? 0 : DURATION_AT_SPEED_1_MS / speed / eventCount;
}
