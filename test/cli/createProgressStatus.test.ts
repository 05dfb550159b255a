// The status line of `stream`: plain lines off a terminal, one animated line on a terminal
// that never cuts through the answer text.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgressStatus } from '../../src/cli/createProgressStatus.js';
import type { ItemProgress } from '../../src/cli/itemProgress.js';

const CLEAR_LINE = '\r\u001b[2K';

function fakeStream(isTTY: boolean): { writes: string[]; write: (text: string) => void; isTTY: boolean; columns: number } {
  const writes: string[] = [];
  return { writes, write: (text) => void writes.push(text), isTTY, columns: 100 };
}

function call(detail: string, done = false, outputIndex = 0): ItemProgress {
  return { responseIndex: 0, outputIndex, kind: 'tool', label: 'function call weather', detail, size: detail.length, done, failed: false };
}

let clock = 0;
const now = (): number => clock;

beforeEach(() => {
  clock = 0;
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createProgressStatus off a terminal', () => {
  it('writes one line when an item starts and one when it ends, with its duration and details', () => {
    const stream = fakeStream(false);
    const status = createProgressStatus(stream, now);
    status.item(call(''));
    status.item(call('{"city":'));
    clock = 1500;
    status.item(call('{"city":"Paris"}', true));
    status.item(call('{"city":"Paris"}', true));
    status.end();
    expect(stream.writes.join('')).toBe('Function call weather started…\nFunction call weather done in 1.5 s: {"city":"Paris"}\n');
  });

  it('counts reasoning characters, and says when reasoning came without a summary', () => {
    const stream = fakeStream(false);
    const status = createProgressStatus(stream, now);
    const reasoning = (size: number, outputIndex: number, done: boolean): ItemProgress => ({
      responseIndex: 0, outputIndex, kind: 'reasoning', label: 'reasoning', detail: 'x'.repeat(size), size, done, failed: false,
    });
    status.item(reasoning(10, 0, true));
    status.item(reasoning(0, 1, true));
    expect(stream.writes.join('')).toBe('Reasoning started…\nReasoning done: 10 characters in 0.0 s\nReasoning started…\nReasoning done in 0.0 s (no summary)\n');
  });
});

describe('createProgressStatus on a terminal', () => {
  it('animates one line while an item runs and replaces it by a plain line when it ends', () => {
    const stream = fakeStream(true);
    const status = createProgressStatus(stream, now);
    status.item(call('{"city":'));
    expect(stream.writes.at(-1)).toMatch(new RegExp(`^${CLEAR_LINE.replace('[', '\\[')}⠋ Function call weather… 8 characters · \\{"city":$`));
    vi.advanceTimersByTime(200);
    expect(stream.writes.at(-1)).toContain('⠹ Function call weather…');
    status.item(call('{"city":"Paris"}', true));
    expect(stream.writes.slice(-2)).toEqual([CLEAR_LINE, 'Function call weather done in 0.0 s: {"city":"Paris"}\n']);
    const written = stream.writes.length;
    vi.advanceTimersByTime(1000);
    expect(stream.writes.length, 'no redraw once nothing runs').toBe(written);
  });

  it('stops drawing once answer text is written, and puts later lines on a line of their own', () => {
    const stream = fakeStream(true);
    const status = createProgressStatus(stream, now);
    status.item(call('{'));
    status.text('Checking the weather');
    expect(stream.writes.at(-1)).toBe(CLEAR_LINE);
    const written = stream.writes.length;
    status.item(call('{"city":', false, 1));
    vi.advanceTimersByTime(1000);
    expect(stream.writes.length, 'no spinner over the text').toBe(written);
    status.item(call('{"city":"Paris"}', true, 1));
    expect(stream.writes.slice(written)).toEqual(['\n', 'Function call weather done in 0.0 s: {"city":"Paris"}\n']);
    status.end();
  });

  it('end() removes the line and stops the animation', () => {
    const stream = fakeStream(true);
    const status = createProgressStatus(stream, now);
    status.item(call('{'));
    status.end();
    expect(stream.writes.at(-1)).toBe(CLEAR_LINE);
    const written = stream.writes.length;
    vi.advanceTimersByTime(1000);
    expect(stream.writes.length).toBe(written);
    expect(vi.getTimerCount()).toBe(0);
  });
});
