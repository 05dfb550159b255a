// The React tool-call recipe renders a call's arguments while they stream (server-rendered
// here: the markup a user would see at each step).
import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ToolCalls } from '../../../examples/recipes/react/ToolCallCard.js';
import { type ResponseStreamEvent, responseState } from '../../../src/index.js';
import { streamedCall } from '../../support/streamedCall.js';

describe('React recipe: ToolCallCard', () => {
  it('shows each argument as soon as it starts, growing, then the finished call', async () => {
    const { events } = streamedCall('call_1', 'forecast', ['{"city":"Pa', 'ris","days":3', '}']);
    const states = await lastValueFrom(from(events).pipe(responseState(), toArray()));
    const html = states.map((s) => renderToStaticMarkup(h(ToolCalls, { items: s.items })));
    expect(html).toContainEqual(expect.stringContaining('<dt>city</dt><dd>Pa</dd>'));
    expect(html.find((x) => x.includes('<dd>Pa</dd>'))).toContain('forecast …');
    expect(html.at(-1)).toContain('<h4>forecast</h4>');
    expect(html.at(-1)).toContain('<dt>city</dt><dd>Paris</dd>');
    expect(html.at(-1)).toContain('<dt>days</dt><dd>3</dd>');
  });

  it('shows the tool running, then its result, when a tool loop runs the call', async () => {
    // What runTools() emits for the call, between the response's events.
    const { events } = streamedCall('call_1', 'forecast', ['{"city":"Paris","days":3}'], [
      { type: 'rx.tool_call.started', turn: 1, call_id: 'call_1', name: 'forecast', arguments: { city: 'Paris', days: 3 } },
      { type: 'rx.tool_call.result', turn: 1, call_id: 'call_1', name: 'forecast', result: { high: 21 }, output: '{"high":21}' },
    ] as ResponseStreamEvent[]);
    const states = await lastValueFrom(from(events).pipe(responseState(), toArray()));
    const html = states.map((s) => renderToStaticMarkup(h(ToolCalls, { items: s.items })));
    const runs = html.map((x) => /<output[^>]*>([^<]*)<\/output>/.exec(x)?.[1] ?? '').filter((x, i, all) => x !== all[i - 1]);
    expect(runs).toStrictEqual(['', 'running…', '→ {&quot;high&quot;:21}']);
    expect(html.at(-1)).toContain('data-status="done"');
  });
});
