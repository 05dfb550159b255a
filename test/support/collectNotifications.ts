import type { Observable } from 'rxjs';

/** Everything an observable delivered until it completed or errored. */
export interface Notifications<T> {
  values: T[];
  error: unknown;
  errored: boolean;
  completed: boolean;
}

/** Subscribes and resolves once `source` completes or errors, keeping values and the error. */
export function collectNotifications<T>(source: Observable<T>): Promise<Notifications<T>> {
  return new Promise((resolve) => {
    const result: Notifications<T> = { values: [], error: undefined, errored: false, completed: false };
    source.subscribe({
      next: (value) => result.values.push(value),
      error: (error: unknown) => {
        result.error = error;
        result.errored = true;
        resolve(result);
      },
      complete: () => {
        result.completed = true;
        resolve(result);
      },
    });
  });
}
