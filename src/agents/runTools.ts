import { Observable, Subscription, from, isObservable, of, take } from 'rxjs';
import type { ResponseCreateParams } from '../client/ResponseCreateParams.js';
import { ClientOptionsError } from '../errors/ClientOptionsError.js';
import { MaxTurnsExceededError } from '../errors/MaxTurnsExceededError.js';
import { ToolCallError } from '../errors/ToolCallError.js';
import type { ToolCallFailureReason } from '../events/ToolLoopEvent.js';
import type { Tool } from './defineTool.js';
import type { RunEvent, ResponsesTransport } from './RunEvent.js';
import type { Decision, RunOptions, ToolCallRequest } from './RunOptions.js';
import { validateValue } from './validateValue.js';

type Item = Record<string, unknown>;

interface CallRun {
  readonly outputIndex: number;
  readonly callId: string;
  readonly name: string;
  output: string | undefined;
  /**
   * Everything running for the call (validation, approval, the tool), unsubscribed together. One
   * container, not a variable reassigned per phase: a phase that answers synchronously starts the
   * next one before its own subscribe() returns, and an assignment after it would lose the next.
   */
  readonly subscription: Subscription;
  /** Whether it counts against `concurrency` (queued calls and failed ones do not). */
  holdsSlot: boolean;
}

interface TurnState {
  readonly turn: number;
  responseId: string | undefined;
  /** Output items by output_index, from `output_item.done` (the terminal response's list wins). */
  readonly items: Map<number, Item>;
  terminalOutput: Item[] | undefined;
  failed: boolean;
  streamDone: boolean;
  readonly calls: Map<string, CallRun>;
}

/**
 * The tool loop over any transport: sends `params`, runs each local function call as soon as
 * its item is done (concurrently, up to `concurrency`), sends the outputs back, and repeats
 * until a response asks for no call, `maxTurns` is reached, or the subscriber unsubscribes
 * (which cancels the request and every running tool at once). Emits every response event of
 * every turn, in order, plus the loop's events. `client.responses.run()` is this over HTTP.
 *
 * With `store` on (the default) the next request carries `previous_response_id` and the
 * outputs; with `store: false` the whole conversation: the input so far, every output item of
 * the turn (reasoning items with their `encrypted_content`, asked for automatically), then the
 * outputs. Reasoning items that nothing follows, or that have no `encrypted_content` without
 * `store`, are left out: the API rejects them.
 *
 * @example
 * ```ts
 * const run$ = runTools((params, signal) => client.responses.stream(params, { signal }), { model, input }, { tools: [weather] });
 * const answer = await lastValueFrom(run$.pipe(finalResponse()));
 * ```
 */
