import type { Page } from '@playwright/test';

/** How long the browser may take to stop its workers before we give up. */
const STOP_TIMEOUT_MS = 10_000;

interface VersionsUpdated {
  versions: Array<{ versionId: string; runningStatus: string }>;
}

/**
 * Stops every service worker of the page's browser context over CDP, as Chromium does to an idle
 * worker, and resolves once all of them report `stopped` (the CDP command returns earlier).
 */
export async function stopServiceWorkers(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const status = new Map<string, string>();
    let onUpdate = () => {};
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }: VersionsUpdated) => {
      for (const v of versions) status.set(v.versionId, v.runningStatus);
      onUpdate();
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    const allStopped = () => [...status.values()].every((s) => s === 'stopped');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`service workers still running after ${STOP_TIMEOUT_MS} ms`)),
        STOP_TIMEOUT_MS,
      );
      onUpdate = () => {
        if (!allStopped()) return;
        clearTimeout(timer);
        resolve();
      };
      onUpdate();
    });
  } finally {
    await cdp.detach();
  }
}
