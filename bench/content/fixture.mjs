// Generates a large article fixture for the build benchmark: the sample articles' text and pictures,
// reused under new titles, dates and tag sets, so every page is as heavy as a real one.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./shared.mjs";

const TAGS = ["strength", "running", "menopause", "planning", "beginners", "technique", "recovery"];
const DAY = 24 * 60 * 60 * 1000;

/** Writes `count` articles (and four shared hero images) into `folder`. */
export function generateFixture(folder, count) {
  const source = join(repoRoot, "content/articles");
  const bodies = readdirSync(source)
    .filter((name) => name.endsWith(".mdx"))
    .sort()
    .map((name) => readFileSync(join(source, name), "utf8").split(/^---$/m)[2] ?? "");
  const images = readdirSync(join(source, "images")).sort().slice(0, 4);
  mkdirSync(join(folder, "images"), { recursive: true });
  for (const image of images) copyFileSync(join(source, "images", image), join(folder, "images", image));
  const start = Date.UTC(2020, 0, 1);
  for (let n = 1; n <= count; n++) {
    // A cheap deterministic spread: 1 to 3 tags per article, varied but stable between runs.
    const tags = [...new Set([TAGS[n % 7], TAGS[(n * 3 + 1) % 7], TAGS[(n * 5 + 2) % 7]].slice(0, 1 + (n % 3)))];
    const frontmatter = [
      "---",
      `title: "Fixture article number ${n}: strength and running notes"`,
      `description: "A generated article for the build benchmark, number ${n}, reusing the text of a sample article about strength and running."`,
      `publishedAt: ${new Date(start + n * DAY).toISOString().slice(0, 10)}`,
      `tags: [${tags.map((tag) => `"${tag}"`).join(", ")}]`,
      "hero:",
      `  image: ./images/${images[n % images.length]}`,
      '  alt: "A shared sample illustration reused by the benchmark fixture."',
      `featured: ${n % 500 === 0}`,
      "---",
    ].join("\n");
    writeFileSync(
      join(folder, `fixture-${String(n).padStart(4, "0")}.mdx`),
      `${frontmatter}\n${bodies[n % bodies.length]}`,
    );
  }
}