export function runTools(transport: ResponsesTransport, params: ResponseCreateParams, options: RunOptions): Observable<RunEvent> {
  const maxTurns = options.maxTurns ?? 10;
  if (!Number.isInteger(maxTurns) || maxTurns < 1) throw new ClientOptionsError('maxTurns', `Invalid maxTurns: expected an integer >= 1, got ${String(maxTurns)}`);
  const concurrency = options.concurrency ?? Number.POSITIVE_INFINITY;
  if (!(concurrency >= 1)) throw new ClientOptionsError('concurrency', `Invalid concurrency: expected a number >= 1, got ${String(concurrency)}`);
  const tools = new Map<string, Tool<never, unknown>>();
  for (const tool of options.tools) {
    if (tools.has(tool.name)) throw new ClientOptionsError('tools', `Two tools are named ${JSON.stringify(tool.name)}`);
    tools.set(tool.name, tool);
  }
  const store = params.store !== false;
  const base: ResponseCreateParams = { ...params };
  delete base.input;
  delete base.previous_response_id;
  const given = Array.isArray(params.tools) ? (params.tools as unknown[]) : [];
  base.tools = [...given, ...options.tools.map((t) => t.definition)];
  if (!store) {
    const include = Array.isArray(params.include) ? (params.include as unknown[]) : [];
    base.include = include.includes('reasoning.encrypted_content') ? include : [...include, 'reasoning.encrypted_content'];
  }

  return new Observable<RunEvent>((subscriber) => {
    const lifetime = new AbortController();
    let active: Subscription | undefined;
    let history: unknown[] = toInputItems(params.input);
    let state: TurnState | undefined;
    const queue: { call: CallRun; start: () => void }[] = [];
    let running = 0;

    const fail = (error: unknown): void => {
      subscriber.error(error);
    };

    const startTurn = (request: ResponseCreateParams, turn: number): void => {
      const current: TurnState = { turn, responseId: undefined, items: new Map(), terminalOutput: undefined, failed: false, streamDone: false, calls: new Map() };
      state = current;
      const subscription = transport(request, lifetime.signal).subscribe({
        next(event) {
          if (subscriber.closed) return;
          subscriber.next(event);
          observe(current, event as Item);
        },
        error: fail,
        complete() {
          // Servers that skip output_item.done: the terminal response lists the calls. They all
          // start before the stream counts as done, or a call answering at once would end the
          // turn before the next one started.
          for (const [index, item] of (current.terminalOutput ?? []).entries()) {
            if (item.type === 'function_call') startCall(current, item, index);
          }
          current.streamDone = true;
          maybeEndTurn(current);
        },
      });
      // A stream that sends events at once can end the loop before subscribe() returns; the
      // loop's teardown then ran without this subscription.
      if (subscriber.closed) subscription.unsubscribe();
      else active = subscription;
    };

    const observe = (turn: TurnState, event: Item): void => {
      switch (event.type) {
        case 'response.created':
        case 'response.queued':
        case 'response.in_progress': {
          const id = (event.response as Item | undefined)?.id;
          if (typeof id === 'string' && id !== '') turn.responseId = id;
          return;
        }
        case 'response.output_item.done': {
          const item = event.item as Item | undefined;
          if (item === undefined || typeof event.output_index !== 'number') return;
          turn.items.set(event.output_index, item);
          if (item.type === 'function_call') startCall(turn, item, event.output_index);
          return;
        }
        case 'response.completed':
        case 'response.incomplete':
        case 'response.failed': {
          const response = event.response as Item | undefined;
          if (typeof response?.id === 'string' && response.id !== '') turn.responseId = response.id;
          if (Array.isArray(response?.output) && response.output.length > 0) turn.terminalOutput = response.output as Item[];
          if (event.type === 'response.failed') turn.failed = true;
          return;
        }
        case 'error':
          turn.failed = true;
          return;
        default:
          return;
      }
    };

    const startCall = (turn: TurnState, item: Item, outputIndex: number): void => {
      const callId = typeof item.call_id === 'string' ? item.call_id : '';
      if (turn.failed || turn.calls.has(callId)) return;
      const name = typeof item.name === 'string' ? item.name : '';
      const call: CallRun = { outputIndex, callId, name, output: undefined, subscription: new Subscription(), holdsSlot: false };
      turn.calls.set(callId, call);
      const raw = typeof item.arguments === 'string' ? item.arguments : '';
      const tool = tools.get(name);
      if (tool === undefined) {
        failCall(turn, call, 'unknown_tool', new Error(`Unknown tool ${JSON.stringify(name)}`), `Error: there is no tool named ${JSON.stringify(name)}. Available tools: ${[...tools.keys()].join(', ') || 'none'}.`);
        return;
      }
      let parsed: unknown;
      try {
        parsed = raw.trim() === '' ? {} : (JSON.parse(raw) as unknown);
      } catch (err) {
        failCall(turn, call, 'invalid_arguments', err, `Error: the arguments of ${name} are not valid JSON (${err instanceof Error ? err.message : String(err)}). Call the tool again with valid JSON arguments.`);
        return;
      }
      const validation = validateValue(tool.parameters, parsed);
      const afterValidation = (result: Awaited<typeof validation>): void => {
        if (call.output !== undefined || subscriber.closed) return;
        if (!result.ok) {
          const issues = result.issues.map((i) => `${i.path === undefined || i.path.length === 0 ? '' : `${i.path.map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.')}: `}${i.message}`).join('; ');
          failCall(turn, call, 'invalid_arguments', result.issues, `Error: invalid arguments for ${name}: ${issues}. Fix the arguments and call the tool again.`);
          return;
        }
        enqueue(turn, call, tool, result.value);
      };
      if (validation instanceof Promise) {
        call.subscription.add(from(validation).subscribe({ next: afterValidation, error: (err: unknown) => failCall(turn, call, 'invalid_arguments', err, `Error: the arguments of ${name} could not be checked.`) }));
      } else afterValidation(validation as Awaited<typeof validation>);
    };

    const enqueue = (turn: TurnState, call: CallRun, tool: Tool<never, unknown>, args: unknown): void => {
      const request: ToolCallRequest = { call_id: call.callId, name: call.name, arguments: args, turn: turn.turn };
      const run = (): void => {
        if (options.needsApproval === undefined) return execute(turn, call, tool, args);
        call.subscription.add(decide(options.needsApproval, request).subscribe({
          next(needed) {
            if (!needed) return execute(turn, call, tool, args);
            if (options.approve === undefined) return deny();
            call.subscription.add(decide(options.approve, request).subscribe({
              next: (approved) => (approved ? execute(turn, call, tool, args) : deny()),
              error: (err: unknown) => failCall(turn, call, 'denied', err, `The user did not approve this call of ${call.name}; it was not run.`),
            }));
          },
          error: (err: unknown) => failCall(turn, call, 'denied', err, `The user did not approve this call of ${call.name}; it was not run.`),
        }));
      };
      const deny = (): void => failCall(turn, call, 'denied', new Error('Denied'), `The user denied this call of ${call.name}; it was not run. Do not retry it unless asked.`);
      if (running < concurrency) {
        running++;
        call.holdsSlot = true;
        run();
      } else queue.push({ call, start: run });
    };

    const execute = (turn: TurnState, call: CallRun, tool: Tool<never, unknown>, args: unknown): void => {
      if (subscriber.closed) return;
      subscriber.next({ type: 'rx.tool_call.started', turn: turn.turn, call_id: call.callId, name: call.name, arguments: args });
      let last: unknown;
      call.subscription.add(runTool(tool, args, { signal: lifetime.signal, callId: call.callId, turn: turn.turn }).subscribe({
        next: (value) => (last = value),
        error: (err: unknown) => failCall(turn, call, 'tool_error', err, `Error: ${call.name} failed: ${err instanceof Error ? err.message : String(err)}`),
        complete() {
          const output = toOutput(last);
          call.output = output;
          subscriber.next({ type: 'rx.tool_call.result', turn: turn.turn, call_id: call.callId, name: call.name, result: last, output });
          callEnded(turn, call);
        },
      }));
    };

    const failCall = (turn: TurnState, call: CallRun, reason: ToolCallFailureReason, error: unknown, output: string): void => {
      if (call.output !== undefined || subscriber.closed) return;
      call.output = output;
      if (options.toolErrors === 'throw') {
        fail(new ToolCallError({ reason, toolName: call.name, callId: call.callId, message: `Tool call ${call.name} (${call.callId}) failed: ${reason}`, cause: error }));
        return;
      }
      subscriber.next({ type: 'rx.tool_call.failed', turn: turn.turn, call_id: call.callId, name: call.name, reason, error, output });
      callEnded(turn, call);
    };

    /** A call has its output: free its slot, start the next queued call, maybe end the turn. */
    const callEnded = (turn: TurnState, call: CallRun): void => {
      if (call.holdsSlot) {
        call.holdsSlot = false;
        running--;
        const next = queue.shift();
        if (next !== undefined) {
          running++;
          next.call.holdsSlot = true;
          next.start();
        }
      }
      if (!subscriber.closed) maybeEndTurn(turn);
    };

    const maybeEndTurn = (turn: TurnState): void => {
      if (!turn.streamDone || subscriber.closed || state !== turn) return;
      for (const call of turn.calls.values()) if (call.output === undefined) return;
      state = undefined;
      const calls = [...turn.calls.values()].sort((a, b) => a.outputIndex - b.outputIndex);
      subscriber.next({ type: 'rx.turn.ended', turn: turn.turn, response_id: turn.responseId, function_calls: calls.length });
      if (subscriber.closed) return;
      if (calls.length === 0 || turn.failed) {
        subscriber.complete();
        return;
      }
      if (turn.turn >= maxTurns) {
        if (options.onMaxTurns === 'end') subscriber.complete();
        else fail(new MaxTurnsExceededError(maxTurns, turn.responseId));
        return;
      }
      const outputs = calls.map((c) => ({ type: 'function_call_output', call_id: c.callId, output: c.output as string }));
      const next: ResponseCreateParams = { ...base };
      if (store && turn.responseId !== undefined) {
        next.previous_response_id = turn.responseId;
        next.input = outputs;
      } else {
        history = [...history, ...replayableItems(turn, store), ...outputs];
        next.input = history;
      }
      startTurn(next, turn.turn + 1);
    };

    startTurn({ ...base, ...(params.input === undefined ? {} : { input: params.input }), ...(params.previous_response_id == null ? {} : { previous_response_id: params.previous_response_id }) }, 1);

    return () => {
      lifetime.abort();
      active?.unsubscribe();
      for (const call of state?.calls.values() ?? []) call.subscription.unsubscribe();
      queue.length = 0;
    };
  });
}

/** Runs `execute`, whatever it returns, as an Observable that is cancelled with the loop. */
function runTool(tool: Tool<never, unknown>, args: unknown, context: { signal: AbortSignal; callId: string; turn: number }): Observable<unknown> {
  return new Observable<unknown>((subscriber) => {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(context.signal.reason);
    context.signal.addEventListener('abort', onAbort, { once: true });
    let inner: Subscription | undefined;
    try {
      const result = tool.execute(args as never, { signal: controller.signal, callId: context.callId, turn: context.turn });
      if (isObservable(result)) inner = result.subscribe(subscriber);
      else if (isPromiseLike(result)) inner = from(result).subscribe(subscriber);
      else {
        subscriber.next(result);
        subscriber.complete();
      }
    } catch (err) {
      subscriber.error(err);
    }
    return () => {
      context.signal.removeEventListener('abort', onAbort);
      inner?.unsubscribe();
      // A Promise cannot be cancelled: its signal tells the tool to stop.
      controller.abort();
    };
  });
}

function decide(hook: (call: ToolCallRequest) => Decision, call: ToolCallRequest): Observable<boolean> {
  return new Observable<boolean>((subscriber) => {
    let answer: Decision;
    try {
      answer = hook(call);
    } catch (err) {
      subscriber.error(err);
      return undefined;
    }
    const source = isObservable(answer) ? answer : isPromiseLike(answer) ? from(answer) : of(answer);
    let answered = false;
    return source.pipe(take(1)).subscribe({
      next(value) {
        answered = true;
        subscriber.next(value === true);
      },
      error: (err: unknown) => subscriber.error(err),
      // An Observable that completes without answering denies.
      complete: () => answered || subscriber.next(false),
    });
  });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function toOutput(result: unknown): string {
  if (typeof result === 'string') return result;
  if (result === undefined) return '';
  try {
    return JSON.stringify(result) ?? '';
  } catch {
    return String(result);
  }
}

function toInputItems(input: ResponseCreateParams['input']): unknown[] {
  if (input === undefined) return [];
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  return [...input];
}

/**
 * The turn's output items to send back without `store`: all of them in order (the terminal
 * response's list when it has one), minus reasoning items the API would reject: without
 * `encrypted_content` (nothing stored to look them up by), or with no item after them.
 */
function replayableItems(turn: TurnState, store: boolean): Item[] {
  const items = turn.terminalOutput ?? [...turn.items.entries()].sort((a, b) => a[0] - b[0]).map(([, item]) => item);
  const kept = store ? items : items.filter((item) => item.type !== 'reasoning' || typeof item.encrypted_content === 'string');
  let end = kept.length;
  while (end > 0 && kept[end - 1]?.type === 'reasoning') end--;
  return kept.slice(0, end);
}
