// A weather-and-calculator agent: the model calls the tools, rx-responses runs them and sends
// the results back until the model answers. Runs offline against the replay server with a
// scripted two-turn session (examples/node/agent-session/turn-*.jsonl); the server checks that
// turn 2's request carries turn 1's id and both tool outputs.
//   npm run example examples/node/agent.ts
// With a real API: set OPENAI_API_KEY and pass --live. With --websocket, every turn goes over
// one WebSocket (WebSocket mode) instead of one HTTP request per turn.
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { lastValueFrom } from 'rxjs';
import { type ResponseStreamEvent, createClient, defineTool, finalResponse, ofType, textDeltas } from 'rx-responses';
import { startReplaySession } from 'rx-responses/testing';
import * as z from 'zod';

const getWeather = defineTool({
  name: 'get_weather',
  description: 'Current weather for a city, in °C',
  parameters: z.object({ city: z.string() }),
  // A stand-in for a weather API: `signal` is aborted if the run is cancelled.
  execute: async ({ city }, { signal }) => {
    signal.throwIfAborted();
    return { city, celsius: city === 'Paris' ? 21 : 12, sky: 'sunny' };
  },
});

const calculator = defineTool({
  name: 'calculator',
  description: 'Evaluates an arithmetic expression with + - * / and parentheses',
  parameters: z.object({ expression: z.string() }),
  execute: ({ expression }) => evaluate(expression),
});

const live = process.argv.includes('--live');
const transport = process.argv.includes('--websocket') ? 'websocket' : 'http';
// Next to this file, or (when it was bundled elsewhere) under the current directory.
const here = new URL('./agent-session/', import.meta.url);
const sessionDir = existsSync(here) ? here : new URL('examples/node/agent-session/', pathToFileURL(`${process.cwd()}/`));
const turn = (n: number): ResponseStreamEvent[] =>
  readFileSync(new URL(`turn-${n}.jsonl`, sessionDir), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ResponseStreamEvent);
const session = live
  ? undefined
  : await startReplaySession({
      turns: [
        { events: turn(1), expect: { previous_response_id: null } },
        {
          events: turn(2),
          expect: {
            previous_response_id: 'resp_agent_1',
            function_call_outputs: [
              { call_id: 'call_weather_paris', output: '{"city":"Paris","celsius":21,"sky":"sunny"}' },
              { call_id: 'call_calc', output: '69.8' },
            ],
          },
        },
      ],
      delayMs: 5,
    });
const client = live ? createClient() : createClient({ baseURL: session?.baseURL, apiKey: 'sk-replay' });

try {
  const run$ = client.responses.run(
    { model: 'gpt-5-nano', input: 'What is the weather in Paris, in °C and °F?' },
    { tools: [getWeather, calculator], maxTurns: 5, transport },
  );
  run$.pipe(ofType('rx.tool_call.started')).subscribe((e) => console.log(`→ ${e.name}(${JSON.stringify(e.arguments)})`));
  run$.pipe(ofType('rx.tool_call.result')).subscribe((e) => console.log(`← ${e.name}: ${e.output}`));
  run$.pipe(textDeltas()).subscribe((chunk) => process.stdout.write(chunk));
  const answer = await lastValueFrom(run$.pipe(finalResponse()));
  console.log(`\n(${answer.status}, ${answer.id}${session === undefined ? '' : `, ${session.turnsServed} turns over ${transport === 'websocket' ? `${session.webSocketConnections()} WebSocket` : 'HTTP'}`})`);
} finally {
  await session?.close();
}

/** A small arithmetic evaluator (no eval): numbers, + - * /, unary minus, parentheses. */
function evaluate(expression: string): number {
  const tokens = expression.match(/\d+(?:\.\d+)?|[-+*/()]/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const atom = (): number => {
    const t = tokens[i++];
    if (t === '(') {
      const v = sum();
      i++;
      return v;
    }
    if (t === '-') return -atom();
    const n = Number(t);
    if (!Number.isFinite(n)) throw new Error(`Unexpected ${String(t)} in ${expression}`);
    return n;
  };
  const product = (): number => {
    let v = atom();
    while (peek() === '*' || peek() === '/') v = tokens[i++] === '*' ? v * atom() : v / atom();
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (peek() === '+' || peek() === '-') v = tokens[i++] === '+' ? v + product() : v - product();
    return v;
  };
  return Math.round(sum() * 1e9) / 1e9;
}
