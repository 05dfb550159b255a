// Deterministic workloads, generated in memory and serialized once to SSE bytes, then cut into
// fixed-size chunks that every contender reads the same way.
import { readFileSync, readdirSync } from 'node:fs';

export interface Workload {
  readonly name: string;
  /** Number of SSE events in the bytes. */
  readonly eventCount: number;
  readonly bytes: number;
  readonly chunks: readonly Uint8Array[];
  /**
   * The answer text every contender must arrive at (the last `response.completed`'s message
   * text), for generated workloads. Recordings are left out: where a gateway's terminal event
   * is incomplete, the right answer is what the stream carried, which needs a reducer to tell.
   */
  readonly expectedText?: string;
}

type Event = Record<string, unknown>;

/** A tiny seeded PRNG (mulberry32) so every run generates the same text. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['the', 'stream', 'of', 'tokens', 'arrives', 'quickly', 'and', 'each', 'delta', 'is', 'small', 'but', 'there', 'are', 'many', 'responses', 'API', 'reactive'];

function tokens(n: number, seed: number): string[] {
  const next = random(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((i % 12 === 0 ? '\n' : ' ') + (WORDS[Math.floor(next() * WORDS.length)] ?? 'x'));
  return out;
}

function obfuscation(i: number): string {
  return 'abcdefghijklmnop'.slice(0, 4 + (i % 9));
}

function responseShell(id: string, status: string, output: unknown[], usage: unknown = null): Event {
  return {
    id, object: 'response', created_at: 1760000000, status, background: false, error: null, incomplete_details: null,
    instructions: null, max_output_tokens: null, model: 'gpt-5-bench', output, parallel_tool_calls: true,
    previous_response_id: null, reasoning: { effort: 'medium', summary: 'auto' }, store: true, temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'medium' }, tool_choice: 'auto', tools: [], top_p: 1, truncation: 'disabled',
    usage, user: null, metadata: {},
  };
}

const USAGE = { input_tokens: 12, input_tokens_details: { cached_tokens: 0 }, output_tokens: 100, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 112 };

class Builder {
  readonly events: Event[] = [];
  private seq = 0;
  push(type: string, fields: Event): void {
    this.events.push({ type, sequence_number: this.seq++, ...fields });
  }
}

function messageEvents(b: Builder, outputIndex: number, id: string, parts: string[]): Event {
  b.push('response.output_item.added', { output_index: outputIndex, item: { id, type: 'message', status: 'in_progress', content: [], role: 'assistant' } });
  b.push('response.content_part.added', { item_id: id, output_index: outputIndex, content_index: 0, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } });
  parts.forEach((delta, i) =>
    b.push('response.output_text.delta', { item_id: id, output_index: outputIndex, content_index: 0, delta, logprobs: [], obfuscation: obfuscation(i) }),
  );
  const text = parts.join('');
  b.push('response.output_text.done', { item_id: id, output_index: outputIndex, content_index: 0, text, logprobs: [] });
  const part = { type: 'output_text', annotations: [], logprobs: [], text };
  b.push('response.content_part.done', { item_id: id, output_index: outputIndex, content_index: 0, part });
  const item = { id, type: 'message', status: 'completed', content: [part], role: 'assistant' };
  b.push('response.output_item.done', { output_index: outputIndex, item });
  return item;
}

/** One message with `n` output_text.delta events. */
export function textEvents(n: number): Event[] {
  const b = new Builder();
  const id = 'resp_bench_text';
  b.push('response.created', { response: responseShell(id, 'in_progress', []) });
  b.push('response.in_progress', { response: responseShell(id, 'in_progress', []) });
  const item = messageEvents(b, 0, 'msg_bench_0', tokens(n, 1));
  b.push('response.completed', { response: responseShell(id, 'completed', [item], USAGE) });
  return b.events;
}

/**
 * `items` messages of one text delta each, every one with its whole lifecycle (added, part
 * added, delta, text done, part done, item done), then `response.completed` with every item:
 * a long agent transcript, where the cost per event must not grow with the number of items.
 */
export function itemsEvents(items: number): Event[] {
  const b = new Builder();
  const id = 'resp_bench_items';
  b.push('response.created', { response: responseShell(id, 'in_progress', []) });
  b.push('response.in_progress', { response: responseShell(id, 'in_progress', []) });
  const words = tokens(items, 4);
  const output: unknown[] = [];
  for (let i = 0; i < items; i++) output.push(messageEvents(b, i, `msg_bench_${i}`, [words[i] ?? 'x']));
  b.push('response.completed', { response: responseShell(id, 'completed', output, USAGE) });
  return b.events;
}

