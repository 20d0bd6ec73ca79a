import type { Page } from '@playwright/test';

interface Version {
  versionId: string;
  runningStatus: string;
  status: string;
}

/**
 * Stops the active service worker over CDP, one running version at a time (what the browser does
 * to an idle worker), keeping one CDP session for the whole run instead of one per stop.
 */
export async function workerStopper(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const versions = new Map<string, Version>();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions: updated }) => {
    for (const v of updated as Version[]) versions.set(v.versionId, v);
  });
  await cdp.send('ServiceWorker.enable');
  const running = () =>
    [...versions.values()].find((v) => v.status === 'activated' && v.runningStatus === 'running');
  return {
    /** Waits until the active worker runs (the next request starts it), then stops it. */
    async stop(): Promise<void> {
      for (let i = 0; i < 200 && !running(); i++) {
        await page.evaluate(() => navigator.serviceWorker.ready);
        if (!running()) await cdp.send('ServiceWorker.enable'); // a fresh snapshot of versions
      }
      const version = running();
      if (version) await cdp.send('ServiceWorker.stopWorker', { versionId: version.versionId });
    },
    async close(): Promise<void> {
      await cdp.detach().catch(() => undefined);
    },
  };
}
