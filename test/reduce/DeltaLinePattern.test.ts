// The wire form of a run of deltas, learned from one delta's raw JSON: a payload it reads must
// be one JSON.parse turns into the learned event with only sequence_number, delta and
// obfuscation changed, and it must read exactly the values JSON.parse gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeltaLinePattern } from '../../src/reduce/DeltaLinePattern.js';

type Fields = Record<string, unknown>;

const learnedFrom = (event: Fields): DeltaLinePattern | undefined => {
  const raw = JSON.stringify(event);
  return DeltaLinePattern.learn(raw, JSON.parse(raw) as Fields);
};

const base: Fields = {
  type: 'response.output_text.delta',
  sequence_number: 7,
  item_id: 'msg_1',
  output_index: 0,
  content_index: 0,
  delta: 'Hel',
  logprobs: [],
  obfuscation: 'abcd',
};

describe('DeltaLinePattern', () => {
  it('reads the next delta of a run written like the learned one', () => {
    const pattern = learnedFrom(base);
    expect(pattern?.read(JSON.stringify({ ...base, sequence_number: 8, delta: 'lo, "world"\n', obfuscation: 'x' }))).toBe(true);
    expect(pattern?.seq).toBe(8);
    expect(pattern?.delta).toBe('lo, "world"\n');
  });

  it('does not read a delta of another item, part, type or index', () => {
    const pattern = learnedFrom(base);
    for (const change of [{ item_id: 'msg_2' }, { output_index: 1 }, { content_index: 1 }, { type: 'response.refusal.delta' }, { logprobs: [{ token: 'a' }] }]) {
      expect(pattern?.read(JSON.stringify({ ...base, ...change })), JSON.stringify(change)).toBe(false);
    }
  });

  it('does not read what JSON.parse would refuse or read differently', () => {
    const pattern = learnedFrom(base);
    const line = JSON.stringify(base);
    const variants = [
      line.replace('"Hel"', '"He\tl"'), // a raw control character
      line.replace('"Hel"', '"He\\ql"'), // an invalid escape
      line.replace('"Hel"', '"He\\u12"'), // a short \u escape
      line.replace(':7,', ': 7,'), // whitespace
      line.replace(':7,', ':07,'), // a leading zero
      line.replace(':7,', ':7.0,'), // not written as an integer
      line.replace(':7,', ':12345678901234567,'), // past what a double holds exactly
      line.replace('}', ',"delta":"again"}'), // a repeated key: JSON.parse keeps the last
      `${line} `,
      line.slice(0, -1),
    ];
    for (const variant of variants) expect(pattern?.read(variant), variant).toBe(false);
  });

  it('learns nothing from a payload it cannot read exactly', () => {
    const raw = JSON.stringify(base);
    expect(DeltaLinePattern.learn(raw.replace(':7,', ': 7,'), base)).toBeUndefined();
    expect(DeltaLinePattern.learn(JSON.stringify({ ...base, item_id: { nested: true } }), { ...base, item_id: { nested: true } })).toBeUndefined();
    expect(DeltaLinePattern.learn(JSON.stringify({ ...base, sequence_number: -1 }), { ...base, sequence_number: -1 })).toBeUndefined();
    expect(DeltaLinePattern.learn(raw, { ...base, delta: 'other' })).toBeUndefined();
    expect(DeltaLinePattern.learn(raw, { ...base, sequence_number: 8 })).toBeUndefined();
    const { delta: _, ...noDelta } = base;
    expect(DeltaLinePattern.learn(JSON.stringify(noDelta), noDelta)).toBeUndefined();
    const { sequence_number: _s, ...noSeq } = base;
    expect(DeltaLinePattern.learn(JSON.stringify(noSeq), noSeq)).toBeUndefined();
    for (const delta of [5, null, ['Hel']]) expect(DeltaLinePattern.learn(JSON.stringify({ ...base, delta }), { ...base, delta }), JSON.stringify(delta)).toBeUndefined();
  });

  it('learns nothing from a payload that is not one flat object written without whitespace, or repeats a key', () => {
    const raw = JSON.stringify(base);
    const learnedFromText = (text: string) => DeltaLinePattern.learn(text, base);
    expect(learnedFromText(`[${raw.slice(1)}`)).toBeUndefined(); // not an object
    expect(learnedFromText(`${raw} `)).toBeUndefined(); // whitespace after it
    expect(learnedFromText(`${raw}}`)).toBeUndefined(); // something after it
    expect(learnedFromText(`${raw}${raw}`)).toBeUndefined(); // two objects
    expect(learnedFromText(`${raw.slice(0, -1)}]`)).toBeUndefined(); // not closed by a brace
    expect(learnedFromText(raw.replace(',"item_id"', ' ,"item_id"'))).toBeUndefined(); // whitespace after a value
    // A key that repeats is refused, as documented (JSON.parse keeps only its last value).
    const repeated = raw.replace('}', ',"item_id":"msg_1"}');
    expect(DeltaLinePattern.learn(repeated, JSON.parse(repeated) as Fields)).toBeUndefined();
  });

  it('learns from a payload up to 4096 characters long, not from a longer one', () => {
    // Long deltas are rare and gain little from the short way.
    const sized = (length: number): string => {
      const raw = JSON.stringify({ ...base, delta: '' });
      return JSON.stringify({ ...base, delta: 'x'.repeat(length - raw.length) });
    };
    for (const [length, learns] of [[4096, true], [4097, false]] as const) {
      const raw = sized(length);
      expect(raw).toHaveLength(length);
      expect(DeltaLinePattern.learn(raw, JSON.parse(raw) as Fields) !== undefined, String(length)).toBe(learns);
    }
  });

  // Any key order and extra constant fields, as servers write them; deltas of any text
  // (escapes, lone and paired surrogates, control characters that JSON escapes).
  const text = fc.string({ unit: 'binary', maxLength: 12 });
  const extra = fc.dictionary(fc.constantFrom('logprobs', 'obfuscation', 'annotations', 'x_meta', 'status'), fc.oneof(fc.constant([]), fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null)), { maxKeys: 3 });
  const shape = fc.record({
    extra,
    order: fc.array(fc.integer(), { minLength: 8, maxLength: 8 }),
    itemId: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }),
  });
  const build = (s: { extra: Fields; order: number[]; itemId: string }, seq: number, delta: string, obfuscation: string): string => {
    const fields: Fields = { type: 'response.output_text.delta', sequence_number: seq, item_id: s.itemId, output_index: 0, content_index: 0, delta, ...s.extra };
    if ('obfuscation' in s.extra) fields.obfuscation = obfuscation;
    const keys = Object.keys(fields).sort((a, b) => (s.order[a.length % 8] ?? 0) - (s.order[b.length % 8] ?? 0) || a.localeCompare(b));
    return JSON.stringify(Object.fromEntries(keys.map((k) => [k, fields[k]])));
  };

  it('reads every delta written as the learned one, with the values JSON.parse gives', () => {
    fc.assert(
      fc.property(shape, text, fc.nat(1e6), text, text, (s, first, seq, next, obfuscation) => {
        const raw = build(s, seq, first, 'o');
        const pattern = DeltaLinePattern.learn(raw, JSON.parse(raw) as Fields);
        expect(pattern).toBeDefined();
        const line = build(s, seq + 1, next, obfuscation);
        expect(pattern?.read(line)).toBe(true);
        const parsed = JSON.parse(line) as Fields;
        expect([pattern?.seq, pattern?.delta]).toEqual([parsed.sequence_number, parsed.delta]);
      }),
    );
  });

  it('never reads a payload that JSON.parse would turn into anything but the learned event with a new seq, delta and obfuscation', () => {
    const edit = fc.record({ at: fc.nat(), cut: fc.nat(3), insert: fc.constantFrom('', ' ', '\t', '"', '\\', '\\u00', 'a', '1', ',', '}', '{', '[]', '\u2028', '\ud800') });
    fc.assert(
      fc.property(shape, text, fc.nat(1e6), text, edit, (s, first, seq, next, e) => {
        const raw = build(s, seq, first, 'o');
        const learned = JSON.parse(raw) as Fields;
        const pattern = DeltaLinePattern.learn(raw, learned);
        const line = build(s, seq + 1, next, 'p');
        const at = e.at % (line.length + 1);
        const edited = line.slice(0, at) + e.insert + line.slice(at + e.cut);
        if (pattern?.read(edited) !== true) return;
        const parsed = JSON.parse(edited) as Fields; // throws (failing the test) if it is not JSON
        expect(Object.keys(parsed)).toEqual(Object.keys(learned));
        for (const key of Object.keys(learned)) {
          if (key === 'sequence_number' || key === 'delta' || key === 'obfuscation') continue;
          expect(parsed[key], key).toEqual(learned[key]);
        }
        expect([pattern.seq, pattern.delta]).toEqual([parsed.sequence_number, parsed.delta]);
      }),
      { numRuns: 2000 },
    );
  });
});
