import { PartialJSONParser } from '../json/PartialJSONParser.js';

interface Entry {
  parser: PartialJSONParser;
  /** The arguments text the parser has read. */
  text: string;
  value: unknown;
  broken: boolean;
}

/** Calls whose arguments are being followed; the oldest is dropped past this many. */
const MAX_CALLS = 64;
const entries = new Map<string, Entry>();

/**
 * @internal The arguments of a streaming function call as a partial object. Arguments only
 * grow while they stream, so the parser kept for the call reads just the new text each time
 * (checked on the characters before it); anything else starts over. Partial objects share
 * structure with the previous one, like `functionCallArguments()`.
 *
 * @example
 * ```ts
 * partialArguments('call_1', '{"city": "Par'); // { city: 'Par' }
 * ```
 */
export function partialArguments(callId: string, args: string): unknown {
  if (args === '') return undefined;
  const key = callId === '' ? `\u0000${args.length}` : callId;
  let entry = entries.get(key);
  const seen = entry?.text ?? '';
  const extends_ = entry !== undefined && args.length >= seen.length && args.slice(Math.max(0, seen.length - 16), seen.length) === seen.slice(-16);
  if (entry === undefined || !extends_) {
    entry = { parser: new PartialJSONParser(), text: '', value: undefined, broken: false };
    if (entries.size >= MAX_CALLS) entries.delete(entries.keys().next().value as string);
  }
  entries.set(key, entry);
  if (args.length > entry.text.length && !entry.broken) {
    try {
      entry.parser.write(args.slice(entry.text.length));
      if (entry.parser.changed) entry.value = entry.parser.value;
    } catch {
      entry.broken = true;
    }
  }
  entry.text = args;
  return entry.value;
}
