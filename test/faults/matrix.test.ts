// The fault matrix: every case against its own loopback server, through the real HTTP client.
// Each case checks the error class, the message, the partial output (computed from the
// recording, never from the client), the requests sent and the connections left open, and
// adds a row to test-results/fault-matrix.json, the source of the README's Reliability table.
import { afterAll, describe, expect, it } from 'vitest';
import { startReplayServer } from '../../src/testing/index.js';
import { type FaultCase, type FaultGroup, type FaultRow, RECORDING, assertOutcome, faultCases, runCase, runPool } from './cases.js';
import { writeReport } from './writeReport.js';

const API_KEY = 'sk-test+fault/matrix=%';
/** Drop cases run this many at a time, each with its own server. */
const CONCURRENCY = 8;

const cases = faultCases();
const drops = cases.filter((c) => c.group === 'drop');
const others = cases.filter((c) => c.group !== 'drop');

type ReportRow = FaultRow & { passed: boolean };
const rows = new Map<string, ReportRow>();

async function check(c: FaultCase): Promise<void> {
  const outcome = await runCase(c, API_KEY);
  const row: ReportRow = { ...outcome.row, passed: false };
  rows.set(c.name, row);
  assertOutcome(c, outcome);
  row.passed = true;
}

describe('fault matrix', () => {
  it('computes its expectations from exactly the bytes the server sends', async () => {
    const server = await startReplayServer({ recording: RECORDING.text });
    try {
      const res = await fetch(`${server.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ stream: true }) });
      expect(Buffer.from(await res.arrayBuffer()).equals(RECORDING.body)).toBe(true);
      expect(RECORDING.outputText).toBe('2 + 2 equals 4.');
      await server.waitForIdle();
    } finally {
      await server.close();
    }
  });

  it.each(others.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await check(c);
  });

  it(`drop after every byte offset, 0 to ${RECORDING.body.length}`, async () => {
    const failures: string[] = [];
    await runPool(drops, CONCURRENCY, async (c) => {
      try {
        await check(c);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    });
    expect(failures.slice(0, 5), `${failures.length} of ${drops.length} drop cases failed`).toEqual([]);
    expect(drops).toHaveLength(RECORDING.body.length + 1);
  }, 120_000);
});

afterAll(() => {
  const ordered = cases.map((c) => rows.get(c.name)).filter((row): row is ReportRow => row !== undefined);
  writeReport('fault-matrix', faultReport(ordered));
});

interface GroupSummary {
  group: FaultGroup | 'all';
  cases: number;
  survived: number;
  completed: number;
  typedErrors: number;
  requests: number;
  receivedBytes: number;
  lostBytes: number;
  leaks: number;
}

function faultReport(rows: readonly ReportRow[]) {
  const summarize = (group: GroupSummary['group'], list: readonly ReportRow[]): GroupSummary => ({
    group,
    cases: list.length,
    survived: list.filter((r) => r.passed).length,
    completed: list.filter((r) => r.passed && r.errorClass === null).length,
    typedErrors: list.filter((r) => r.passed && r.errorClass !== null).length,
    requests: sum(list.map((r) => r.requests)),
    receivedBytes: sum(list.map((r) => r.receivedBytes)),
    lostBytes: sum(list.map((r) => r.lostBytes)),
    leaks: sum(list.map((r) => r.leaks)),
  });
  const groups = [...new Set(rows.map((r) => r.group))];
  return {
    reproduce: 'npm run test:faults',
    recording: `test/fixtures/${RECORDING.name}`,
    node: process.version,
    // Fewer rows than cases: a filtered run (-t), whose figures are not the matrix's.
    casesDefined: cases.length,
    generatedAt: new Date().toISOString(),
    total: summarize('all', rows),
    groups: groups.map((g) => summarize(g, rows.filter((r) => r.group === g))),
    errorClasses: Object.fromEntries(
      [...new Set(rows.map((r) => r.errorClass ?? '(completed)'))].map((name) => [name, rows.filter((r) => (r.errorClass ?? '(completed)') === name).length]),
    ),
    rows,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
