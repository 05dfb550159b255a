/**
 * @internal A noun with its indefinite article, for diagnostic messages: `withArticle('output_text')`
 * is `an output_text`, `withArticle('message')` is `a message`. Decided by the first letter,
 * which is right for the API's type names.
 *
 * @example
 * ```ts
 * `created ${withArticle(partType)} part`; // 'created an output_text part'
 * ```
 */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}
