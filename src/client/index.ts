/*
 * The HTTP client: `createClient()` on the platform's fetch, with retries, timeouts, abort on
 * unsubscribe and resumable streams.
 */
export { createClient } from './createClient.js';
export type { ClientOptions, TimeoutOptions, FetchFunction } from './ClientOptions.js';
export type { ResponseCreateParams } from './ResponseCreateParams.js';
export type { CompactParams, CompactedResponse } from './CompactParams.js';
export type { InputItemsParams, InputItem } from './InputItemsParams.js';
export type { InputTokensParams, InputTokenCount } from './InputTokensParams.js';
export type { ResponseDeleted } from './ResponseDeleted.js';
export type { ResponsesClient, ResponsesResource, RequestOptions, StreamOptions, RetrieveStreamOptions } from './ResponsesClient.js';
export type { ResponsesSocket, ConnectOptions, SocketCreateOptions } from './ws/index.js';
