/**
 * Playwright's `test`, with one check every journey gets for free: no page it visits breaks the Content
 * Security Policy. Chromium reports each refused script, style or frame on the console; any one fails the test.
 */
import { test as base, expect } from "@playwright/test";

export const test = base.extend<{ noCspViolations: undefined }>({
  noCspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      context.on("console", (message) => {
        if (message.type() === "error" && message.text().includes("Content Security Policy")) {
          violations.push(`${message.location().url}: ${message.text()}`);
        }
      });
      await use(undefined);
      expect(violations, "Content Security Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
