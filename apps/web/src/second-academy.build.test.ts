/**
 * The second-academy test: builds the whole site from `fixtures/second-academy` (its own site.yaml, article, course,
 * plan and pages) into a throwaway folder, and reads every file the build wrote (pages, feed, sitemap, search index,
 * brand files, server chunks) for any trace of the sample academy in `content/site.yaml`.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { brandTraitsOf, loadSite } from "@academy/platform/site";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const webRoot = fileURLToPath(new URL("../", import.meta.url));
const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));
const fixtureDir = join(repositoryRoot, "fixtures/second-academy");
const sample = loadSite(join(repositoryRoot, "content"));
const second = loadSite(fixtureDir);
const BUILD_LOCK = "/tmp/e2e.lock";
const BUILD_TIMEOUT_MS = 15 * 60_000;

const PICTURES = /\.(jpe?g|png|avif|webp|gif|ico|woff2?)$/;

/** Every text file under `root`, decompressed when the build compressed it (Pagefind's fragments, .br/.gz twins). */
function readOutput(root: string): { path: string; text: string }[] {
  const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return files.flatMap((entry) => {
    if (PICTURES.test(entry.name)) return [];
    const path = join(entry.parentPath, entry.name);
    let bytes = readFileSync(path);
    if (entry.name.endsWith(".br")) bytes = brotliDecompressSync(bytes);
    else if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    return [{ path: relative(root, path), text: bytes.toString("utf8") }];
  });
}

/** Builds like `pnpm build` would, but from the fixture and into `outDir`, holding the shared build lock. */
function buildSite(outDir: string, cacheDir: string): Promise<string> {
  const script = `import { build } from "astro"; await build({ root: ${JSON.stringify(webRoot)}, outDir: ${JSON.stringify(outDir)}, cacheDir: ${JSON.stringify(cacheDir)}, logLevel: "warn" });`;
  const node = [process.execPath, "--input-type=module", "-e", script];
  const [command, ...args] = existsSync("/usr/bin/flock") ? ["/usr/bin/flock", BUILD_LOCK, ...node] : node;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONTENT_DIR: fixtureDir,
    SITE_URL: "https://harbourhill.example",
    NODE_ENV: "production",
    ASTRO_TELEMETRY_DISABLED: "1",
  };
  delete env.ARTICLES_DIR;
  return new Promise((resolve, reject) => {
    const child = spawn(command ?? process.execPath, args, { cwd: webRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (chunk) => (log += chunk));
    child.stderr.on("data", (chunk) => (log += chunk));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(log) : reject(new Error(`the second academy's build failed (exit ${code}):\n${log}`)),
    );
  });
}

describe("a second academy, built from its own content folder", () => {
  // Under apps/web/node_modules (git ignores it): the prerender step imports its own output, which must resolve
  // the site's dependencies. Never apps/web/dist, which the e2e tests serve.
  const workRoot = join(webRoot, "node_modules/.second-academy");
  let work = "";
  let output: { path: string; text: string }[] = [];

  beforeAll(async () => {
    mkdirSync(workRoot, { recursive: true });
    work = mkdtempSync(join(workRoot, "build-"));
    await buildSite(join(work, "dist"), join(work, "cache"));
    output = [
      ...readOutput(join(work, "dist/client")).map((file) => ({ ...file, path: `client/${file.path}` })),
      ...readOutput(join(work, "dist/server")).map((file) => ({ ...file, path: `server/${file.path}` })),
    ];
  }, BUILD_TIMEOUT_MS);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const page = (path: string) => output.find((file) => file.path === `client/${path}`)?.text ?? "";

  it("shows the second academy's names, colours, logo, legal pages and address", () => {
    const home = page("index.html");
    expect(home).toContain(`<title>${second.academy.name}</title>`);
    expect(home).toContain(second.academy.tagline);
    expect(home).toContain(`--accent:${second.colors.light.primary}`);
    expect(home).toContain(`--accent:${second.colors.dark.primary}`);
    expect(home).toContain('src="/brand/logo.svg"');
    expect(home).toContain('href="/brand/favicon.svg"');
    expect(home).toContain(`href="/${second.legal.privacy}"`);
    expect(home).toContain(second.sender.postalAddress ?? "a postal address in the fixture");
    expect(home).toContain('lang="en-GB"');
    expect(page("brand/logo.svg")).toBe(readFileSync(join(fixtureDir, second.logo.path), "utf8"));
    expect(page(`${second.legal.terms}/index.html`)).toContain("Harbour Hill Harriers membership terms");
    const article = page("articles/hill-repeats-before-breakfast/index.html");
    expect(article).toContain(`"name":"${second.coach.name}"`);
    expect(page("rss.xml")).toContain(`<title>${second.academy.name}</title>`);
    expect(page("sitemap.xml")).toContain("https://harbourhill.example/privacy");
    expect(output.some((file) => file.path.startsWith("client/pagefind/"))).toBe(true);
  });

  it("leaves no trace of the sample academy anywhere in the output", () => {
    const traces = brandTraitsOf(sample).flatMap(({ label, pattern }) =>
      output.filter((file) => pattern.test(file.text)).map((file) => `${file.path}: ${label} (${pattern.source})`),
    );
    expect(traces).toEqual([]);
  });

  it("searched every kind of file the build writes", () => {
    const paths = output.map((file) => file.path);
    expect(paths).toContain("client/index.html");
    expect(paths).toContain("client/rss.xml");
    expect(paths).toContain("client/sitemap.xml");
    expect(paths.some((path) => /^client\/pagefind\/fragment\/.+\.pf_fragment$/.test(path))).toBe(true);
    expect(paths.some((path) => path.startsWith("server/") && path.endsWith(".mjs"))).toBe(true);
  });
});
