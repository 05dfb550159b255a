import { describe, expect, it } from 'vitest';
import { isRecoverableClose } from '../../../src/client/ws/isRecoverableClose.js';

describe('isRecoverableClose', () => {
  // RFC 6455 section 7.4.1 and the IANA WebSocket close code registry.
  it.each([1001, 1005, 1006, 1011, 1012, 1013, 1015])('%i (the server or the network failed for a while) is worth a new socket', (code) => {
    expect(isRecoverableClose(code)).toBe(true);
  });
  it.each([1000, 1002, 1003, 1007, 1008, 1009, 1010, 1014, 3000, 4000])('%i is final', (code) => {
    expect(isRecoverableClose(code)).toBe(false);
  });
});