/** Reasoning summary deltas, several function calls with argument deltas, a web search and a message. */
export function mixedEvents(total: number): Event[] {
  const b = new Builder();
  const id = 'resp_bench_mixed';
  b.push('response.created', { response: responseShell(id, 'in_progress', []) });
  b.push('response.in_progress', { response: responseShell(id, 'in_progress', []) });
  const budget = Math.max(10, Math.floor((total - 40) / 4));
  const output: unknown[] = [];
  // Reasoning with a streamed summary.
  const rid = 'rs_bench';
  b.push('response.output_item.added', { output_index: 0, item: { id: rid, type: 'reasoning', summary: [] } });
  b.push('response.reasoning_summary_part.added', { item_id: rid, output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' } });
  const summary = tokens(budget, 2);
  summary.forEach((delta, i) => b.push('response.reasoning_summary_text.delta', { item_id: rid, output_index: 0, summary_index: 0, delta, obfuscation: obfuscation(i) }));
  const summaryText = summary.join('');
  b.push('response.reasoning_summary_text.done', { item_id: rid, output_index: 0, summary_index: 0, text: summaryText });
  b.push('response.reasoning_summary_part.done', { item_id: rid, output_index: 0, summary_index: 0, part: { type: 'summary_text', text: summaryText } });
  const reasoningItem = { id: rid, type: 'reasoning', summary: [{ type: 'summary_text', text: summaryText }] };
  b.push('response.output_item.done', { output_index: 0, item: reasoningItem });
  output.push(reasoningItem);
  // Four function calls, arguments streamed in small pieces.
  for (let f = 0; f < 4; f++) {
    const index = 1 + f;
    const fid = `fc_bench_${f}`;
    b.push('response.output_item.added', { output_index: index, item: { id: fid, type: 'function_call', status: 'in_progress', arguments: '', call_id: `call_${f}`, name: `tool_${f}` } });
    const pieces = ['{"items":['];
    for (let i = 0; i < Math.floor(budget / 4) - 2; i++) pieces.push(`${i === 0 ? '' : ','}${i}`);
    pieces.push(']}');
    pieces.forEach((delta, i) => b.push('response.function_call_arguments.delta', { item_id: fid, output_index: index, delta, obfuscation: obfuscation(i) }));
    const args = pieces.join('');
    b.push('response.function_call_arguments.done', { item_id: fid, output_index: index, arguments: args });
    const item = { id: fid, type: 'function_call', status: 'completed', arguments: args, call_id: `call_${f}`, name: `tool_${f}` };
    b.push('response.output_item.done', { output_index: index, item });
    output.push(item);
  }
  // A web search.
  const wid = 'ws_bench';
  b.push('response.output_item.added', { output_index: 5, item: { id: wid, type: 'web_search_call', status: 'in_progress' } });
  b.push('response.web_search_call.in_progress', { item_id: wid, output_index: 5 });
  b.push('response.web_search_call.searching', { item_id: wid, output_index: 5 });
  b.push('response.web_search_call.completed', { item_id: wid, output_index: 5 });
  const search = { id: wid, type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'bench' } };
  b.push('response.output_item.done', { output_index: 5, item: search });
  output.push(search);
  // The message takes the rest of the budget.
  const remaining = total - b.events.length - 7;
  output.push(messageEvents(b, 6, 'msg_bench_mixed', tokens(Math.max(1, remaining), 3)));
  b.push('response.completed', { response: responseShell(id, 'completed', output, USAGE) });
  return b.events;
}

/** Every recording with a terminal event, K times over (several responses in one stream). */
export function fixtureEvents(dir: string, times: number): Event[] {
  const streams: Event[][] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    const events: Event[] = [];
    for (const line of readFileSync(dir + name, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        events.push(JSON.parse(line) as Event);
      } catch {
        events.length = 0;
        break;
      }
    }
    // Only streams that succeed: a failed one would end every contender's run early.
    const hasTerminal = events.some((e) => ['response.completed', 'response.incomplete'].includes(String(e.type)));
    const fails = events.some((e) => e.type === 'error' || e.type === 'response.failed');
    const startsFresh = events[0]?.type === 'response.created';
    if (events.length > 0 && hasTerminal && !fails && startsFresh) streams.push(events);
  }
  const out: Event[] = [];
  for (let k = 0; k < times; k++) for (const s of streams) out.push(...s);
  return out;
}

/** SSE framing as the API sends it: an `event:` line, a `data:` line and a blank line. */
export function toWorkload(name: string, events: readonly Event[], chunkSize: number, options: { checkText?: boolean } = {}): Workload {
  let text = '';
  const parts: string[] = [];
  for (const e of events) {
    parts.push(`event: ${String(e.type)}\ndata: ${JSON.stringify(e)}\n\n`);
    if (parts.length === 4096) {
      text += parts.join('');
      parts.length = 0;
    }
  }
  text += parts.join('');
  const bytes = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.slice(i, i + chunkSize));
  return { name, eventCount: events.length, bytes: bytes.length, chunks, ...(options.checkText === true ? { expectedText: completedText(events) } : {}) };
}

/** The message text of the last `response.completed` event's response. */
export function completedText(events: readonly Event[]): string {
  const completed = [...events].reverse().find((e) => e.type === 'response.completed');
  const output = ((completed?.response as { output?: unknown[] } | undefined)?.output ?? []) as { type?: string; content?: { type?: string; text?: string }[] }[];
  let text = '';
  for (const item of output) if (item.type === 'message') for (const part of item.content ?? []) if (part.type === 'output_text') text += part.text ?? '';
  return text;
}
