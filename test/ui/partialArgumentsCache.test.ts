// partialArguments(): the parser kept per call. What a user sees is the value and its identity
// (React and Angular compare by reference): a call whose arguments only grow keeps the objects
// that did not change; anything else is read afresh. Each test uses call ids of its own, since the
// cache is shared by the whole module.
import { describe, expect, it } from 'vitest';
import { partialArguments } from '../../src/ui/partialArguments.js';

type Args = { a?: { b: number }; c?: number; d?: number };
const read = (callId: string, args: string): Args => partialArguments(callId, args) as Args;

describe('partialArguments', () => {
  it('has no value for empty arguments', () => {
    expect(partialArguments('call_empty', '')).toBeUndefined();
  });

  it('reads growing arguments, keeping the parts that did not change', () => {
    const first = read('call_grow', '{"a":{"b":1},"c');
    expect(first).toEqual({ a: { b: 1 } });
    const second = read('call_grow', '{"a":{"b":1},"c":2');
    expect(second).toEqual({ a: { b: 1 } });
    const third = read('call_grow', '{"a":{"b":1},"c":2,');
    expect(third).toEqual({ a: { b: 1 }, c: 2 });
    expect(third.a).toBe(first.a);
  });

  it('gives the same value for the same arguments', () => {
    const first = read('call_same', '{"a":{"b":1}');
    expect(read('call_same', '{"a":{"b":1}')).toBe(first);
  });

  it('starts over when the arguments changed instead of growing', () => {
    const first = read('call_rewrite', '{"a":{"b":1},');
    const rewritten = read('call_rewrite', '{"a":{"b":2},"c":3,');
    expect(rewritten).toEqual({ a: { b: 2 }, c: 3 });
    const shorter = read('call_rewrite', '{"a":{"b":1},');
    expect(shorter).toEqual({ a: { b: 1 } });
    expect(shorter.a).not.toBe(first.a);
    const long = '{"a":{"b":1},"c":12345678901234567890,';
    read('call_rewrite', long);
    expect(read('call_rewrite', `{"a":{"b":1},"c":12345678901234567899,"d":4,`)).toEqual({ a: { b: 1 }, c: 12345678901234567899, d: 4 });
  });

  it('keeps two calls apart, and reads calls without an id right', () => {
    read('call_x', '{"a":{"b":1},');
    read('call_y', '{"c":2,');
    expect(read('call_x', '{"a":{"b":1},"d":4,')).toEqual({ a: { b: 1 }, d: 4 });
    expect(read('', '{"c":5,')).toEqual({ c: 5 });
    expect(read('', '{"d":6,')).toEqual({ d: 6 });
    expect(read('', '{"d":6,"c":7,')).toEqual({ d: 6, c: 7 });
  });

  it('gives the same value again for a call without an id while another one streams', () => {
    const first = read('', '{"a":{"b":1},"c":3,');
    read('', '{"d":4,');
    expect(read('', '{"a":{"b":1},"c":3,')).toBe(first);
  });

  it('keeps no place for empty arguments, so they push no other call out', () => {
    for (let i = 0; i < 64; i++) read(`call_pad_${i}`, '{}');
    const first = read('call_kept', '{"a":{"b":1},"c');
    for (let i = 0; i < 63; i++) read(`call_more_${i}`, '{}');
    for (let i = 0; i < 5; i++) expect(partialArguments(`call_blank_${i}`, '')).toBeUndefined();
    expect(read('call_kept', '{"a":{"b":1},"c":2,"d').a).toBe(first.a);
  });

  it('keeps the last value once the arguments stop being JSON', () => {
    expect(read('call_broken', '{"c":1,')).toEqual({ c: 1 });
    expect(read('call_broken', '{"c":1,}}')).toEqual({ c: 1 });
    expect(read('call_broken', '{"c":1,}},"d":2,')).toEqual({ c: 1 });
  });

  it('follows at most 64 calls: the oldest is read afresh after 64 others', () => {
    for (let i = 0; i < 64; i++) read(`call_fill_${i}`, '{}');
    const first = read('call_old', '{"a":{"b":1},"c');
    for (let i = 0; i < 63; i++) read(`call_new_${i}`, '{}');
    const kept = read('call_old', '{"a":{"b":1},"c":2,"d');
    expect(kept.a).toBe(first.a);
    read('call_new_63', '{}');
    const afresh = read('call_old', '{"a":{"b":1},"c":2,"d":3,');
    expect(afresh).toEqual({ a: { b: 1 }, c: 2, d: 3 });
    expect(afresh.a).not.toBe(kept.a);
  });
});
