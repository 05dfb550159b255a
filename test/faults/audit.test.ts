// `npm audit` of what users install (the runtime dependencies): no known vulnerability. Without
// a registry that can answer (offline, or a mirror without the audit endpoint) the test is
// skipped with the reason, not failed: that says nothing about the dependencies.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const AUDIT_ARGS = ['audit', '--omit=dev', '--json', '--fetch-retries=1', '--fetch-timeout=20000'];
const NETWORK_CODES = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENETDOWN|EPROTO|ERR_SOCKET_TIMEOUT|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN)\b/;

interface AuditRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** What an `npm audit` run tells: a report, a registry that could not answer, or a failure to look into. */
type AuditResult =
  | { kind: 'report'; total: number; vulnerable: string[] }
  | { kind: 'unreachable'; reason: string }
  | { kind: 'unexpected'; detail: string };

function readAudit(run: AuditRun): AuditResult {
  if (run.timedOut) return { kind: 'unreachable', reason: 'npm audit got no answer from the registry within 90 s' };
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(run.stdout) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  const metadata = json?.metadata as { vulnerabilities?: Record<string, number> } | undefined;
  if (metadata?.vulnerabilities !== undefined) {
    const vulnerabilities = (json?.vulnerabilities ?? {}) as Record<string, { severity?: string; via?: unknown[] }>;
    const vulnerable = Object.entries(vulnerabilities).map(([name, v]) => `${name} (${v.severity ?? 'unknown severity'})`);
    return { kind: 'report', total: metadata.vulnerabilities.total ?? vulnerable.length, vulnerable };
  }
  const error = json?.error as { code?: unknown; summary?: unknown } | undefined;
  const text = `${typeof error?.code === 'string' ? error.code : ''} ${String(json?.message ?? '')} ${String(error?.summary ?? '')} ${run.stderr}`;
  const network = NETWORK_CODES.exec(text);
  if (network !== null) return { kind: 'unreachable', reason: `the registry is unreachable (${network[1]})` };
  if (typeof json?.statusCode === 'number') {
    const message = typeof json.message === 'string' ? json.message : `HTTP ${json.statusCode}`;
    return { kind: 'unreachable', reason: `the registry did not answer the audit request: ${message}` };
  }
  return { kind: 'unexpected', detail: `exit ${run.code}\n--- stdout ---\n${run.stdout.slice(0, 2000)}\n--- stderr ---\n${run.stderr.slice(0, 2000)}` };
}

function runAudit(): Promise<AuditRun> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      AUDIT_ARGS,
      { cwd: ROOT, timeout: 90_000, maxBuffer: 16 << 20, env: { ...process.env, npm_config_update_notifier: 'false' } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr, timedOut: error?.killed === true });
      },
    );
  });
}

describe('npm audit --omit=dev', () => {
  let result: AuditResult;

  beforeAll(async () => {
    result = readAudit(await runAudit());
  }, 120_000);

  it('reports no known vulnerability in the runtime dependencies', (ctx) => {
    if (result.kind === 'unreachable') {
      console.warn(`npm audit skipped: ${result.reason}`);
      ctx.skip(`npm audit skipped: ${result.reason}`);
    }
    expect(result.kind === 'unexpected' ? result.detail : '', 'npm audit failed for another reason than the network').toBe('');
    if (result.kind !== 'report') return;
    expect(result.vulnerable, 'vulnerable packages').toEqual([]);
    expect(result.total).toBe(0);
  });

  it('tells a report, an unreachable registry and another failure apart', () => {
    const run = (stdout: string, stderr = '', code: number | null = 1): AuditRun => ({ code, stdout, stderr, timedOut: false });
    const clean = { auditReportVersion: 2, vulnerabilities: {}, metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 } } };
    expect(readAudit(run(JSON.stringify(clean), '', 0))).toEqual({ kind: 'report', total: 0, vulnerable: [] });
    const found = { ...clean, vulnerabilities: { 'left-pad': { severity: 'high' } }, metadata: { vulnerabilities: { ...clean.metadata.vulnerabilities, high: 1, total: 1 } } };
    expect(readAudit(run(JSON.stringify(found)))).toEqual({ kind: 'report', total: 1, vulnerable: ['left-pad (high)'] });
    const offline = { message: 'request to https://registry.npmjs.org/-/npm/v1/security/advisories/bulk failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org', error: { code: 'ENOTFOUND' } };
    expect(readAudit(run(JSON.stringify(offline)))).toMatchObject({ kind: 'unreachable', reason: expect.stringContaining('ENOTFOUND') });
    expect(readAudit(run('', 'npm error code EAI_AGAIN\nnpm error errno EAI_AGAIN'))).toMatchObject({ kind: 'unreachable' });
    const mirror = { message: '405 Method Not Allowed - POST https://mirror.example/-/npm/v1/security/advisories/bulk', statusCode: 405 };
    expect(readAudit(run(JSON.stringify(mirror)))).toMatchObject({ kind: 'unreachable', reason: expect.stringContaining('405 Method Not Allowed') });
    expect(readAudit({ code: null, stdout: '', stderr: '', timedOut: true })).toMatchObject({ kind: 'unreachable' });
    expect(readAudit(run('', 'npm error code ENOLOCK'))).toMatchObject({ kind: 'unexpected' });
  });
});
