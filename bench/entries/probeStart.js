/* global performance */
// The first module of the profiled worker (it imports nothing and is imported first), so this runs
// before any other code of the script: the moment the script starts, in epoch milliseconds.
export const scriptStart = performance.timeOrigin + performance.now();
