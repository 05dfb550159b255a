import { Observable, from, type ObservableInput, type OperatorFunction, type Subscription } from 'rxjs';
import type { ResponseUsage } from '../events/Response.js';
import type { ResponseStreamEvent } from '../events/ResponseStreamEvent.js';
import { ResponseFailedError } from '../errors/ResponseFailedError.js';
import { streamErrorOf } from '../errors/streamErrorOf.js';
import type { RxResponsesError } from '../errors/RxResponsesError.js';
import { StreamTruncatedError } from '../errors/StreamTruncatedError.js';
import { toStreamError } from '../errors/toStreamError.js';
import type { ResponseSnapshot } from '../reduce/ResponseSnapshot.js';
import { applyEventInPlace } from '../reduce/applyEvent.js';
import { OutputOwnership } from '../reduce/OutputOwnership.js';
import { emptySnapshot } from '../reduce/emptySnapshot.js';
import { finishSnapshot } from '../reduce/finishSnapshot.js';
import type { ResponseViewState, ResponseViewStatus } from './ResponseViewState.js';
import { idleResponseState } from './idleResponseState.js';
import { isToolCallView } from './isToolCallView.js';
import { type ItemsCell, ItemViewLog } from './ItemViewLog.js';
import { markStopped } from './markStopped.js';
import { patchReasoning, reasoningOf } from './patchReasoning.js';
import { patchToolCalls } from './patchToolCalls.js';
import { trackToolRuns } from './trackToolRuns.js';
import { type ItemChanges, type Replacement, updateItemViews } from './updateItemViews.js';
import { ViewState, cellOf } from './ViewState.js';

/**
 * Options of {@link responseState}.
 *
 * @example
 * ```ts
 * const stop$ = new Subject<void>();
 * events$.pipe(responseState({ stop: stop$ })).subscribe(render);
 * stopButton.onclick = () => stop$.next();
 * ```
 */
export interface ResponseStateOptions {
  /**
   * A notifier for a user-initiated stop. When it emits, `responseState` unsubscribes from the
   * source (which aborts the request), emits the last state marked `stopped` (see
   * {@link markStopped}) and completes. Its errors and completion are ignored.
   */
  readonly stop?: ObservableInput<unknown>;
}

/** The parts of the state read from the response object, refreshed on lifecycle events only. */
interface ResponseMeta {
  readonly responseId: string | undefined;
  readonly usage: ResponseUsage | undefined;
  readonly incompleteReason: string | undefined;
}

const NO_META: ResponseMeta = { responseId: undefined, usage: undefined, incompleteReason: undefined };

/** Events that carry a response object (the only ones after which `snapshot.response` is read). */
const LIFECYCLE: ReadonlySet<string> = new Set([
  'response.created',
  'response.queued',
  'response.in_progress',
  'response.completed',
  'response.incomplete',
  'response.failed',
]);

/**
 * Turns a stream of events into view state for a UI ({@link ResponseViewState}): status, text,
 * one view per output item, reasoning, tool calls, usage and error. Framework-free; the
 * recipes below are the whole adapter.
 *
 * - Emits an `idle` state as soon as it is subscribed, then a new state only when something
 *   visible changed: never the same object twice in a row, never two equal but different
 *   objects. Unchanged parts keep their identity (see {@link ResponseViewState}).
 * - Never errors. `response.failed`, an `error` event, a stream that ends (or moves on to the
 *   next response) before its terminal event, and a source error all give `status: 'failed'`
 *   with `error` set to the typed error `finalResponse()` would raise, and the output received
 *   so far kept; then it completes. An `error` event is terminal: it fails at once and
 *   unsubscribes from the source, even when the server keeps the stream open. Over the
 *   client's stream the error is the client's own (API key removed, `requestID` set).
 * - `response.completed` / `response.incomplete` give `completed` / `incomplete` (with
 *   `usage` and `incompleteReason`); it completes when the source does. A stream carrying
 *   several responses shows the latest (`responseIndex`).
 * - Stopping is the consumer's business: unsubscribe and show {@link markStopped}, or pass a
 *   `stop` notifier.
 *
 * Per event it looks only at the items the event changed and builds a view only for those, so
 * its cost per event does not grow with the number of items. A state's `items` is a new array
 * whenever a view in it changed (so earlier states stay as they were), built when first read:
 * reading it costs one copy of the views (a few microseconds at ten thousand items), paid per
 * render by a UI that renders the latest state, not per event. Pipe through `coalesceFrames()`
 * to render at most once per frame, and share the result
 * (`shareReplay({ bufferSize: 1, refCount: true })`) when several components read it.
 * Framework recipes, each a few lines over this one core:
 *
 * - React: `useSyncExternalStore(subscribe, () => latest)`, where `subscribe` subscribes to the
 *   state stream and stores each state in `latest` before calling back. States are cached
 *   immutable snapshots, so `getSnapshot` returns the same object until something changed;
 *   each subscription is independent, so StrictMode's double mount is harmless.
 * - Angular: `toSignal(state$, { initialValue: idleResponseState() })`.
 * - Svelte: an observable is a store: `{$state$.text}`.
 * - Vue: a `shallowRef(idleResponseState())` assigned in `subscribe`.
 *
 * @example
 * ```ts
 * events$.pipe(responseState(), coalesceFrames()).subscribe((s) => {
 *   output.textContent = s.text;
 *   spinner.hidden = s.status !== 'streaming';
 * });
 * ```
 */
