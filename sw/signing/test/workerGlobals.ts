// Workbox's development build writes a flag on `self` when its logger loads; Node has no `self`.
// Import this before any workbox module.
(globalThis as { self?: unknown }).self ??= globalThis;
