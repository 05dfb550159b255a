/** How many events pass between two flattenings of the strings deltas grow. */
const FLATTEN_EVERY = 16384;

/**
 * @internal `text + delta`, flattened now and then. V8 builds `+` results as ropes (one
 * ~32-byte node per delta, the deltas kept alive as leaves), so 200k small deltas would hold
 * about eight times the text's size until something reads it. Reading one character flattens
 * a rope in place into one plain string; doing it every few thousand events keeps memory near
 * the text's own size at a copying cost of a fraction of the text per few thousand events.
 */
export function appendText(eventNumber: number, text: string, delta: string): string {
  const joined = text + delta;
  if (eventNumber % FLATTEN_EVERY === 0) joined.charCodeAt(0);
  return joined;
}
