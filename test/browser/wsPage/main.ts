// Bundled for Chromium by test/browser/websocket.test.ts: WebSocket mode with the browser's own
// WebSocket (no `ws` package, no Node), driven from the test through window.rxWebSocket.
import { lastValueFrom } from 'rxjs';
import { createClient, finalResponse } from '../../../src/index.js';

/** What the test reads back: the answer, or the error a user would see. */
export interface WebSocketOutcome {
  readonly text?: string;
  readonly status?: string;
  readonly responses?: number;
  readonly error?: { readonly name: string; readonly message: string };
}

async function run(baseURL: string, apiKey: string | undefined, turns: number): Promise<WebSocketOutcome> {
  // A key in a browser needs the explicit opt-in; WebSocket mode must still refuse to use it.
  const client = createClient({ baseURL, ...(apiKey === undefined ? {} : { apiKey, dangerouslyAllowBrowser: true }), maxRetries: 0 });
  const socket = client.responses.connect();
  try {
    let text = '';
    let status = '';
    for (let i = 0; i < turns; i++) {
      const response = await lastValueFrom(socket.create({ model: 'gpt-5-nano', input: `turn ${i}` }).pipe(finalResponse()));
      text = response.output_text;
      status = response.status ?? '';
    }
    return { text, status, responses: turns };
  } catch (error) {
    return { error: { name: (error as Error).name, message: (error as Error).message } };
  } finally {
    socket.close();
  }
}

(globalThis as { rxWebSocket?: typeof run }).rxWebSocket = run;
