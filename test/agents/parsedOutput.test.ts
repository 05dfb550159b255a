// Structured output: textFormat() builds the request's format from each schema library, and
// parsedOutput() streams typed partial values, then the validated value or a typed error.
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { type } from 'arktype';
import { from, lastValueFrom, toArray } from 'rxjs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  type ResponseStreamEvent,
  isOutputRefusalError,
  isOutputValidationError,
  parsedOutput,
  textFormat,
} from '../../src/index.js';
import { collectNotifications } from '../support/collectNotifications.js';
import { completed, created, itemAdded, itemDone, message, partAdded, refusalDelta, textDelta, textDone } from '../operators/streamEvents.js';

const Weather = z.object({ city: z.string(), days: z.array(z.object({ high: z.number(), sky: z.string() })) });
const weather = { city: 'Paris', days: [{ high: 21, sky: 'sunny' }, { high: 17, sky: 'rain \u00e9 "quoted" 😀' }] };

/** One response whose message text is `text`, streamed in pieces of `size` characters. */
function jsonResponse(text: string, size: number): ResponseStreamEvent[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return [
    created('resp_1'),
    itemAdded(0, message('msg_1')),
    partAdded(0, 'msg_1'),
    ...pieces.map((p) => textDelta(0, 'msg_1', p)),
    textDone(0, 'msg_1', text),
    itemDone(0, message('msg_1', text)),
    completed('resp_1', [message('msg_1', text)]),
  ];
}

describe('textFormat', () => {
  const expected = {
    type: 'object',
    properties: { city: { type: 'string' }, celsius: { type: 'number' } },
    required: ['city', 'celsius'],
    additionalProperties: false,
  };

  it.each([
    ['zod 4', z.object({ city: z.string(), celsius: z.number() })],
    ['arktype', type({ city: 'string', celsius: 'number' })],
    ['valibot through toStandardJsonSchema', toStandardJsonSchema(v.object({ city: v.string(), celsius: v.number() }))],
    ['a plain JSON Schema', { type: 'object', properties: { city: { type: 'string' } , celsius: { type: 'number' } }, required: ['city', 'celsius'] }],
  ])('builds a strict json_schema format from %s', (_name, schema) => {
    const format = textFormat(schema, 'weather');
    expect(format).toMatchObject({ type: 'json_schema', name: 'weather', strict: true });
    // arktype lists keys alphabetically: compare the required keys as a set.
    const { required, ...rest } = format.schema as { required: string[] };
    expect(rest).toStrictEqual({ type: 'object', properties: expected.properties, additionalProperties: false });
    expect([...required].sort()).toStrictEqual([...expected.required].sort());
  });

  it('closes nested objects for strict mode but leaves enum data alone', () => {
    const format = textFormat(z.object({ a: z.array(z.object({ b: z.enum(['x', 'y']) })) }), 'nested');
    const items = (format.schema.properties as { a: { items: Record<string, unknown> } }).a.items;
    expect(items.additionalProperties).toBe(false);
    expect(items.properties).toStrictEqual({ b: { type: 'string', enum: ['x', 'y'] } });
  });

  it('explains what to do with a valibot schema that has no JSON Schema', () => {
    expect(() => textFormat(v.object({ a: v.string() }) as never, 'x')).toThrow(/toStandardJsonSchema/);
  });
});

describe('parsedOutput', () => {
  it('emits growing partial values, then the validated value, for zod, arktype and valibot', async () => {
    const text = JSON.stringify(weather);
    for (const schema of [Weather, type({ city: 'string', days: type({ high: 'number', sky: 'string' }).array() }), toStandardJsonSchema(v.object({ city: v.string(), days: v.array(v.object({ high: v.number(), sky: v.string() })) }))]) {
      const updates = await lastValueFrom(from(jsonResponse(text, 7)).pipe(parsedOutput(schema), toArray()));
      const last = updates[updates.length - 1];
      expect(last).toMatchObject({ done: true, value: weather, text });
      const partials = updates.filter((u) => !u.done).map((u) => u.partial);
      expect(partials.length).toBeGreaterThan(5);
      // Each partial is a prefix of the text's value: the city grows, days fill in order.
      expect(partials[0]).toStrictEqual({});
      expect(partials.some((p) => JSON.stringify(p) === '{"city":"Par"}' || JSON.stringify(p) === '{"city":"Paris"}')).toBe(true);
      expect(partials.at(-1)).toStrictEqual(weather);
    }
  });

  it('keeps finished parts === across partials', async () => {
    const text = JSON.stringify(weather);
    const updates = await lastValueFrom(from(jsonResponse(text, 3)).pipe(parsedOutput(Weather), toArray()));
    const partials = updates.filter((u) => !u.done).map((u) => u.partial as { days?: object[] });
    const withSecondDay = partials.filter((p) => (p.days?.length ?? 0) === 2);
    expect(withSecondDay.length).toBeGreaterThan(2);
    // While the second day streams, the first one is the very same object.
    for (const p of withSecondDay) expect(p.days?.[0]).toBe(withSecondDay[0]?.days?.[0]);
  });

  it('errors with OutputValidationError after the partials when the JSON fails the schema', async () => {
    const text = JSON.stringify({ city: 'Paris', days: [{ high: 'warm', sky: 'sunny' }] });
    const result = await collectNotifications(from(jsonResponse(text, 5)).pipe(parsedOutput(Weather)));
    expect(result.values.length).toBeGreaterThan(3);
    expect(result.values.every((u) => !u.done)).toBe(true);
    expect(isOutputValidationError(result.error)).toBe(true);
    const error = result.error as { text: string; issues: { path?: unknown[] }[]; code: string };
    expect(error.code).toBe('output_validation_failed');
    expect(error.text).toBe(text);
    expect(error.issues[0]?.path).toStrictEqual(['days', 0, 'high']);
  });

  it('errors with OutputValidationError when the text is not JSON', async () => {
    const result = await collectNotifications(from(jsonResponse('{"city": "Paris", oops', 4)).pipe(parsedOutput(Weather)));
    expect(isOutputValidationError(result.error)).toBe(true);
    expect((result.error as { partial: unknown }).partial).toStrictEqual({ city: 'Paris' });
  });

  it('ends with OutputRefusalError when the model refuses', async () => {
    const events = [created('resp_1'), itemAdded(0, message('msg_1')), refusalDelta(0, 'msg_1', "I can't "), refusalDelta(0, 'msg_1', 'help with that.'), completed('resp_1', [])];
    const result = await collectNotifications(from(events).pipe(parsedOutput(Weather)));
    expect(isOutputRefusalError(result.error)).toBe(true);
    expect((result.error as { refusal: string }).refusal).toBe("I can't help with that.");
  });

  it('takes the final text when a server sends no deltas', async () => {
    const text = JSON.stringify(weather);
    const events = jsonResponse(text, text.length).filter((e) => e.type !== 'response.output_text.delta');
    const updates = await lastValueFrom(from(events).pipe(parsedOutput(Weather), toArray()));
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ done: true, value: weather });
  });

  it('passes a plain JSON Schema value through unvalidated', async () => {
    const updates = await lastValueFrom(from(jsonResponse('{"anything": [1, 2]}', 4)).pipe(parsedOutput({ type: 'object' }), toArray()));
    expect(updates.at(-1)).toMatchObject({ done: true, value: { anything: [1, 2] } });
  });
});


