export { applyEvent } from './applyEvent.js';
export { emptySnapshot } from './emptySnapshot.js';
export { finishSnapshot } from './finishSnapshot.js';
export { startsNewResponse } from './startsNewResponse.js';
export { outputTextOf } from './outputTextOf.js';
export type { Diagnostic, DiagnosticCode } from './Diagnostic.js';
export type { PartialImage, ResponseSnapshot, SnapshotPhase, StreamErrorInfo } from './ResponseSnapshot.js';
