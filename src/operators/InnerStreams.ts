import { Observable, ReplaySubject, type Subscription } from 'rxjs';
import { StreamTruncatedError } from '../errors/StreamTruncatedError.js';

/**
 * @internal Replaying inner observables (one per item or per response) that keep their source
 * subscribed for as long as anyone listens, like `groupBy`: unsubscribing from the outer
 * observable (e.g. through `first()`) must not leave a subscribed inner hanging. The source is
 * released once the outer and every inner subscriber are gone; inners still open then end
 * with a {@link StreamTruncatedError}, never silently.
 */
export class InnerStreams<K, T> {
  private readonly open = new Map<K, ReplaySubject<T>>();
  private listeners = 0;
  private outerClosed = false;
  private source: Subscription | undefined;
  private released = false;

  /** The source subscription to release when nobody listens any more. */
  attach(source: Subscription): void {
    this.source = source;
    if (this.released) source.unsubscribe();
  }

  /** Opens a new inner for `key`; returns the observable to hand out. */
  create(key: K): Observable<T> {
    const subject = new ReplaySubject<T>();
    this.open.set(key, subject);
    return new Observable<T>((subscriber) => {
      this.listeners++;
      const inner = subject.subscribe(subscriber);
      return () => {
        inner.unsubscribe();
        this.listeners--;
        this.releaseIfUnused();
      };
    });
  }

  next(key: K, value: T): void {
    this.open.get(key)?.next(value);
  }

  complete(key: K): void {
    this.open.get(key)?.complete();
    this.open.delete(key);
  }

  completeAll(): void {
    for (const subject of this.open.values()) subject.complete();
    this.open.clear();
  }

  errorAll(error: unknown): void {
    for (const subject of this.open.values()) subject.error(error);
    this.open.clear();
  }

  /** True once the outer subscriber left: no new inners should be created. */
  get closed(): boolean {
    return this.outerClosed;
  }

  /** The outer subscriber left (or finished). */
  closeOuter(): void {
    this.outerClosed = true;
    this.releaseIfUnused();
  }

  private releaseIfUnused(): void {
    if (!this.outerClosed || this.listeners > 0 || this.released) return;
    this.released = true;
    this.source?.unsubscribe();
    if (this.open.size > 0) {
      this.errorAll(new StreamTruncatedError({ message: 'Unsubscribed before this part of the stream ended' }));
    }
  }
}
