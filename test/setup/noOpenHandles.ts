// Runs around every test file: after its tests, no socket, server or timer it opened may be
// left behind. A leak here is what keeps a user's process (or CI) from exiting.
import { afterAll, beforeAll, expect } from 'vitest';

const WATCHED = new Set(['TCPSocketWrap', 'TCPServerWrap', 'TCPWRAP', 'Timeout', 'HTTPINCOMINGMESSAGE', 'HTTPCLIENTREQUEST']);

function watched(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) if (WATCHED.has(kind)) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

let before = new Map<string, number>();

beforeAll(() => {
  before = watched();
});

afterAll(async () => {
  // Closed sockets and cleared timers leave the list within a few turns of the event loop.
  let leaked: string[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    const now = watched();
    leaked = [...now].filter(([kind, n]) => n > (before.get(kind) ?? 0)).map(([kind, n]) => `${kind} x${n - (before.get(kind) ?? 0)}`);
    if (leaked.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(leaked, 'handles left open by this test file').toEqual([]);
});
