import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/** Debian's Chromium, since Playwright cannot download its own browser on this network. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Launch options for real Chromium: `CHROMIUM_PATH`, else Debian's, else Playwright's own. */
export function chromiumLaunchOptions(): LaunchOptions {
  const executablePath =
    process.env.CHROMIUM_PATH || (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined);
  return {
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      // Chromium's own background traffic has nowhere to go on a closed network.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  };
}
