import { describe, expect, it, vi } from 'vitest';
import { fromFetchResponse } from '../../src/sources/fromFetchResponse.js';
import { chunkedStream } from '../support/chunkedStream.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { jsonlToSSE } from '../support/jsonlToSSE.js';
import { listRecordings } from '../support/listRecordings.js';
import { settle } from '../support/settle.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const recording = listRecordings().find((r) => r.invalidLines.length === 0 && r.validEvents.length > 10);

describe('fromFetchResponse', () => {
  it('reads an SSE body', async () => {
    const body = chunkedStream(encode(jsonlToSSE(recording!.text, '\r\n')), 13);
    const response = new Response(body, { headers: { 'content-type': 'text/event-stream; charset=utf-8' } });
    const result = await collectNotifications(fromFetchResponse(response));
    expect(result.completed).toBe(true);
    expect(result.values).toEqual(recording!.validEvents);
  });

  it('reads the body as SSE when there is no content type', async () => {
    const response = new Response(chunkedStream(encode('data: {"type":"a"}\n\n'), 4));
    response.headers.delete('content-type');
    const result = await collectNotifications(fromFetchResponse(response));
    expect(result.values).toEqual([{ type: 'a' }]);
  });

  // HTTP allows blanks before a media type's parameters (RFC 9110, section 5.6.6).
  for (const contentType of ['application/jsonl', 'application/x-ndjson', 'Application/JSON-Seq; charset=utf-8', 'application/x-ndjson ; charset=utf-8']) {
    it(`reads a JSON Lines body (${contentType})`, async () => {
      const response = new Response(chunkedStream(encode(recording!.text), 13), { headers: { 'content-type': contentType } });
      const result = await collectNotifications(fromFetchResponse(response));
      expect(result.completed).toBe(true);
      expect(result.values).toEqual(recording!.validEvents);
    });
  }

  it('reports line numbers for JSON Lines bodies', async () => {
    const response = new Response('{"type":"a"}\n\noops\n', { headers: { 'content-type': 'application/x-ndjson' } });
    const result = await collectNotifications(fromFetchResponse(response));
    expect(result.values).toEqual([{ type: 'a' }]);
    expect(result.error).toMatchObject({ name: 'StreamParseError', line: 3, eventNumber: 2 });
  });

  it('completes empty when the response has no body', async () => {
    const result = await collectNotifications(fromFetchResponse(new Response(null, { status: 204 })));
    expect(result).toMatchObject({ values: [], completed: true, errored: false });
  });

  it('does no status checking: a non-2xx body is read as the stream', async () => {
    const response = new Response('data: {"type":"error","code":"rate_limit_exceeded"}\n\n', {
      status: 429,
      headers: { 'content-type': 'text/event-stream' },
    });
    const result = await collectNotifications(fromFetchResponse(response));
    expect(result.values).toEqual([{ type: 'error', code: 'rate_limit_exceeded' }]);
  });

  it('cancels the body as soon as it is unsubscribed', async () => {
    const cancel = vi.fn();
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        if (pulls === 1) {
          controller.enqueue(encode('{"type":"a"}\n'));
          return undefined;
        }
        return new Promise<void>(() => {});
      },
      cancel,
    });
    const next = vi.fn();
    const error = vi.fn();
    const response = new Response(body, { headers: { 'content-type': 'application/jsonl' } });
    const subscription = fromFetchResponse(response).subscribe({ next, error });
    await vi.waitFor(() => expect(next).toHaveBeenCalledTimes(1));
    subscription.unsubscribe();
    expect(cancel).toHaveBeenCalledTimes(1);
    await settle();
    expect(next).toHaveBeenCalledTimes(1);
    expect(error).not.toHaveBeenCalled();
  });
});
