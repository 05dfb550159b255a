/**
 * Test helpers for code that talks to the Responses API: a loopback server that replays a
 * recorded stream, with injectable faults. Node only (`node:http`).
 *
 * @packageDocumentation
 */
export { startReplayServer } from './startReplayServer.js';
export type { ReplayServer } from './ReplayServer.js';
export type { ReplayServerOptions } from './ReplayServerOptions.js';
export type { ReplayFault } from './ReplayFault.js';
export type { RecordedRequest } from './RecordedRequest.js';
export type { ReplaySocketFault, ReplayUpgradeFault } from './ReplaySocketFault.js';
export type { ReplayWebSocketOptions, ReplaySocketMessage } from './ReplayWebSocketOptions.js';
export type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
export { startReplaySession } from './startReplaySession.js';
export type { ReplaySession, ReplayTurn, ReplayTurnExpectation } from './startReplaySession.js';
export type { ReplaySessionOptions } from './ReplaySessionOptions.js';
