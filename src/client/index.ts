/*
 * The HTTP client: `createClient()` on the platform's fetch, with retries, timeouts, abort on
 * unsubscribe and resumable streams.
 */
export { createClient } from './createClient.js';
export type { ClientOptions, TimeoutOptions, FetchFunction } from './ClientOptions.js';
export type { ResponseCreateParams } from './ResponseCreateParams.js';
export type { ResponsesClient, ResponsesResource, RequestOptions, StreamOptions, RetrieveStreamOptions } from './ResponsesClient.js';
export type { ResponsesSocket, ConnectOptions, SocketCreateOptions } from './ws/index.js';
