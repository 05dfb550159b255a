/** One event as it travels on the wire: a JSON object with a string `type`. */
export type WireEvent = Record<string, unknown> & { type: string };

/** One output item of a generated response: its deltas (lazy allowed) and their concatenation. */
export interface ItemSpec {
  readonly type: 'message' | 'function_call';
  /** Streamed in this order; may be a generator so that a million deltas never sit in memory. */
  readonly deltas: Iterable<string>;
  /** The concatenated deltas: what the `*.done` events and the terminal response carry. */
  readonly text: string;
}

/** An item spec whose text is its deltas joined. */
export function itemOf(type: ItemSpec['type'], deltas: readonly string[]): ItemSpec {
  return { type, deltas, text: deltas.join('') };
}

/**
 * The events of one well-formed response, as the Responses API streams it: `created`,
 * `in_progress`, then per item `output_item.added`, (`content_part.added`), deltas, `done`
 * events and `output_item.done`, then `response.completed` carrying the whole output.
 * Consecutive `sequence_number`s. A generator, so very long streams are produced lazily.
 */
export function* responseEvents(items: Iterable<ItemSpec>, id = 'resp_generated'): Generator<WireEvent> {
  let seq = 0;
  const base = { id, object: 'response', created_at: 1_700_000_000, model: 'gpt-test', status: 'in_progress', output: [] as unknown[] };
  yield { type: 'response.created', sequence_number: seq++, response: base };
  yield { type: 'response.in_progress', sequence_number: seq++, response: base };
  const output: unknown[] = [];
  let index = 0;
  for (const spec of items) {
    const itemId = `${spec.type === 'message' ? 'msg' : 'fc'}_${index}`;
    const at = { output_index: index, item_id: itemId };
    let done: Record<string, unknown>;
    if (spec.type === 'message') {
      yield { type: 'response.output_item.added', sequence_number: seq++, output_index: index, item: { id: itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] } };
      yield { type: 'response.content_part.added', sequence_number: seq++, ...at, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } };
      for (const delta of spec.deltas) yield { type: 'response.output_text.delta', sequence_number: seq++, ...at, content_index: 0, delta };
      const part = { type: 'output_text', text: spec.text, annotations: [] };
      yield { type: 'response.output_text.done', sequence_number: seq++, ...at, content_index: 0, text: spec.text };
      yield { type: 'response.content_part.done', sequence_number: seq++, ...at, content_index: 0, part };
      done = { id: itemId, type: 'message', status: 'completed', role: 'assistant', content: [part] };
    } else {
      const call = { id: itemId, type: 'function_call', call_id: `call_${index}`, name: 'lookup' };
      yield { type: 'response.output_item.added', sequence_number: seq++, output_index: index, item: { ...call, arguments: '', status: 'in_progress' } };
      for (const delta of spec.deltas) yield { type: 'response.function_call_arguments.delta', sequence_number: seq++, ...at, delta };
      yield { type: 'response.function_call_arguments.done', sequence_number: seq++, ...at, arguments: spec.text };
      done = { ...call, arguments: spec.text, status: 'completed' };
    }
    yield { type: 'response.output_item.done', sequence_number: seq++, output_index: index, item: done };
    output.push(done);
    index++;
  }
  yield { type: 'response.completed', sequence_number: seq++, response: { ...base, status: 'completed', output, usage: { input_tokens: 3, output_tokens: index, total_tokens: 3 + index } } };
}

/**
 * A short response full of non-ASCII text (2-, 3- and 4-byte UTF-8, surrogate pairs, ZWJ
 * sequences, combining marks), so byte splits land inside characters.
 */
export function unicodeResponseEvents(): WireEvent[] {
  return [
    ...responseEvents(
      [
        itemOf('message', ['Grüße, ', 'señor! ', 'Ça va? ', '你好', '世界 ', '🎉', '👩‍👩‍👧', ' 𝄞 ', 'naïve café — “quoted” ', 'e\u0301', ' Ω≈ç√∫']),
        itemOf('function_call', ['{"city":', '"Zürich 🇨🇭"', ',"note":"çà"}']),
        itemOf('message', ['Ünïcödé ', '🙂', '!']),
      ],
      'resp_unicode',
    ),
  ];
}
