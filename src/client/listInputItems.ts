import { Observable, type Subscription } from 'rxjs';
import type { ClientContext } from './ClientContext.js';
import type { InputItem, InputItemsParams } from './InputItemsParams.js';
import { requestJSON } from './requestJSON.js';

/** One page of `GET /responses/{id}/input_items`. */
interface ItemPage {
  data?: unknown;
  has_more?: unknown;
  last_id?: unknown;
}

/**
 * @internal Every input item of a response, page after page: each page is requested (with the
 * client's retries and timeouts) only once the previous one was emitted, with `after` set to
 * its `last_id`, until a page says `has_more: false`. Unsubscribing stops it (the request in
 * flight is aborted). The server decides nothing on its own: a page without items, without a
 * `last_id`, or with a `last_id` already used as a cursor ends the listing, so a server whose
 * cursor does not advance cannot make it loop.
 *
 * @example
 * ```ts
 * listInputItems(context, '/responses/resp_1/input_items', { limit: 100 }, undefined).subscribe((item) => console.log(item.type));
 * ```
 */
export function listInputItems(context: ClientContext, path: string, params: InputItemsParams, signal: AbortSignal | undefined): Observable<InputItem> {
  return new Observable<InputItem>((subscriber) => {
    const cursors = new Set<string>();
    let page: Subscription | undefined;

    const fetchPage = (after: string | undefined): void => {
      const query: Record<string, string> = {};
      if (after !== undefined) query.after = after;
      if (params.limit !== undefined) query.limit = String(params.limit);
      if (params.order !== undefined) query.order = params.order;
      if (params.include !== undefined && params.include.length > 0) query['include[]'] = params.include.join(',');
      page = requestJSON<ItemPage>(
        context,
        { method: 'GET', path, query, accept: 'json', connectMs: context.connectMs, maxRetries: context.maxRetries },
        signal,
      ).subscribe({
        next: (body) => {
          const items = Array.isArray(body.data) ? (body.data as unknown[]) : [];
          for (const item of items) {
            if (subscriber.closed) return;
            subscriber.next(item as InputItem);
          }
          const last = body.last_id;
          if (body.has_more !== true || items.length === 0 || typeof last !== 'string' || last === '' || cursors.has(last)) {
            subscriber.complete();
            return;
          }
          cursors.add(last);
          fetchPage(last);
        },
        error: (error: unknown) => subscriber.error(error),
      });
    };

    if (params.after !== undefined) cursors.add(params.after);
    fetchPage(params.after);
    return () => page?.unsubscribe();
  });
}
