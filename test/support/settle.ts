/** Waits `ms` milliseconds of real time, so pending reads, timers and promise chains run. */
export const settle = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
