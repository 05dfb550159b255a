// toJSONSchema(): the JSON Schema sent to the API for a schema. Expected values come from its
// TSDoc: a Standard JSON Schema's input schema (draft 2020-12, without `$schema`) or the plain
// object as given; with `strict`, every object that does not say otherwise gets
// `additionalProperties: false`; a Standard Schema without a JSON Schema is a TypeError.
import type { StandardJSONSchemaV1 } from '@standard-schema/spec';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { toJSONSchema } from '../../src/index.js';

/** A hand-made Standard Schema whose JSON Schema is `json`, recording what it was asked for. */
function standardSchema(json: Record<string, unknown>, vendor = 'acme') {
  const asked: StandardJSONSchemaV1.Options[] = [];
  const schema = {
    '~standard': {
      version: 1 as const,
      vendor,
      validate: (value: unknown) => ({ value }),
      jsonSchema: {
        input: (options: StandardJSONSchemaV1.Options) => {
          asked.push(options);
          return json;
        },
        output: () => ({}),
      },
    },
  };
  return { schema, asked };
}

describe('toJSONSchema', () => {
  it("asks a Standard JSON Schema for its draft 2020-12 input schema and drops its $schema", () => {
    const { schema, asked } = standardSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { a: { type: 'string' } } });
    expect(toJSONSchema(schema)).toStrictEqual({ type: 'object', properties: { a: { type: 'string' } } });
    expect(asked).toStrictEqual([{ target: 'draft-2020-12' }]);
  });

  it('returns a plain JSON Schema object as given without strict', () => {
    const plain = { type: 'object', properties: { a: { type: 'object', properties: {} } } };
    expect(toJSONSchema(plain)).toBe(plain);
    expect(toJSONSchema(plain, { strict: false })).toBe(plain);
    expect(toJSONSchema(plain, {})).toBe(plain);
  });

  it('closes objects of a zod schema for strict mode only', () => {
    const schema = z.object({ a: z.object({ b: z.string() }) });
    const open = toJSONSchema(schema) as { additionalProperties?: unknown; properties: { a: { additionalProperties?: unknown } } };
    const closed = toJSONSchema(schema, { strict: true }) as typeof open;
    expect(closed.additionalProperties).toBe(false);
    expect(closed.properties.a.additionalProperties).toBe(false);
    // zod says additionalProperties: false itself; what matters is that strict never opens it.
    expect(open.properties.a).toMatchObject({ properties: { b: { type: 'string' } } });
  });

  it('with strict, closes every object schema wherever it sits, and only object schemas', () => {
    const plain = {
      type: 'object',
      properties: {
        list: { type: 'array', items: { type: 'object', properties: { x: { type: 'number' } } } },
        either: { anyOf: [{ type: 'object', properties: {} }, { type: 'string' }] },
        nullable: { type: ['object', 'null'], properties: { y: { type: 'string' } } },
        untyped: { properties: { z: { type: 'string' } } },
        text: { type: 'string' },
        tuple: { type: ['string', 'number'] },
        typedButNotObject: { type: 'string', properties: { odd: { type: 'string' } } },
      },
      $defs: { Node: { type: 'object', properties: { next: { $ref: '#/$defs/Node' } } } },
    };
    const closed = toJSONSchema(plain, { strict: true });
    expect(closed).toStrictEqual({
      type: 'object',
      properties: {
        list: { type: 'array', items: { type: 'object', properties: { x: { type: 'number' } }, additionalProperties: false } },
        either: { anyOf: [{ type: 'object', properties: {}, additionalProperties: false }, { type: 'string' }] },
        nullable: { type: ['object', 'null'], properties: { y: { type: 'string' } }, additionalProperties: false },
        untyped: { properties: { z: { type: 'string' } }, additionalProperties: false },
        text: { type: 'string' },
        tuple: { type: ['string', 'number'] },
        typedButNotObject: { type: 'string', properties: { odd: { type: 'string' } } },
      },
      $defs: { Node: { type: 'object', properties: { next: { $ref: '#/$defs/Node' } }, additionalProperties: false } },
      additionalProperties: false,
    });
    // The given object is not changed.
    expect(plain).not.toHaveProperty('additionalProperties');
    expect(plain.properties.list.items).not.toHaveProperty('additionalProperties');
  });

  it('with strict, keeps an additionalProperties the schema gives, and closes a schema given there', () => {
    const closed = toJSONSchema(
      {
        type: 'object',
        properties: {
          open: { type: 'object', additionalProperties: true },
          map: { type: 'object', additionalProperties: { type: 'object', properties: { v: { type: 'number' } } } },
        },
      },
      { strict: true },
    );
    expect(closed).toStrictEqual({
      type: 'object',
      properties: {
        open: { type: 'object', additionalProperties: true },
        map: { type: 'object', additionalProperties: { type: 'object', properties: { v: { type: 'number' } }, additionalProperties: false } },
      },
      additionalProperties: false,
    });
  });

  it('with strict, keeps null and other plain values of keywords as they are', () => {
    expect(toJSONSchema({ type: 'object', properties: {}, 'x-note': null, title: 'T', minProperties: 0, deprecated: false }, { strict: true })).toStrictEqual({
      type: 'object',
      properties: {},
      'x-note': null,
      title: 'T',
      minProperties: 0,
      deprecated: false,
      additionalProperties: false,
    });
  });

  it('with strict, leaves data alone: enum, const, default and examples hold values, not schemas', () => {
    const data = { type: 'object', properties: { p: { type: 'string' } } };
    const schema = {
      type: 'object',
      properties: {
        e: { enum: [data] },
        c: { const: data },
        d: { type: 'object', default: data },
        x: { examples: [data] },
      },
      required: ['e', 'c'],
    };
    const closed = toJSONSchema(schema, { strict: true }) as { properties: Record<string, Record<string, unknown>>; required: unknown };
    expect(closed.properties.e).toStrictEqual({ enum: [data] });
    expect(closed.properties.c).toStrictEqual({ const: data });
    expect(closed.properties.d).toStrictEqual({ type: 'object', default: data, additionalProperties: false });
    expect(closed.properties.x).toStrictEqual({ examples: [data] });
    expect(closed.required).toStrictEqual(['e', 'c']);
    expect(data).toStrictEqual({ type: 'object', properties: { p: { type: 'string' } } });
  });

  it('with strict, closes objects nested 100 deep and stops there, even in a schema that contains itself', () => {
    // Nest objects under `p`: level 0 is the root, level k sits at depth 2k (properties, then p).
    type Node = { type: string; properties?: { p: Node } };
    const root: Node = { type: 'object' };
    let at = root;
    for (let level = 1; level <= 60; level++) {
      const child: Node = { type: 'object' };
      at.properties = { p: child };
      at = child;
    }
    const closed = toJSONSchema(root, { strict: true }) as Node & { additionalProperties?: unknown };
    const closedLevels: number[] = [];
    let node: (Node & { additionalProperties?: unknown }) | undefined = closed;
    for (let level = 0; node !== undefined; level++, node = node.properties?.p) if (node.additionalProperties === false) closedLevels.push(level);
    // Depth 100 (level 50) is the last one walked; beyond it the schema is kept as given.
    expect(closedLevels).toStrictEqual(Array.from({ length: 51 }, (_, i) => i));

    const loop: Record<string, unknown> = { type: 'object' };
    loop.properties = { self: loop };
    expect(() => toJSONSchema(loop, { strict: true })).not.toThrow();
    expect(toJSONSchema(loop, { strict: true })).toMatchObject({ type: 'object', additionalProperties: false, properties: { self: { additionalProperties: false } } });
    const listLoop: Record<string, unknown> = { type: 'object' };
    listLoop.anyOf = [listLoop];
    expect(() => toJSONSchema(listLoop, { strict: true })).not.toThrow();
    expect(toJSONSchema(listLoop, { strict: true })).toMatchObject({ additionalProperties: false, anyOf: [{ additionalProperties: false }] });
  });

  it('throws a TypeError naming the vendor and the fix for a Standard Schema without a JSON Schema', () => {
    const withoutJSON = { '~standard': { version: 1, vendor: 'acme', validate: (value: unknown) => ({ value }) } };
    expect(() => toJSONSchema(withoutJSON as never)).toThrow(TypeError);
    expect(() => toJSONSchema(withoutJSON as never)).toThrow(/^This acme schema does not implement Standard JSON Schema.*toStandardJsonSchema\(\) from @valibot\/to-json-schema/);
    const notAFunction = { '~standard': { version: 1, vendor: 'acme', validate: (value: unknown) => ({ value }), jsonSchema: { input: 'nope' } } };
    expect(() => toJSONSchema(notAFunction as never)).toThrow(TypeError);
    expect(() => toJSONSchema(notAFunction as never)).toThrow(/^This acme schema does not implement Standard JSON Schema/);
  });

  it('takes an object whose ~standard is not a Standard Schema as a plain JSON Schema', () => {
    for (const standard of [null, 'text', { validate: 'not a function' }]) {
      const plain = { '~standard': standard, type: 'object' };
      expect(toJSONSchema(plain)).toBe(plain);
    }
  });
});
