// The README's example: stream a response with the built-in client, print text as it arrives,
// then the final status and usage. Run with (Node 20 runs no .ts files: the script bundles it
// first): OPENAI_API_KEY=... npm run example examples/node/stream.ts
// Offline, against the replay server (`npx rx-responses serve` prints its base URL):
//   OPENAI_BASE_URL=http://127.0.0.1:PORT/v1 npm run example examples/node/stream.ts
import { lastValueFrom } from 'rxjs';
import { createClient, finalResponse, textDeltas } from 'rx-responses';

const client = createClient(); // OPENAI_API_KEY and OPENAI_BASE_URL from the environment
const events = client.responses.stream({ model: 'gpt-5-nano', input: 'Say hello' });

events.pipe(textDeltas()).subscribe((chunk) => process.stdout.write(chunk));
const response = await lastValueFrom(events.pipe(finalResponse())); // same request, not a second one
console.log('\n', response.status, response.usage);