export function responseState(options: ResponseStateOptions = {}): OperatorFunction<ResponseStreamEvent, ResponseViewState> {
  return (source) =>
    new Observable<ResponseViewState>((subscriber) => {
      let snapshot = emptySnapshot();
      let state = idleResponseState();
      let meta = NO_META;
      /** Positions whose `output_item.done` arrived, in the current response. */
      let doneAt = new Set<number>();
      let upstream: Subscription | undefined;
      // Only the latest snapshot is kept, so the reducer may write its output array in place;
      // it reports which positions each event wrote, and only those views are rebuilt.
      const ownership = new OutputOwnership();
      const toolRuns = trackToolRuns();
      /** The views of `state.items`, kept up to date in place; each state reads its list from it. */
      const views = new ItemViewLog(state.items);
      // Every event that changed the snapshot builds a state from it (or ends the stream), so the
      // views are always those of the previous snapshot when the next event arrives.
      const build = (s: ResponseSnapshot, status: ResponseViewStatus, error: RxResponsesError | undefined, positions?: readonly number[]): ResponseViewState =>
        buildState(state, s, status, error, meta, doneAt, positions, views);

      const publish = (built: ResponseViewState): void => {
        const next = toolRuns.decorate(built, state);
        if (next === state) return;
        // Views that show their tool run replace the built ones (decorate returns either the state
        // it was given or one with new items): the next state starts from them.
        if (next !== built) views.reset(next.items);
        state = next;
        subscriber.next(next);
      };
      const fail = (error: RxResponsesError, s: ResponseSnapshot): void => {
        let next: ResponseViewState;
        try {
          next = build(s, 'failed', error);
        } catch {
          next = Object.freeze({ ...state, status: 'failed', error });
        }
        publish(next);
        subscriber.complete();
      };
      // Any other error becomes a StreamTruncatedError that keeps it as its cause.
      const failWithForeign = (err: unknown): void => fail(toStreamError(err, snapshot), snapshot);

      subscriber.next(state);
      if (subscriber.closed) return;
      if (options.stop !== undefined) {
        subscriber.add(
          from(options.stop).subscribe({
            next() {
              // Once the view ended, markStopped() leaves its last state as it is and nothing more is emitted.
              upstream?.unsubscribe();
              publish(markStopped(state));
              subscriber.complete();
            },
            error() {
              // A broken stop button must not break the view.
            },
          }),
        );
      }
      if (subscriber.closed) return;

      upstream = source.subscribe({
        // A synchronous source can go on emitting after the view ended (before the source's
        // teardown is registered): the work is then wasted but unseen, as the subscriber is closed.
        next(event) {
          try {
            const prev = snapshot;
            snapshot = applyEventInPlace(prev, event, ownership);
            if (snapshot === prev) {
              // A tool-loop event: the response did not change, a call's run may have.
              if (toolRuns.observe(event, snapshot.responseIndex)) publish(state);
              return;
            }
            if (snapshot.responseIndex !== prev.responseIndex) {
              // The same rules as finalResponse(): a new response settles the previous one.
              if (prev.started && prev.phase === 'streaming') {
                snapshot = prev;
                const finished = finishSnapshot(prev);
                fail(new StreamTruncatedError({ snapshot: finished }), finished);
                return;
              }
              doneAt = new Set();
              meta = NO_META;
            }
            // The reducer says where an `output_item.done` left its item (it may keep the streamed
            // object, so the position is not always among those it wrote).
            const finishedAt = ownership.finished;
            if (finishedAt !== undefined) doneAt.add(finishedAt);
            // The phase changes only with a lifecycle event, or with an `error` event, after which
            // what readMeta() reads is unchanged (no usage before the end, no incomplete reason).
            if (LIFECYCLE.has(event.type)) meta = readMeta(snapshot);
            // The views of `prev` are current but for the positions this event wrote or finished,
            // unless it changed what every view shows (the phase, the partial images, all items;
            // a new response is looked at as a whole by buildState).
            const positions =
              snapshot.phase === prev.phase && snapshot.partialImages === prev.partialImages
                ? finishedAt === undefined
                  ? ownership.written
                  : [...ownership.written, finishedAt]
                : undefined;
            switch (snapshot.phase) {
              case 'failed':
                fail(new ResponseFailedError(snapshot.response, snapshot), snapshot);
                return;
              case 'error':
                // Terminal, as in finalResponse(): fail now and so unsubscribe from the source.
                // Over the client the error is the client's own (key removed, requestID).
                fail(streamErrorOf(event, snapshot), snapshot);
                return;
              case 'completed':
              case 'incomplete':
                publish(build(snapshot, snapshot.phase, undefined, positions));
                return;
              default:
                publish(build(snapshot, snapshot.started ? 'streaming' : 'idle', undefined, positions));
            }
          } catch (err) {
            // Unreachable unless a bug; a view never tears down, so it becomes the error.
            failWithForeign(err);
          }
        },
        error(err: unknown) {
          failWithForeign(err);
        },
        complete() {
          if (snapshot.phase === 'streaming') {
            if (!snapshot.started && snapshot.eventCount === 0) {
              fail(new StreamTruncatedError({ message: 'Stream ended without any event' }), snapshot);
            } else {
              const finished = finishSnapshot(snapshot);
              fail(new StreamTruncatedError({ snapshot: finished }), finished);
            }
            return;
          }
          subscriber.complete();
        },
      });
      return upstream;
    });
}

