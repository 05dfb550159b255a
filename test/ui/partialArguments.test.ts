// responseState() item views of a function call: the arguments as a partial object while they
// stream, then the parsed arguments.
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { type FunctionCallItemView, responseState } from '../../src/index.js';
import { streamedCall } from '../support/streamedCall.js';

describe('responseState: function call arguments', () => {
  it('shows the arguments filling in as objects, keeping finished parts ===', async () => {
    const { events, args } = streamedCall('call_ui', 'plan_trip', ['{"trip":{"from":"Paris"},', '"stops":["Ly', 'on","Nice"]}']);
    const states = await lastValueFrom(from(events).pipe(responseState(), toArray()));
    const views = states.map((s) => s.items[0] as FunctionCallItemView | undefined).filter((v) => v !== undefined);
    const partials = views.map((v) => v.partialArguments);
    expect(partials).toContainEqual({ trip: { from: 'Paris' } });
    expect(partials).toContainEqual({ trip: { from: 'Paris' }, stops: ['Ly'] });
    expect(views.at(-1)?.partialArguments).toStrictEqual(JSON.parse(args));
    const streaming = views.filter((v) => !v.done).map((v) => v.partialArguments).filter((p): p is { trip: object } => typeof p === 'object' && p !== null && 'trip' in p);
    expect(streaming.length).toBeGreaterThanOrEqual(2);
    for (const p of streaming) expect(p.trip).toBe(streaming[0]?.trip);
  });
});
