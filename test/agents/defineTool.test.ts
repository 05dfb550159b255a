// defineTool(): one schema gives the tool's definition for the API (its JSON Schema, strict or
// not), and `execute` is the spec's. Expected values from its TSDoc and ToolSpec's: names of
// letters, digits, `_` and `-` (1 to 128), strict off by default, objects closed when strict.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineTool } from '../../src/index.js';

const plain = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

describe('defineTool', () => {
  it('accepts names of letters, digits, _ and -, from 1 to 128 characters', () => {
    for (const name of ['a', 'get_weather', 'Get-Weather-2', 'x'.repeat(128), '_-09AZaz']) {
      expect(defineTool({ name, parameters: plain, execute: () => 1 }).name).toBe(name);
    }
  });

  it('refuses any other name with a TypeError that quotes it', () => {
    for (const name of ['', 'x'.repeat(129), 'get weather', 'bad name', 'name bad', 'a.b', 'é', 'a\n']) {
      expect(() => defineTool({ name, parameters: plain, execute: () => 1 })).toThrow(new TypeError(`defineTool: invalid name ${JSON.stringify(name)} (letters, digits, _ and -, at most 128)`));
    }
    expect(() => defineTool({ name: 42 as never, parameters: plain, execute: () => 1 })).toThrow(new TypeError('defineTool: invalid name 42 (letters, digits, _ and -, at most 128)'));
  });

  it('is not strict by default: the parameters go to the API as given', () => {
    const tool = defineTool({ name: 'lookup', parameters: plain, execute: () => 1 });
    expect(tool.strict).toBe(false);
    expect(tool.description).toBeUndefined();
    expect(tool.parameters).toBe(plain);
    expect(tool.definition).toStrictEqual({ type: 'function', name: 'lookup', parameters: plain, strict: false });
  });

  it('with strict, closes the objects of the parameters and carries the description', () => {
    const tool = defineTool({ name: 'lookup', description: 'Finds a city', parameters: plain, strict: true, execute: () => 1 });
    expect(tool.strict).toBe(true);
    expect(tool.description).toBe('Finds a city');
    expect(tool.definition).toStrictEqual({
      type: 'function',
      name: 'lookup',
      description: 'Finds a city',
      parameters: { ...plain, additionalProperties: false },
      strict: true,
    });
  });

  it("keeps the zod schema for validation and sends its JSON Schema", () => {
    const parameters = z.object({ city: z.string() });
    const tool = defineTool({ name: 'lookup', parameters, execute: ({ city }) => city.length });
    expect(tool.parameters).toBe(parameters);
    expect(tool.definition.parameters).toMatchObject({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] });
  });

  it("runs the spec's execute with the arguments and the context, returning what it returns", () => {
    const seen: unknown[] = [];
    const tool = defineTool({
      name: 'echo',
      parameters: plain,
      execute: (args, context) => {
        seen.push(args, context);
        return 'result';
      },
    });
    const context = { signal: new AbortController().signal, callId: 'call_1', turn: 2 };
    expect(tool.execute({ city: 'Oslo' }, context)).toBe('result');
    expect(seen).toStrictEqual([{ city: 'Oslo' }, context]);
  });
});