function readMeta(s: ResponseSnapshot): ResponseMeta {
  const response = s.response;
  const ended = s.phase === 'completed' || s.phase === 'incomplete' || s.phase === 'failed';
  const responseId = typeof response.id === 'string' && response.id !== '' ? response.id : undefined;
  const usage = ended && typeof response.usage === 'object' && response.usage !== null ? response.usage : undefined;
  const reason = s.phase === 'incomplete' ? response.incomplete_details?.reason : undefined;
  const incompleteReason = typeof reason === 'string' ? reason : undefined;
  return { responseId, usage, incompleteReason };
}

/**
 * The next state: reuses every view whose item did not change, every array whose entries did
 * not change, and `prev` itself when nothing changed at all.
 */
function buildState(
  prev: ResponseViewState,
  s: ResponseSnapshot,
  status: ResponseViewStatus,
  error: RxResponsesError | undefined,
  meta: ResponseMeta,
  doneAt: ReadonlySet<number>,
  positions: readonly number[] | undefined,
  log: ItemViewLog,
): ResponseViewState {
  const sameResponse = prev.responseIndex === s.responseIndex;
  // A new response drops every view of the previous one: its derived lists are rebuilt too.
  const changes: ItemChanges = { reasoning: !sameResponse, toolCalls: !sameResponse };
  if (!sameResponse) log.reset([]);
  // When the reducer said which positions changed, only those views are looked at, so an
  // event costs the same with ten items as with ten thousand; otherwise every view is compared.
  const replaced: Replacement[] = [];
  const few = updateItemViews(log, s, sameResponse ? positions : undefined, doneAt, changes, replaced);
  const cell = log.commit();
  const itemsChanged = !sameItems(cell, prev);
  const items = log.views;
  // Derived lists are rebuilt only when a view of their kind changed, so an event that grows
  // one message costs the same with ten items as with ten thousand; after a few known changes
  // near the end (a streaming tool call or reasoning item), they are patched, not rebuilt.
  const reasoning = changes.reasoning ? reuseArray(prev.reasoning, (few ? patchReasoning(prev.reasoning, items, replaced) : undefined) ?? reasoningOf(items)) : prev.reasoning;
  const toolCalls = changes.toolCalls ? reuseArray(prev.toolCalls, (few ? patchToolCalls(prev.toolCalls, replaced) : undefined) ?? items.filter(isToolCallView)) : prev.toolCalls;
  const diagnostics = reuseArray(prev.diagnostics, s.diagnostics);
  if (
    status === prev.status &&
    s.outputText === prev.text &&
    !itemsChanged &&
    reasoning === prev.reasoning &&
    toolCalls === prev.toolCalls &&
    meta.usage === prev.usage &&
    error === prev.error &&
    meta.incompleteReason === prev.incompleteReason &&
    meta.responseId === prev.responseId &&
    s.responseIndex === prev.responseIndex &&
    diagnostics === prev.diagnostics
  ) {
    return prev;
  }
  return Object.freeze(
    new ViewState(status, s.outputText, cell, reasoning, toolCalls, meta.usage, error, meta.incompleteReason, meta.responseId, s.responseIndex, diagnostics),
  );
}

/**
 * Whether a state with `cell` shows the same `items` as `prev`: the same cell, or for a state
 * not built from one (the first, or one showing tool runs) the list the cell started from.
 */
function sameItems(cell: ItemsCell, prev: ResponseViewState): boolean {
  const prevCell = cellOf(prev);
  return prevCell !== undefined ? cell === prevCell : cell.array === prev.items;
}

/** `previous` when `next` holds the same entries (so unchanged arrays keep their identity). */
function reuseArray<T>(previous: readonly T[], next: readonly T[]): readonly T[] {
  if (previous === next || previous.length !== next.length) return next;
  for (let i = 0; i < next.length; i++) if (previous[i] !== next[i]) return next;
  return previous;
}
