import { describe, expect, it } from 'vitest';
import { APIConnectionError, StreamTruncatedError, isStreamTruncatedError } from '../../src/errors/index.js';
import { toStreamError } from '../../src/errors/toStreamError.js';
import { applyEvent, emptySnapshot } from '../../src/reduce/index.js';
import type { ResponseSnapshot } from '../../src/reduce/ResponseSnapshot.js';
import { recording } from '../support/fixtures.js';

const snapshotAfter = (count: number): ResponseSnapshot => recording('azure-text-1.jsonl').events.slice(0, count).reduce(applyEvent, emptySnapshot());

describe('toStreamError', () => {
  it("passes the library's own errors on with the last snapshot", () => {
    const snapshot = snapshotAfter(3);
    const error = new APIConnectionError();
    expect(toStreamError(error, snapshot)).toBe(error);
    expect(error.snapshot).toBe(snapshot);
  });

  it('attaches no snapshot before any event was received', () => {
    const error = new APIConnectionError();
    expect(toStreamError(error, emptySnapshot())).toBe(error);
    expect(error.snapshot).toBeUndefined();
    const truncated = toStreamError(new TypeError('terminated'), emptySnapshot()) as StreamTruncatedError;
    expect(truncated.snapshot).toBeUndefined();
    expect(truncated.lastSequenceNumber).toBeUndefined();
  });

  it('turns any other failure into a StreamTruncatedError holding the snapshot, with the original as cause', () => {
    const snapshot = snapshotAfter(3);
    const cause = new TypeError('terminated');
    const error = toStreamError(cause, snapshot);
    expect(isStreamTruncatedError(error)).toBe(true);
    const truncated = error as StreamTruncatedError;
    expect(truncated.message).toBe('Stream failed before its terminal event: terminated');
    expect(truncated.cause).toBe(cause);
    expect(truncated.snapshot).toBe(snapshot);
    expect(truncated.lastSequenceNumber).toBe(2);
  });

  it('describes a thrown value that is not an Error by its text', () => {
    const error = toStreamError('socket closed', snapshotAfter(1)) as StreamTruncatedError;
    expect(error.message).toBe('Stream failed before its terminal event: socket closed');
    expect(error.cause).toBe('socket closed');
    expect((toStreamError({ message: 'not an Error' }, snapshotAfter(1)) as Error).message).toBe('Stream failed before its terminal event: [object Object]');
  });
});
