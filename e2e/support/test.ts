/**
 * Playwright's `test`, with two checks every journey gets for free: no page it visits breaks the Content
 * Security Policy (Chromium reports each refused script, style or frame on the console; any one fails the test),
 * and no page it visits scrolls sideways on a 360 px phone.
 */
import { test as base, expect, type Page } from "@playwright/test";
import { openPublicWindow } from "./windows.ts";

/** Pages already measured at phone width in this worker, by address and cookies (signed in or not). */
const measuredPages = new Set<string>();

export const test = base.extend<{
  noCspViolations: undefined;
  fitsPhoneWidth: undefined;
  /** Has the coach open an enrollment window that is public now; it is cancelled after the test, pass or fail. */
  openWindow: () => Promise<void>;
}>({
  // Windows must not overlap, so every window a test opens is cancelled in the fixture's teardown, which runs even
  // when the test failed or ran out of time (a `finally` in the test body does not run after a timeout).
  openWindow: async ({ browser }, use) => {
    const closers: (() => Promise<void>)[] = [];
    await use(async () => {
      closers.push(await openPublicWindow(browser));
    });
    for (const close of closers.reverse()) await close();
  },
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
  // Every page the journey landed on, opened again at the end in a phone-sized tab of the same browser context
  // (same cookies): its layout must fit 360 px. Measured in a tab of its own, rather than by resizing the test's
  // own tab after each load, so the check never moves an element the journey is about to click.
  fitsPhoneWidth: [
    async ({ context, baseURL }, use) => {
      const visited = new Set<string>();
      const track = (page: Page) =>
        page.on("framenavigated", (frame) => {
          if (frame === page.mainFrame()) visited.add(frame.url().replace(/#.*$/, ""));
        });
      for (const page of context.pages()) track(page);
      context.on("page", track);
      await use(undefined);
      context.off("page", track);

      const origin = baseURL ? new URL(baseURL).origin : "";
      const cookies = (await context.cookies())
        .map((cookie) => cookie.name)
        .sort()
        .join(",");
      const pages = [...visited].filter((url) => {
        const address = new URL(url);
        return (
          address.origin === origin && !address.pathname.startsWith("/api/") && !measuredPages.has(`${url} ${cookies}`)
        );
      });
      if (pages.length === 0) return;
      const phone = await context.newPage();
      await phone.setViewportSize({ width: 360, height: 780 });
      const tooWide: string[] = [];
      for (const url of pages) {
        const response = await phone.goto(url);
        if (!response?.headers()["content-type"]?.includes("text/html")) continue;
        const overflow = await phone.evaluate(() => {
          const { scrollWidth, clientWidth } = document.documentElement;
          if (scrollWidth <= clientWidth) return undefined;
          // The outermost element that reaches past the right edge, to say where to look.
          const culprit = [...document.body.querySelectorAll("*")].find(
            (element) => element.getBoundingClientRect().right > clientWidth + 1,
          );
          const name = culprit
            ? `${culprit.tagName.toLowerCase()}${culprit.id ? `#${culprit.id}` : ""}${[...culprit.classList].map((c) => `.${c}`).join("")}`
            : "?";
          return `${scrollWidth}px wide in ${clientWidth}px (first too wide: ${name})`;
        });
        const { pathname, search } = new URL(url);
        if (overflow) tooWide.push(`${pathname}${search}: ${overflow}`);
        else measuredPages.add(`${url} ${cookies}`);
      }
      await phone.close();
      expect(tooWide, "pages that scroll sideways on a 360 px phone").toEqual([]);
    },
    { auto: true, timeout: 60_000 },
  ],
});

export { expect };
