import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RecordedRequest } from './RecordedRequest.js';
import { readRecordedRequest } from './readRecordedRequest.js';
import { trackOpenResponses } from './trackOpenResponses.js';

/**
 * @internal One HTTP request a replay server has read in full, ready to be answered.
 *
 * @example
 * ```ts
 * const received: ReceivedRequest = { request, requestId: 'req_1', closed: AbortSignal.abort() };
 * ```
 */
export interface ReceivedRequest {
  readonly request: RecordedRequest;
  /** `req_<n>`, `n` the request's arrival number: its `x-request-id`. */
  readonly requestId: string;
  /** Aborts once the response was fully written or its connection went away. */
  readonly closed: AbortSignal;
}

/**
 * @internal What the replay servers share about the requests they receive: arrival numbers
 * (HTTP requests and WebSocket upgrades alike), the recorded list in arrival order, and the
 * responses still being written.
 *
 * @example
 * ```ts
 * const log = createRequestLog('ReplayServer.waitForIdle');
 * const received = await log.receive(req, res);
 * ```
 */
export interface RequestLog {
  /** Numbers `req`, tracks `res` and reads the body; `undefined` when the client went away while sending it. */
  receive(req: IncomingMessage, res: ServerResponse): Promise<ReceivedRequest | undefined>;
  /** The next arrival number (for a request read elsewhere, e.g. a WebSocket upgrade). */
  nextAttempt(): number;
  /** Adds a request to the list, kept in arrival order. */
  record(request: RecordedRequest): void;
  /** Every request recorded so far, in arrival order (a copy). */
  readonly requests: readonly RecordedRequest[];
  /** See `ReplayServer.openConnections`. */
  openConnections(): number;
  /** See `ReplayServer.waitForIdle`. */
  waitForIdle(timeoutMs?: number): Promise<void>;
}

/** @internal See {@link RequestLog}; `label` starts `waitForIdle`'s timeout message. */
export function createRequestLog(label: string): RequestLog {
  const recorded: RecordedRequest[] = [];
  let arrivals = 0;
  /** Requests whose response is not yet fully written and whose connection is still open. */
  const busy = trackOpenResponses(label);
  const record = (request: RecordedRequest): void => {
    recorded.push(request);
    recorded.sort((a, b) => a.attempt - b.attempt);
  };
  return {
    async receive(req, res) {
      const attempt = ++arrivals;
      const closed = new AbortController();
      // 'close' comes once the response was fully written or its connection went away.
      busy.track(res, () => closed.abort());
      let request: RecordedRequest;
      try {
        request = await readRecordedRequest(req, attempt);
      } catch {
        return undefined; // the client went away while sending its body
      }
      record(request);
      return { request, requestId: `req_${attempt}`, closed: closed.signal };
    },
    nextAttempt: () => ++arrivals,
    record,
    get requests() {
      return [...recorded];
    },
    openConnections: busy.count,
    waitForIdle: (timeoutMs?: number) => busy.waitForIdle(timeoutMs),
  };
}
