// The peers at the versions this package's devDependencies pin (openai 6, ai 5 with
// @ai-sdk/openai 2), run on the machine's Node 20. The latest ones run on Node 24 in
// bench/node24.ts.
import { createOpenAI } from '@ai-sdk/openai';
import { streamText } from 'ai';
import OpenAI from 'openai';
import { type AISDKModules, type HttpTarget, type OpenAIClass, aiSdkStream, openaiHttp, openaiStream } from './contenders.js';

export const openaiNode = openaiStream(OpenAI as OpenAIClass, 'openai-node@6 responses.stream() + finalResponse()');

export const aiSdk = aiSdkStream({ streamText, createOpenAI } as unknown as AISDKModules, 'AI SDK (ai@5) streamText fullStream');

export const openaiNodeHttp = (target: HttpTarget) => openaiHttp(OpenAI as OpenAIClass, target);
