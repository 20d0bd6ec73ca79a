import type { WorkerReply } from '../../shared/protocol.ts';
import { waitForFunction, type EnginePage } from './EnginePage.ts';

/** What a plain `fetch` in the page got back. */
export interface FetchResult {
  status: number;
  json: Record<string, unknown> | undefined;
  text: string;
}

/** The demo as a person uses it, through any engine: its sign-in form, status line and buttons. */
export class DemoTab {
  constructor(readonly tab: EnginePage) {}

  /** Opens the demo and waits until the signing worker controls the page. */
  async open(appUrl: string): Promise<void> {
    await this.tab.goto(appUrl);
    await this.waitForController();
  }

  waitForController(): Promise<unknown> {
    return waitForFunction(this.tab, () => navigator.serviceWorker.controller !== null, null, {
      what: 'a controlling service worker',
    });
  }

  /** The status line's text, e.g. `Online · Signed in as demo · All changes synced`. */
  status(): Promise<string> {
    return this.tab.evaluate(
      () => document.querySelector('[role=status]')?.textContent ?? '',
      null,
    );
  }

  /** Waits until the status line contains `text`. */
  waitForStatus(text: string, timeout?: number): Promise<unknown> {
    return waitForFunction(
      this.tab,
      (want) => document.querySelector('[role=status]')?.textContent?.includes(want) ?? false,
      text,
      { what: `status "${text}"`, timeout },
    );
  }

  /** Signs in through the form and waits until the notes screen has loaded its list. */
  async signIn(user: { username: string; password: string }): Promise<void> {
    // The demo shows its form once the worker has said nobody is signed in.
    await waitForFunction(
      this.tab,
      () => document.querySelector('form[aria-label="Sign in"] input[name=username]') !== null,
      null,
      { what: 'the sign-in form' },
    );
    await this.tab.fill('form[aria-label="Sign in"] input[name=username]', user.username);
    await this.tab.fill('form[aria-label="Sign in"] input[name=password]', user.password);
    await this.tab.click('form[aria-label="Sign in"] button[type=submit]');
    await this.waitForStatus(`Signed in as ${user.username}`);
    await waitForFunction(
      this.tab,
      () =>
        document.querySelector('[aria-label="Your notes"]')?.getAttribute('aria-busy') === 'false',
      null,
      { what: 'the notes list' },
    );
  }

  /** Signs out with the header's button and waits for the sign-in form. */
  async signOut(): Promise<void> {
    await this.tab.click('.account button.button');
    await waitForFunction(
      this.tab,
      () => document.querySelector('form[aria-label="Sign in"]') !== null,
      null,
      {
        what: 'the sign-in form',
      },
    );
  }

  /** A plain `fetch` from the page. */
  fetch(url: string, init: RequestInit = {}): Promise<FetchResult> {
    return this.tab.evaluate(
      async ([url, init]) => {
        const response = await fetch(url, init);
        const text = await response.text();
        let json: Record<string, unknown> | undefined;
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          json = undefined;
        }
        return { status: response.status, json, text };
      },
      [url, init] as const,
    );
  }

  /** Posts a protocol message to the controlling worker and returns its reply. */
  postToWorker(message: unknown): Promise<WorkerReply> {
    return this.tab.evaluate(
      (data) =>
        new Promise<WorkerReply>((resolve, reject) => {
          const worker = navigator.serviceWorker.controller;
          if (!worker) return reject(new Error('no controlling worker'));
          const channel = new MessageChannel();
          channel.port1.onmessage = (event) => resolve(event.data as WorkerReply);
          worker.postMessage(data, [channel.port2]);
        }),
      message,
    );
  }
}
