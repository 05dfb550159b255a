// A payload source hands its payloads to a sink only on the subscription made through
// withPayloadSink, never on a plain one, and withPayloadSink leaves any other observable as is.
import { Observable, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ResponseStreamEvent } from '../../src/events/ResponseStreamEvent.js';
import { type PayloadSink, payloadSource, withPayloadSink } from '../../src/sources/PayloadSink.js';
import { collectNotifications } from '../support/collectNotifications.js';

describe('payloadSource and withPayloadSink', () => {
  it('starts once per subscription, with the sink only when subscribed through withPayloadSink', async () => {
    const sinks: Array<PayloadSink | undefined> = [];
    const source = payloadSource((subscriber, sink) => {
      sinks.push(sink);
      subscriber.next({ type: 'a' } as ResponseStreamEvent);
      subscriber.complete();
      return undefined;
    });
    const sink: PayloadSink = { absorbPayload: () => false };
    expect(sinks).toEqual([]);
    const plain = await collectNotifications(source);
    const fused = await collectNotifications(withPayloadSink(source, sink));
    expect(plain.values).toEqual([{ type: 'a' }]);
    expect(fused.values).toEqual([{ type: 'a' }]);
    expect(fused.completed).toBe(true);
    expect(sinks).toHaveLength(2);
    expect(sinks[0]).toBeUndefined();
    expect(sinks[1]).toBe(sink);
  });

  it('runs the teardown start returns, on either subscription', () => {
    let torn = 0;
    const source = payloadSource(() => () => torn++);
    source.subscribe().unsubscribe();
    withPayloadSink(source, { absorbPayload: () => true }).subscribe().unsubscribe();
    expect(torn).toBe(2);
  });

  it('gives back any other observable unchanged', () => {
    const other = of({ type: 'a' } as ResponseStreamEvent);
    const plain = new Observable<ResponseStreamEvent>();
    expect(withPayloadSink(other, { absorbPayload: () => true })).toBe(other);
    expect(withPayloadSink(plain, { absorbPayload: () => true })).toBe(plain);
  });
});
