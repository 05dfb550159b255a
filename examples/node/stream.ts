// The README's example: stream a response with the built-in client, print text as it arrives,
// then the final status and usage. Run with: OPENAI_API_KEY=... node --import tsx examples/node/stream.ts
import { lastValueFrom } from 'rxjs';
import { createClient, finalResponse, textDeltas } from 'rx-responses';

const client = createClient(); // OPENAI_API_KEY and OPENAI_BASE_URL from the environment
const events = client.responses.stream({ model: 'gpt-5-nano', input: 'Say hello' });

events.pipe(textDeltas()).subscribe((chunk) => process.stdout.write(chunk));
const response = await lastValueFrom(events.pipe(finalResponse())); // same request, not a second one
console.log('\n', response.status, response.usage);
