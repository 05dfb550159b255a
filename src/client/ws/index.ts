/*
 * WebSocket mode: one persistent connection to `/responses`, one observable per response.
 */
export type { ResponsesSocket, ConnectOptions, SocketCreateOptions } from './ResponsesSocket.js';
