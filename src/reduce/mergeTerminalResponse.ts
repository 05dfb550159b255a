import type { ResponseOutputItem } from '../events/Response.js';
import type { DiagnosticCode } from './Diagnostic.js';
import { outputTextOf } from './outputTextOf.js';
import { plural } from './plural.js';

/** A deviation found while merging; `applyEvent` turns each into a {@link Diagnostic}. */
export interface MergeNote {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly outputIndex?: number;
}

type Item = Record<string, unknown>;

/**
 * Merges the terminal event's `output` with the output accumulated from the stream. The
 * terminal output is authoritative, except where it evidently lacks what the stream delivered:
 * an empty `output` (gateways), fewer items than were streamed, or an item whose streamed text
 * or arguments it left empty. Every departure from the streamed output is noted.
 *
 * @example
 * ```ts
 * const { output, notes } = mergeTerminalResponse(snapshot.response.output, event.response.output);
 * ```
 */
export function mergeTerminalResponse(
  accumulated: readonly ResponseOutputItem[],
  terminalOutput: unknown,
): { output: ResponseOutputItem[]; notes: MergeNote[] } {
  const notes: MergeNote[] = [];
  const acc = accumulated as unknown as readonly Item[];
  const term = Array.isArray(terminalOutput) ? (terminalOutput as Item[]).filter(isItem) : [];
  if (term.length === 0) {
    if (acc.length > 0) {
      notes.push({
        code: 'terminal_output_missing',
        message: `The terminal response has an empty output although ${plural(acc.length, 'item was', 'items were')} streamed; kept the streamed items`,
      });
    }
    return { output: accumulated as ResponseOutputItem[], notes };
  }
  const output: Item[] = term.map((item, i) => {
    const streamed = acc[i];
    if (streamed === undefined) return item;
    if (lacksStreamedContent(item, streamed)) {
      notes.push({
        code: 'terminal_output_missing',
        message: `The terminal response's item ${i} (${String(item.type)}) lacks the content that was streamed; kept the streamed content`,
        outputIndex: i,
      });
      return { ...streamed, ...(typeof item.status === 'string' ? { status: item.status } : {}) };
    }
    // Equal content keeps the streamed object, so consumers comparing by identity see no change.
    if (deepEqual(streamed, item)) return streamed;
    {
      notes.push({
        code: 'terminal_output_differs',
        message: `The terminal response's item ${i} (${String(item.type)}) differs from the streamed one (${describeDifference(streamed, item)}); adopted the terminal item`,
        outputIndex: i,
      });
    }
    return item;
  });
  if (acc.length > term.length) {
    notes.push({
      code: 'terminal_output_missing',
      message: `The terminal response has ${plural(term.length, 'item')} but ${acc.length} were streamed; kept the ${acc.length - term.length === 1 ? 'missing item' : `${acc.length - term.length} missing items`}`,
      outputIndex: term.length,
    });
    output.push(...acc.slice(term.length));
  }
  const unchanged = output.length === acc.length && output.every((item, i) => item === acc[i]);
  return { output: (unchanged ? accumulated : output) as ResponseOutputItem[], notes };
}

function isItem(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && typeof (value as Item).type === 'string';
}

/** The streamed fields of an item, as one string, to tell "empty" from "has content". */
function streamedContent(item: Item): string {
  let text = '';
  if (item.type === 'message') text += outputTextOf([item as unknown as ResponseOutputItem]);
  for (const field of ['arguments', 'input', 'code'] as const) {
    if (typeof item[field] === 'string') text += item[field];
  }
  for (const key of ['summary', 'content'] as const) {
    const parts = item[key];
    if (item.type === 'message' || !Array.isArray(parts)) continue;
    for (const part of parts) if (typeof part?.text === 'string') text += part.text;
  }
  return text;
}

function lacksStreamedContent(terminal: Item, streamed: Item): boolean {
  return terminal.type === streamed.type && streamedContent(terminal) === '' && streamedContent(streamed) !== '';
}

/**
 * The fields of two unequal items that differ. Only own fields are read: an own `__proto__`
 * key (JSON.parse makes one) on one side must not be compared with the other's prototype.
 * Compared as `deepEqual` compares them, so at least one field differs.
 */
function describeDifference(a: Item, b: Item): string {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const differing = [...keys].filter((key) => !deepEqual(ownField(a, key), ownField(b, key)));
  return `fields: ${differing.join(', ')}`;
}

function ownField(item: Item, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(item, key) ? item[key] : undefined;
}

/**
 * Structural equality for JSON values (order of object keys ignored; `undefined` fields count
 * as absent). Iterative, with its own stack: a server can send arguments or results nested
 * far deeper than the call stack allows.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  const stack: unknown[] = [a, b];
  while (stack.length > 0) {
    const y = stack.pop();
    const x = stack.pop();
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x)) {
      const ys = y as unknown[];
      if (x.length !== ys.length) return false;
      for (let i = 0; i < x.length; i++) stack.push(x[i], ys[i]);
      continue;
    }
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    const xk = Object.keys(xo).filter((k) => xo[k] !== undefined);
    let yCount = 0;
    for (const k of Object.keys(yo)) if (yo[k] !== undefined) yCount++;
    if (xk.length !== yCount) return false;
    for (const key of xk) {
      if (!Object.prototype.hasOwnProperty.call(yo, key)) return false;
      stack.push(xo[key], yo[key]);
    }
  }
  return true;
}
