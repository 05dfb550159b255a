/**
 * rx-responses: the OpenAI Responses API stream (and compatible servers) as RxJS observables.
 *
 * Layers, from the bottom: `events` (the typed event union), `reduce` (a pure, immutable
 * reducer), `sources` (bytes, Responses, recordings and iterables to observables) and
 * `operators` (text, items, snapshots, final response, diagnostics).
 *
 * @packageDocumentation
 */
export * from './events/index.js';
export * from './errors/index.js';
export * from './reduce/index.js';
export * from './sources/index.js';
export * from './json/index.js';
export * from './operators/index.js';
export * from './client/index.js';
export * from './ui/index.js';
export * from './agents/index.js';
