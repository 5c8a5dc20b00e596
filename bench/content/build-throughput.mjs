// Build throughput: builds the site from a generated 2,000-article fixture (cold caches, its own output
// folder) and reports pages per second and the peak memory of the build's process tree.
// Usage: node bench/content/build-throughput.mjs [articles=2000]
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import { generateFixture } from "./fixture.mjs";
import { webRoot, writeResult } from "./shared.mjs";

const count = Number(process.argv[2] ?? 2000);
// Inside apps/web (under node_modules, which git ignores): the build's prerender step imports its own
// output, which must resolve the site's dependencies.
const benchRoot = join(webRoot, "node_modules/.bench");
mkdirSync(benchRoot, { recursive: true });
const work = await mkdtemp(join(benchRoot, "build-"));
const articlesDir = join(work, "articles");
const outDir = join(work, "dist");
generateFixture(articlesDir, count);
console.log(`build throughput: ${count} fixture articles in ${articlesDir}`);

/** Resident memory of a process and all its descendants, in bytes (Linux /proc). */
function treeRss(pid) {
  let total = 0;
  try {
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    total += Number(rss?.[1] ?? 0) * 1024;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      for (const child of children ? children.split(" ") : []) total += treeRss(Number(child));
    }
  } catch {
    // The process ended between two reads.
  }
  return total;
}

// The programmatic build takes the fixture's own output and cache folders, so the real build's stay untouched.
const script = `import { build } from "astro"; await build({ root: ${JSON.stringify(webRoot)}, outDir: ${JSON.stringify(outDir)}, cacheDir: ${JSON.stringify(join(work, "cache"))}, logLevel: process.env.BENCH_LOG_LEVEL ?? "error" });`;
const started = performance.now();
const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
const child = spawn(process.execPath, [...profile, "--input-type=module", "-e", script], {
  cwd: webRoot,
  env: { ...process.env, ARTICLES_DIR: articlesDir, NODE_ENV: "production" },
  stdio: ["ignore", "inherit", "inherit"],
});
let peak = 0;
const poll = setInterval(() => {
  peak = Math.max(peak, treeRss(child.pid));
}, 100);
const code = await new Promise((resolve) => child.on("exit", resolve));
clearInterval(poll);
const seconds = (performance.now() - started) / 1000;
if (code !== 0) throw new Error(`the fixture build failed with exit code ${code}`);

const pages = readdirSync(join(outDir, "client"), { recursive: true }).filter((file) => String(file).endsWith(".html"));
const articlePages = pages.filter((file) => /^articles\/fixture-\d+\/index\.html$/.test(String(file))).length;
const perSecond = pages.length / seconds;
const peakMiB = peak / 1024 / 1024;
if (!process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true });

const lines = [
  "| figure | value |",
  "| --- | --- |",
  `| fixture articles | ${count} |`,
  `| HTML pages written | ${pages.length} (${articlePages} articles, the rest listings, tags, home, about, 404) |`,
  `| build time (astro build + Pagefind + precompression, cold caches) | ${seconds.toFixed(1)} s |`,
  `| throughput | **${perSecond.toFixed(1)} pages/s** (budget ≥ 50) |`,
  `| peak memory (RSS of the build's process tree) | ${peakMiB.toFixed(0)} MiB |`,
];
console.log(lines.join("\n"));
writeResult("content-build", "Content: build throughput", lines);
