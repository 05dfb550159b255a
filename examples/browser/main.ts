// A framework-free page over rx-responses: a prompt box, Send and Stop, the answer as it streams,
// the reasoning, tool-call progress and errors. It talks to the relay (examples/relay), never to
// the API: the key stays on the server. Bundled into one file (app.js) by bundleBrowserExample.ts.
import MarkdownIt from 'markdown-it';
import { type Subscription, tap } from 'rxjs';
import { type ResponseViewState, type ToolCallItemView, coalesceFrames, idleResponseState, markStopped, relayEvents, responseState } from 'rx-responses';
import { installRenderProbe } from './renderProbe.js';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`index.html has no #${id}`);
  return element as T;
}

const form = byId<HTMLFormElement>('ask');
const promptBox = byId<HTMLTextAreaElement>('prompt');
const sendButton = byId<HTMLButtonElement>('send');
const stopButton = byId<HTMLButtonElement>('stop');
const statusLine = byId<HTMLDivElement>('status');
const reasoningPanel = byId<HTMLDetailsElement>('reasoning-panel');
const reasoningText = byId<HTMLPreElement>('reasoning');
const toolList = byId<HTMLUListElement>('tools');
const errorBox = byId<HTMLDivElement>('error');
const output = byId<HTMLDivElement>('output');

// The events of one answer from the relay: each call is one POST, aborted on unsubscribe.
const chat = relayEvents('/api/chat');
// The answer is Markdown. `html: false` escapes any HTML in it (the text comes from a model, and
// a prompt can make a model write anything), and markdown-it's validateLink drops javascript:,
// vbscript:, file: and data: links. Rendered at most once per animation frame (coalesceFrames),
// never per delta: re-rendering the whole text is what keeps half-written Markdown right.
const markdown = new MarkdownIt({ html: false, linkify: true });
const probe = installRenderProbe();
let subscription: Subscription | undefined;
/** What the page shows now; parts are compared by identity to touch only what changed. */
let shown: ResponseViewState | undefined;

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const prompt = promptBox.value.trim();
  if (prompt !== '') send(prompt);
});
stopButton.addEventListener('click', stop);

function send(prompt: string): void {
  subscription?.unsubscribe();
  probe.reset();
  setBusy(true);
  paint(idleResponseState(), true);
  subscription = chat(prompt)
    .pipe(
      tap(() => probe.received()),
      // Never errors: failures arrive as `status: 'failed'` with the text received so far.
      responseState(),
      // Thousands of events a second, at most one render per animation frame.
      coalesceFrames(),
    )
    .subscribe({
      next: render,
      complete: () => {
        subscription = undefined;
        setBusy(false);
      },
    });
}

function stop(): void {
  if (subscription === undefined) return;
  // Unsubscribing aborts the fetch; the relay sees the connection close and aborts upstream.
  subscription.unsubscribe();
  subscription = undefined;
  render(markStopped(shown ?? idleResponseState()));
  setBusy(false);
}

function setBusy(busy: boolean): void {
  sendButton.disabled = busy;
  stopButton.disabled = !busy;
}

function render(state: ResponseViewState): void {
  paint(state, false);
  probe.rendered(state);
}

function paint(state: ResponseViewState, force: boolean): void {
  const previous = force ? undefined : shown;
  shown = state;
  statusLine.dataset.status = state.status;
  statusLine.textContent = statusText(state);
  if (state.text !== previous?.text) {
    output.innerHTML = markdown.render(state.text);
    // Fold the reasoning once the answer starts (once: a reader may open it again).
    if (state.text !== '' && (previous === undefined || previous.text === '')) reasoningPanel.open = false;
  }
  if (state.reasoning !== previous?.reasoning) {
    reasoningPanel.hidden = state.reasoning.length === 0;
    reasoningText.textContent = state.reasoning.join('\n\n');
  }
  if (force) reasoningPanel.open = true;
  if (state.toolCalls !== previous?.toolCalls) renderToolCalls(state.toolCalls, previous?.toolCalls ?? []);
  if (state.error !== previous?.error) {
    errorBox.hidden = state.error === undefined;
    errorBox.textContent = state.error === undefined ? '' : describeError(state.error);
  }
}

function describeError(error: { message: string; code: string }): string {
  return error.message.includes(error.code) ? error.message : `${error.message} [${error.code}]`;
}

function statusText(state: ResponseViewState): string {
  switch (state.status) {
    case 'idle':
      return sendButton.disabled ? 'Waiting for the first event…' : 'Ready';
    case 'streaming':
      return 'Streaming…';
    case 'completed':
      return state.usage === undefined ? 'Completed' : `Completed: ${state.usage.input_tokens} tokens in, ${state.usage.output_tokens} out`;
    case 'incomplete':
      return `Incomplete: ${state.incompleteReason ?? 'unknown reason'}`;
    case 'stopped':
      return 'Stopped: the request was aborted, the partial answer is kept';
    case 'failed':
      return 'Failed: the answer below is what arrived before the error';
  }
}

function renderToolCalls(calls: readonly ToolCallItemView[], before: readonly ToolCallItemView[]): void {
  toolList.hidden = calls.length === 0;
  while (toolList.children.length > calls.length) toolList.lastElementChild?.remove();
  calls.forEach((call, i) => {
    // A view is the same object until its item changed: skip rows that did not.
    if (call === before[i] && toolList.children[i] !== undefined) return;
    const row = (toolList.children[i] as HTMLLIElement | undefined) ?? toolList.appendChild(document.createElement('li'));
    row.dataset.done = String(call.done);
    row.textContent = `${toolLabel(call)} (${call.status})`;
  });
}

function toolLabel(call: ToolCallItemView): string {
  switch (call.kind) {
    case 'function_call':
      return `${call.name}(${call.done ? call.arguments : `${call.arguments}…`})`;
    case 'custom_tool_call':
      return `${call.name}: ${call.input}`;
    case 'web_search_call':
      return call.query === undefined ? 'Web search' : `Web search: ${call.query}`;
    case 'file_search_call':
      return `File search: ${call.queries.join(', ')}`;
    case 'code_interpreter_call':
      return `Code interpreter (${call.code.length} characters of code)`;
    case 'image_generation_call':
      return call.result === undefined ? 'Generating an image' : 'Generated an image';
    case 'mcp_call':
      return `${call.server_label}.${call.name}`;
    case 'shell_call':
      return `Shell: ${call.commands.join(' && ')}`;
    case 'other':
      return call.type;
  }
}
