/**
 * Sources: bytes, fetch `Response`s, recordings and iterables turned into
 * `Observable<ResponseStreamEvent>`. Each is cold and cancels its input on unsubscribe.
 *
 * @packageDocumentation
 */
export type { SourceOptions } from './SourceOptions.js';
export { fromSSE } from './fromSSE.js';
export { fromJSONL } from './fromJSONL.js';
export { fromFetchResponse } from './fromFetchResponse.js';
export { fromRecording } from './fromRecording.js';
export { detectRecordingFormat } from './detectRecordingFormat.js';
export { fromEvents } from './fromEvents.js';
export { fromOpenAIStream, type OpenAIStreamLike } from './fromOpenAIStream.js';
