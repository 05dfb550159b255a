/*
 * Incremental JSON: a parser whose cost per piece does not grow with the text already read,
 * and whose partial values share structure. Pure: no RxJS, no I/O.
 */
export { PartialJSONParser } from './PartialJSONParser.js';
