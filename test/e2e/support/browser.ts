// Debian's Chromium driven by playwright-core (which never downloads a browser), a fresh profile
// per session, console watching on every page, and numbered screenshots per scenario.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromiumWithProfile } from '../../support/chromium';
import { ConsoleWatch } from './console-watch';
import { REPO_ROOT } from './artifacts';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-output', 'e2e');

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  console: ConsoleWatch;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<BrowserSession> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-chromium-'));
  const context = await launchChromiumWithProfile(profile, { width: 1280, height: 800 }).catch(
    (error: unknown) => {
      fs.rmSync(profile, { recursive: true, force: true });
      throw error;
    }
  );
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
