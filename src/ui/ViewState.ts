import { type ItemsCell, itemsOf } from './ItemViewLog.js';
import type { ResponseViewState } from './ResponseViewState.js';

type Fields = { -readonly [K in keyof ResponseViewState]: ResponseViewState[K] };

/**
 * `responseState()` builds each state with a constructor call, not an object literal, and the
 * constructor gives it the prototype of a literal (`Object.prototype`), so it is still a plain
 * object to every check a user runs (`structuredClone`, Redux's and Immer's plain-object tests, `toStrictEqual`).
 *
 * Why not a literal: V8 tracks each object literal site and, when the objects of a site have
 * outlived a garbage collection often enough (as states do early on, or while a slow consumer
 * holds them), it allocates that site's objects straight into the old generation from then on,
 * for the rest of the process. A state is garbage one event later, but one that sits dead in
 * the old generation still counts as a root for the young generation until the next full
 * collection, so it keeps its `items` array (one copy per change, 80 KB at 10,000 items) alive
 * through every minor collection in between. Measured on Node 20 with 10,000 items: in about
 * one process in five the site was moved and each event cost 40 to 70 µs instead of 5 µs, most
 * of it spent copying those arrays in the collector. Objects made by `new` are never moved so.
 *
 * Positional parameters: an options object would be a literal site again, and it holds `items`.
 *
 * `items` is an own enumerable accessor (one shared getter, so every state has the same shape)
 * that builds the list from the state's cell on first read (see `ItemViewLog`): spreading,
 * `structuredClone`, `JSON.stringify` and equality checks read it like a field. The cell sits
 * under a symbol that is not enumerable, so none of them see it.
 */
function assignViewState(
  this: Fields,
  status: Fields['status'],
  text: string,
  items: ItemsCell,
  reasoning: Fields['reasoning'],
  toolCalls: Fields['toolCalls'],
  usage: Fields['usage'],
  error: Fields['error'],
  incompleteReason: Fields['incompleteReason'],
  responseId: Fields['responseId'],
  responseIndex: number,
  diagnostics: Fields['diagnostics'],
): void {
  this.status = status;
  this.text = text;
  Object.defineProperty(this, 'items', ITEMS);
  Object.defineProperty(this, CELL, { value: items });
  this.reasoning = reasoning;
  this.toolCalls = toolCalls;
  this.usage = usage;
  this.error = error;
  this.incompleteReason = incompleteReason;
  this.responseId = responseId;
  this.responseIndex = responseIndex;
  this.diagnostics = diagnostics;
}
assignViewState.prototype = Object.prototype;

const CELL = Symbol('items');

const ITEMS: PropertyDescriptor = {
  get(this: { readonly [CELL]: ItemsCell }) {
    return itemsOf(this[CELL]);
  },
  enumerable: true,
  configurable: false,
};

/**
 * @internal The state's constructor (freeze what it makes): a plain object with exactly the
 * fields of {@link ResponseViewState}, in their order. See above for why it is not a literal.
 */
export const ViewState = assignViewState as unknown as new (...fields: Parameters<typeof assignViewState>) => ResponseViewState;

/** @internal The cell a state made by {@link ViewState} reads its `items` from; `undefined` for any other object. */
export function cellOf(state: ResponseViewState): ItemsCell | undefined {
  return (state as { readonly [CELL]?: ItemsCell })[CELL];
}
