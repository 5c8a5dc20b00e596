// Article weight: every prerendered article page must ship no JavaScript (no <script> but JSON-LD) and
// weigh at most 30 KB of HTML + CSS, gzipped. Reads the built output; prints the figures.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { buildSite, clientDir, writeResult } from "./shared.mjs";

const BUDGET_BYTES = 30 * 1024;

buildSite();
const articlesDir = join(clientDir, "articles");
const slugs = readdirSync(articlesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== "page")
  .map((entry) => entry.name);

const gzipSize = (text) => gzipSync(text, { level: 9 }).length;

const pages = slugs.map((slug) => {
  const html = readFileSync(join(articlesDir, slug, "index.html"), "utf8");
  // Stylesheets are inlined by the build; any linked one would count too.
  const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)]
    .map((match) => readFileSync(join(clientDir, match[1] ?? ""), "utf8"))
    .join("");
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].filter(
    (match) => !/application\/ld\+json/.test(match[1] ?? ""),
  );
  return {
    slug,
    raw: html.length + css.length,
    gzipped: gzipSize(html) + (css ? gzipSize(css) : 0),
    scripts: scripts.length,
  };
});
pages.sort((a, b) => b.gzipped - a.gzipped);
const heaviest = pages[0];
const median = pages[Math.floor(pages.length / 2)];
const scripts = pages.reduce((sum, page) => sum + page.scripts, 0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const lines = [
  "| figure | value |",
  "| --- | --- |",
  `| article pages measured | ${pages.length} |`,
  `| \`<script>\` tags other than JSON-LD, all articles together | **${scripts}** (budget 0) |`,
  `| heaviest article, HTML + CSS gzipped | **${kb(heaviest.gzipped)}** (${heaviest.slug}; budget ≤ 30 KB) |`,
  `| median article, HTML + CSS gzipped | ${kb(median.gzipped)} |`,
  `| heaviest article, uncompressed | ${kb(heaviest.raw)} |`,
];
console.log(lines.join("\n"));
writeResult("content-article-weight", "Content: article weight", lines);
if (scripts > 0 || heaviest.gzipped > BUDGET_BYTES) {
  console.error("Article weight is over budget.");
  process.exitCode = 1;
}
