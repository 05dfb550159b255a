import { STATUS_CODES } from 'node:http';

/**
 * @internal The body OpenAI sends with a non-2xx status: `{ error: { message, type, param, code } }`.
 * `type` and `code` default to what the API uses for that status.
 *
 * @example
 * ```ts
 * openAIErrorBody(429).error.code; // 'rate_limit_exceeded'
 * ```
 */
export function openAIErrorBody(
  status: number,
  detail: { message?: string; type?: string; param?: string | null; code?: string | null } = {},
): { error: { message: string; type: string; param: string | null; code: string | null } } {
  const defaults = defaultsFor(status);
  return {
    error: {
      message: detail.message ?? `Replayed ${status} ${STATUS_CODES[status] ?? 'error'}`,
      type: detail.type ?? defaults.type,
      param: detail.param ?? null,
      code: detail.code !== undefined ? detail.code : defaults.code,
    },
  };
}

function defaultsFor(status: number): { type: string; code: string | null } {
  if (status === 401) return { type: 'invalid_request_error', code: 'invalid_api_key' };
  if (status === 429) return { type: 'requests', code: 'rate_limit_exceeded' };
  if (status >= 500) return { type: 'server_error', code: null };
  return { type: 'invalid_request_error', code: null };
}
