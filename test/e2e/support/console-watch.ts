// Every browser page's console and uncaught errors, so a scenario fails on any error or any
// module-federation sharing warning (the symptom of an extension built against the wrong core).
import type { ConsoleMessage, Page } from 'playwright-core';

export interface ConsoleEntry {
  page: string;
  type: string;
  text: string;
}

/** A console error the scenario provokes on purpose (e.g. the failed request of a shim error). */
export interface ExpectedError {
  pattern: RegExp;
  why: string;
}

// Warnings that mean the extension and the core disagree about a shared package.
const SHARING_WARNING =
  /Unsatisfied version|shared module|share scope|Initialization of sharing external failed|No satisfying version|singleton/i;

// Known-harmless noise of the lean harness app. Each entry says why it is harmless.
const HARMLESS: ExpectedError[] = [
  {
    // Chromium asks every page for /favicon.ico; jupyter_server 1.23 serves it under /static only.
    pattern: /favicon\.ico.*404|404.*favicon\.ico/,
    why: 'favicon probe'
  }
];

export class ConsoleWatch {
  readonly entries: ConsoleEntry[] = [];
  private expected: ExpectedError[] = [];

  attach(page: Page, label: string): void {
    page.on('console', (message: ConsoleMessage) => {
      const location = message.location();
      const where = location?.url ? ` (${location.url})` : '';
      this.entries.push({ page: label, type: message.type(), text: message.text() + where });
    });
    page.on('pageerror', error => {
      this.entries.push({
        page: label,
        type: 'pageerror',
        text: `${error.name}: ${error.message}`
      });
    });
  }

  /** Allows matching errors until `clearExpected()`; each needs a reason. */
  expect(...errors: ExpectedError[]): void {
    this.expected.push(...errors);
  }

  clearExpected(): void {
    this.expected = [];
  }

  /** Errors, page errors and sharing warnings not explained by HARMLESS or `expect()`. */
  problems(): ConsoleEntry[] {
    const allowed = [...HARMLESS, ...this.expected];
    return this.entries.filter(entry => {
      const isProblem =
        entry.type === 'error' ||
        entry.type === 'pageerror' ||
        (entry.type === 'warning' && SHARING_WARNING.test(entry.text));
      return isProblem && !allowed.some(rule => rule.pattern.test(entry.text));
    });
  }

  /** Throws with every unexplained problem; empties the log for the next scenario. */
  assertClean(scenario: string): void {
    const problems = this.problems();
    this.entries.length = 0;
    this.clearExpected();
    if (problems.length > 0) {
      throw new Error(
        `${scenario}: browser console problems:\n` +
          problems.map(p => `  [${p.page} ${p.type}] ${p.text}`).join('\n')
      );
    }
  }
}
