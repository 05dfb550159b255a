import { Observable, Subject } from 'rxjs';
import type { ResponseStreamEvent } from '../../src/index.js';

/** A cold source that counts its subscriptions and teardowns, and can be fed afterwards. */
export interface SourceProbe {
  /** Each subscription gets `initial` at once, then whatever `emit` and `complete` send. */
  readonly source: Observable<ResponseStreamEvent>;
  /** How many times `source` was subscribed to (one HTTP request each, in production). */
  readonly subscriptions: number;
  /** How many of those subscriptions were torn down. */
  readonly teardowns: number;
  /** Sends events to every subscription still open. */
  emit(...events: ResponseStreamEvent[]): void;
  /** Completes every subscription still open. */
  complete(): void;
}

/**
 * A cold source in the shape of an HTTP stream: every subscription starts it anew (and is
 * counted), and its teardown is observable, so a test can tell whether an operator
 * subscribed twice or left the source running after an unsubscribe.
 */
export function sourceProbe(initial: readonly ResponseStreamEvent[] = []): SourceProbe {
  const later = new Subject<ResponseStreamEvent>();
  let subscriptions = 0;
  let teardowns = 0;
  const source = new Observable<ResponseStreamEvent>((subscriber) => {
    subscriptions++;
    for (const event of initial) subscriber.next(event);
    const forwarding = later.subscribe(subscriber);
    return () => {
      teardowns++;
      forwarding.unsubscribe();
    };
  });
  return {
    source,
    get subscriptions() {
      return subscriptions;
    },
    get teardowns() {
      return teardowns;
    },
    emit: (...events) => events.forEach((event) => later.next(event)),
    complete: () => later.complete(),
  };
}
