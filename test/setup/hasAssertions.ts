// Runs before every test: a test that reaches its end without a single `expect` fails, so a loop
// over recordings that matches nothing, or a callback that never runs, cannot pass silently.
import { beforeEach, expect } from 'vitest';

beforeEach(() => {
  expect.hasAssertions();
});
