// Debian's Chromium driven by playwright-core, one recipe for the e2e suite, the hub suite and the
// listing bench (real-jupyterlab-harness.md). playwright-core never downloads a browser; the
// environment variable below keeps any playwright code in the process from trying either.
import * as fs from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** `CHROMIUM_PATH` lets a machine with Chromium elsewhere run the browser suites. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  // Containers and CI run as root, where Chromium's sandbox cannot start.
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // No update checks, sync or telemetry: a run talks only to the servers under test.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

function checkChromium(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH)`
    );
  }
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
}

/** A headless browser; each `newContext()` is a fresh profile kept in memory. */
export async function launchChromium(): Promise<Browser> {
  checkChromium();
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** A headless browser whose one context keeps its profile in `profileDir` (the caller removes it). */
export async function launchChromiumWithProfile(
  profileDir: string,
  viewport: { width: number; height: number }
): Promise<BrowserContext> {
  checkChromium();
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport
  });
}
