// The benchmark's code inside the pages, exposed as `globalThis.bench`.
import { createPageHarness } from '../pageHarness.ts';

(globalThis as typeof globalThis & { bench: unknown }).bench = createPageHarness();
