/** What `run` throws, or `undefined` when it returns (for asserting on a synchronous throw). */
export const thrown = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};
