import { launchChromium } from './chromiumEngine.ts';
import type { Engine, EngineName } from './EnginePage.ts';
import { launchFirefox } from './firefoxEngine.ts';
import { launchWebKit } from './webkitEngine.ts';

/** Launches the named engine through its own driver. */
export function launchEngine(name: EngineName): Promise<Engine> {
  switch (name) {
    case 'chromium':
      return launchChromium();
    case 'firefox':
      return launchFirefox();
    case 'webkit':
      return launchWebKit();
  }
}
