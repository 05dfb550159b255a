// The README's example: stream a response with plain fetch, print text as it arrives, then
// the final status and usage. Run with (Node 20 runs no .ts files: the script bundles it first):
// OPENAI_API_KEY=... npm run example examples/node/fetchStream.ts
import { lastValueFrom, share } from 'rxjs';
import { finalResponse, fromFetchResponse, textDeltas } from 'rx-responses';

const baseURL = process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1';
const res = await fetch(`${baseURL}/responses`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(process.env.OPENAI_API_KEY ? { authorization: `Bearer ${process.env.OPENAI_API_KEY}` } : {}) },
  body: JSON.stringify({ model: 'gpt-5-nano', input: 'Say hello', stream: true }),
});
const events = fromFetchResponse(res).pipe(share()); // one body, two consumers
events.pipe(textDeltas()).subscribe((chunk) => process.stdout.write(chunk));
const response = await lastValueFrom(events.pipe(finalResponse()));
console.log('\n', response.status, response.usage);
