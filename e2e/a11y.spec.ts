import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

const PAGES = [
  "/",
  "/articles",
  "/articles/heavy-vs-light-reps-reps-in-reserve",
  "/tags/strength",
  "/search?q=strength",
  "/join",
  "/about",
  "/no-such-page",
];

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`in the ${colorScheme} colour scheme`, () => {
    test.use({ colorScheme });

    for (const path of PAGES) {
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
