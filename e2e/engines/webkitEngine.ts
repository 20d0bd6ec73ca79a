import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { Builder, By, type WebDriver } from 'selenium-webdriver';
import type { Engine, EnginePage, PageFunction } from './EnginePage.ts';

/** Debian's WebKitGTK WebDriver (package webkit2gtk-driver). */
const WEBKIT_WEBDRIVER = '/usr/bin/WebKitWebDriver';

/** Where Debian puts WebKitGTK's MiniBrowser, one folder per architecture. */
const MINIBROWSER_CANDIDATES = ['x86_64-linux-gnu', 'aarch64-linux-gnu', 'arm-linux-gnueabihf'].map(
  (triplet) => `/usr/lib/${triplet}/webkit2gtk-4.1/MiniBrowser`,
);

/** How long WebKitWebDriver may take to answer its status endpoint after it started. */
const DRIVER_START_TIMEOUT_MS = 20_000;

/** Generous for a whole in-page script (a sign-in round trip, fifty fetches). */
const SCRIPT_TIMEOUT_MS = 60_000;

/** Installed in each loaded document: WebDriver classic has no event for page errors. */
const ERROR_HOOK = `
  if (!window.__engineErrors) {
    window.__engineErrors = [];
    addEventListener('error', (e) => window.__engineErrors.push(String(e.error ?? e.message)));
    addEventListener('unhandledrejection', (e) => window.__engineErrors.push(String(e.reason)));
  }`;

/**
 * WebKit as WebKitGTK's MiniBrowser, driven by selenium-webdriver through `WebKitWebDriver`, on a
 * private Xvfb display (Playwright cannot drive a system WebKit). One WebDriver session per tab:
 * an automation session's website data is ephemeral, so each tab starts empty.
 */
export async function launchWebKit(): Promise<Engine> {
  const miniBrowser = process.env.MINIBROWSER_PATH || MINIBROWSER_CANDIDATES.find(existsSync);
  if (!miniBrowser)
    throw new Error(`MiniBrowser not found in ${MINIBROWSER_CANDIDATES.join(', ')}`);
  const xvfb = await startXvfb();
  try {
    const { url, process: driverProcess } = await startDriver(xvfb.display);
    const capabilities = {
      browserName: 'MiniBrowser',
      // Without --automation MiniBrowser never answers the session request.
      'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation'] },
    };
    const newDriver = async () => {
      const driver = await new Builder().usingServer(url).withCapabilities(capabilities).build();
      await driver.manage().setTimeouts({ script: SCRIPT_TIMEOUT_MS });
      return driver;
    };
    const probe = await newDriver();
    const version = String((await probe.getCapabilities()).get('browserVersion'));
    await probe.quit();
    return {
      name: 'webkit',
      version,
      newPage: async () => webkitPage(await newDriver()),
      close: async () => {
        driverProcess.kill();
        xvfb.process.kill();
      },
    };
  } catch (error) {
    xvfb.process.kill();
    throw error;
  }
}

function webkitPage(driver: WebDriver): EnginePage {
  const hook = () => driver.executeScript(ERROR_HOOK);
  const evaluate = async <A, R>(fn: PageFunction<A, R>, arg: A): Promise<R> => {
    const outcome = (await driver.executeAsyncScript(
      `const done = arguments[arguments.length - 1];
       Promise.resolve(arguments[0])
         .then((arg) => (${fn.toString()})(arg))
         .then((value) => done({ value }), (error) => done({ error: String(error) + (error && error.stack ? '\\n' + error.stack : '') }));`,
      arg,
    )) as { value: R; error?: undefined } | { error: string };
    if (outcome.error !== undefined) throw new Error(`In WebKit's page: ${outcome.error}`);
    return (outcome as { value: R }).value;
  };
  return {
    goto: async (url) => {
      await driver.get(url);
      await hook();
    },
    reload: async () => {
      await driver.navigate().refresh();
      await hook();
    },
    fill: async (selector, value) => {
      const element = await driver.findElement(By.css(selector));
      await element.clear();
      await element.sendKeys(value);
    },
    click: async (selector) => driver.findElement(By.css(selector)).click(),
    evaluate,
    pageErrors: async () => {
      const errors = await evaluate(
        () => (window as unknown as { __engineErrors?: string[] }).__engineErrors,
        null,
      );
      // A document loaded by other means than goto/reload would go unwatched: say so.
      return errors ?? ['the page-error hook is missing: the page navigated by itself'];
    },
    close: () => driver.quit(),
  };
}

/** Starts WebKitWebDriver on a free 127.0.0.1 port and waits until it is ready for sessions. */
async function startDriver(display: string): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(WEBKIT_WEBDRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
    env: { ...process.env, DISPLAY: display },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + DRIVER_START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/status`).then(
      async (response) => ((await response.json()) as { value?: { ready?: boolean } }).value?.ready,
      () => false,
    );
    if (ready) return { url, process: child };
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`WebKitWebDriver not ready after ${DRIVER_START_TIMEOUT_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A port no one listens on now, as the OS hands out for port 0. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts Xvfb on the first free display (it writes the number to fd 3 once it listens). */
async function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  const child = spawn(
    'Xvfb',
    ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x800x24'],
    {
      stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
    },
  );
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdio[3]!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Xvfb exited with ${code} before it listened`)));
  });
  // MiniBrowser outlives a killed WebKitWebDriver, but not its display: whatever ends this
  // process, taking Xvfb down takes the browser with it.
  const killOnExit = () => child.kill();
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  return { display, process: child };
}
