/**
 * What `delete()` emits once the API confirmed the deletion.
 *
 * @example
 * ```ts
 * const { deleted } = await lastValueFrom(client.responses.delete('resp_123'));
 * ```
 */
export interface ResponseDeleted {
  id: string;
  object: 'response.deleted' | (string & {});
  deleted: boolean;
  [field: string]: unknown;
}
