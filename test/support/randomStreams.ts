// Random response streams for property tests: item events over a few ids and indices, so they
// collide (duplicates, conflicts, unknown items, skipped indices, several responses), often
// after a long run of well-formed messages so the output is large.
import fc from 'fast-check';

export type Wire = Record<string, unknown> & { type: string };

const IDS = ['msg_a', 'msg_b', 'fc_c', 'rs_d', 'ig_e'];
const TYPES = ['message', 'function_call', 'reasoning', 'image_generation_call', 'web_search_call'] as const;

function itemOf(type: string, id: string | undefined, status: string, text: string): Record<string, unknown> {
  const base: Record<string, unknown> = { type, status, ...(id === undefined ? {} : { id }) };
  switch (type) {
    case 'message':
      return { ...base, role: 'assistant', content: text === '' ? [] : [{ type: 'output_text', text, annotations: [] }] };
    case 'function_call':
      return { ...base, call_id: `call_${id ?? 'x'}`, name: 'f', arguments: text === '' ? '' : `{"a":${JSON.stringify(text)}}` };
    case 'reasoning':
      return { ...base, summary: text === '' ? [] : [{ type: 'summary_text', text }] };
    default:
      return base;
  }
}

/** One random event: indices and ids from small sets, so events collide with each other. */
export const eventArb: fc.Arbitrary<Wire> = fc
  .record({
    kind: fc.constantFrom(
      'added', 'added', 'part', 'delta', 'delta', 'delta', 'textDone', 'partDone', 'done', 'done', 'doneEcho', 'doneEcho',
      'args', 'summaryPart', 'summaryDelta', 'image', 'searching', 'keepalive', 'created', 'inProgress', 'completed', 'incomplete',
    ),
    oi: fc.oneof(fc.nat({ max: 5 }), fc.constant(undefined), fc.constant(40)),
    id: fc.option(fc.constantFrom(...IDS), { nil: undefined }),
    type: fc.constantFrom(...TYPES),
    ci: fc.nat({ max: 1 }),
    text: fc.constantFrom('', 'a', 'bc', 'héllo', '{"x":1}'),
    status: fc.constantFrom('in_progress', 'completed'),
    outputSize: fc.nat({ max: 3 }),
    respId: fc.constantFrom('resp_1', 'resp_1', 'resp_2'),
  })
  .map((r): Wire => {
    const at = { ...(r.oi === undefined ? {} : { output_index: r.oi }), ...(r.id === undefined ? {} : { item_id: r.id }) };
    const response = (status: string, output: unknown[]) => ({ id: r.respId, object: 'response', status, output, usage: status === 'in_progress' ? null : { input_tokens: 1, output_tokens: 2, total_tokens: 3 } });
    switch (r.kind) {
      case 'added':
        return { type: 'response.output_item.added', ...at, item: itemOf(r.type, r.id, 'in_progress', '') };
      case 'part':
        return { type: 'response.content_part.added', ...at, content_index: r.ci, part: { type: 'output_text', text: '', annotations: [] } };
      case 'delta':
        return { type: 'response.output_text.delta', ...at, content_index: r.ci, delta: r.text === '' ? 'z' : r.text };
      case 'textDone':
        return { type: 'response.output_text.done', ...at, content_index: r.ci, text: r.text };
      case 'partDone':
        return { type: 'response.content_part.done', ...at, content_index: r.ci, part: { type: 'output_text', text: r.text, annotations: [] } };
      case 'done':
        return { type: 'response.output_item.done', ...at, item: itemOf(r.type, r.id, r.status, r.text) };
      case 'doneEcho':
        // Equal to what an `added` of the same type and id carried: the reducer keeps its object.
        return { type: 'response.output_item.done', ...at, item: itemOf(r.type, r.id, 'in_progress', '') };
      case 'args':
        return { type: 'response.function_call_arguments.delta', ...at, delta: r.text === '' ? '1' : r.text };
      case 'summaryPart':
        return { type: 'response.reasoning_summary_part.added', ...at, summary_index: r.ci, part: { type: 'summary_text', text: '' } };
      case 'summaryDelta':
        return { type: 'response.reasoning_summary_text.delta', ...at, summary_index: r.ci, delta: r.text === '' ? 's' : r.text };
      case 'image':
        return { type: 'response.image_generation_call.partial_image', ...at, partial_image_index: r.ci, partial_image_b64: `b64${r.text}` };
      case 'searching':
        return { type: 'response.web_search_call.searching', ...at };
      case 'keepalive':
        return { type: 'keepalive' };
      case 'created':
        return { type: 'response.created', response: response('in_progress', []) };
      case 'inProgress':
        return { type: 'response.in_progress', response: response('in_progress', []) };
      case 'completed':
      case 'incomplete':
        return {
          type: `response.${r.kind}`,
          response: { ...response(r.kind, Array.from({ length: r.outputSize }, (_, i) => itemOf(TYPES[i % TYPES.length] as string, IDS[i], 'completed', r.text))), incomplete_details: r.kind === 'incomplete' ? { reason: 'max_output_tokens' } : null },
        };
      default:
        return { type: 'keepalive' };
    }
  });

/** `n` well-formed messages (the whole lifecycle of each), as a long transcript starts. */
export function wellFormed(n: number): Wire[] {
  const events: Wire[] = [{ type: 'response.created', response: { id: 'resp_1', object: 'response', status: 'in_progress', output: [] } }];
  for (let i = 0; i < n; i++) {
    const id = `msg_${i}`;
    const part = { type: 'output_text', text: `t${i}`, annotations: [] };
    events.push(
      { type: 'response.output_item.added', output_index: i, item: { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] } },
      { type: 'response.content_part.added', output_index: i, item_id: id, content_index: 0, part: { ...part, text: '' } },
      { type: 'response.output_text.delta', output_index: i, item_id: id, content_index: 0, delta: `t${i}` },
      { type: 'response.output_text.done', output_index: i, item_id: id, content_index: 0, text: `t${i}` },
      { type: 'response.content_part.done', output_index: i, item_id: id, content_index: 0, part },
      { type: 'response.output_item.done', output_index: i, item: { id, type: 'message', status: 'completed', role: 'assistant', content: [part] } },
    );
  }
  return events;
}

export const streamArb = fc
  .record({
    prefix: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 30, max: 45 })),
    events: fc.array(eventArb, { maxLength: 40 }),
    numbered: fc.boolean(),
    end: fc.constantFrom('complete', 'complete', 'error'),
  })
  .map(({ prefix, events, numbered, end }) => {
    const all = [...wellFormed(prefix), ...events];
    if (end === 'error') all.push({ type: 'error', error: { type: 'server_error', code: 'server_error', message: 'boom', param: null } });
    // With sequence numbers, deltas can take the reducer's short way (and its copies).
    return numbered ? all.map((e, i) => ({ ...e, sequence_number: i })) : all;
  });

