/**
 * One request as a replay server received it, for assertions on what a client sent.
 *
 * @example
 * ```ts
 * const [first] = server.requests;
 * expect(first).toMatchObject({ method: 'POST', path: '/v1/responses', body: { stream: true } });
 * expect(first?.headers.authorization).toBe('Bearer test-key');
 * ```
 */
export interface RecordedRequest {
  /** The HTTP method, upper case (`'POST'`). */
  method: string;
  /** The path without the query (`'/v1/responses/resp_123'`). */
  path: string;
  /** The query parameters; the last value wins when a name repeats. */
  query: Record<string, string>;
  /** The request headers, names lower-cased; repeated headers are joined with `', '`. */
  headers: Record<string, string>;
  /** The body parsed as JSON when it is JSON, else the text; `undefined` when there is none. */
  body: unknown;
  /** 1-based arrival number of this request at the server, counting every route. */
  attempt: number;
}
