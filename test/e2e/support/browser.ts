// Debian's Chromium driven by playwright-core (which never downloads a browser), a fresh profile
// per session, console watching on every page, and numbered screenshots per scenario.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ConsoleWatch } from './console-watch';
import { REPO_ROOT } from './artifacts';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-output', 'e2e');

const CHROMIUM_ARGS = [
  '--headless',
  // Containers and CI run as root, where Chromium's sandbox cannot start.
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  console: ConsoleWatch;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<BrowserSession> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (scripts install it)`);
  }
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 }
  });
  const watch = new ConsoleWatch();
  const page = context.pages()[0] ?? (await context.newPage());
  watch.attach(page, 'lab');
  // Popups (the Globus login) get their own label.
  let popups = 0;
  context.on('page', other => {
    if (other !== page) watch.attach(other, `popup${++popups}`);
  });
  return {
    context,
    page,
    console: watch,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  };
}

/** Screenshots named `<scenario>-<NN>-<step>.png` so a listing reads as the story of a run. */
export class Screenshots {
  private counter = 0;
  constructor(private readonly scenario: string) {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // A previous run's pictures of this scenario would interleave with this run's.
    for (const file of fs.readdirSync(SCREENSHOT_DIR)) {
      if (file.startsWith(`${scenario}-`) && file.endsWith('.png')) {
        fs.rmSync(path.join(SCREENSHOT_DIR, file));
      }
    }
  }

  /** Runs a scenario body; on failure, a `FAILED` screenshot shows where it stopped. */
  async guard(page: () => Page, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      await this.take(page(), 'FAILED').catch(() => undefined);
      throw error;
    }
  }

  async take(page: Page, step: string): Promise<string> {
    const file = path.join(
      SCREENSHOT_DIR,
      `${this.scenario}-${String(++this.counter).padStart(2, '0')}-${step}.png`
    );
    await page.screenshot({ path: file });
    return file;
  }
}
