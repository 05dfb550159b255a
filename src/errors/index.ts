export { RxResponsesError, isRxResponsesError } from './RxResponsesError.js';
export { StreamParseError, isStreamParseError, type StreamParseErrorReason } from './StreamParseError.js';
export { ResponseFailedError, isResponseFailedError } from './ResponseFailedError.js';
export { ResponseStreamError, isResponseStreamError } from './ResponseStreamError.js';
export { StreamTruncatedError, isStreamTruncatedError } from './StreamTruncatedError.js';
