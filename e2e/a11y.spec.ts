import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./support/test.ts";

const MAIN_PAGES = ["/", "/articles", "/articles/heavy-vs-light-reps-reps-in-reserve", "/tags/strength"];
const OTHER_PAGES = ["/search?q=strength", "/join", "/about", "/no-such-page"];

// Every page in the light scheme; the main reading pages in the dark one too, whose colours differ.
for (const [colorScheme, pages] of [
  ["light", [...MAIN_PAGES, ...OTHER_PAGES]],
  ["dark", MAIN_PAGES],
] as const) {
  test.describe(`in the ${colorScheme} colour scheme`, () => {
    test.use({ colorScheme });

    for (const path of pages) {
      test(`axe finds no accessibility violations on ${path}`, async ({ page }) => {
        await page.goto(path);
        const results = await new AxeBuilder({ page }).analyze();
        const problems = results.violations.map(
          (violation) =>
            `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target).join(", ")})`,
        );
        expect(problems).toEqual([]);
      });
    }
  });
}
