import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SITE_URL_PLACEHOLDER } from "../site-url.ts";
import { createStaticFiles, type ServeStatic } from "./static-files.ts";

/** Starts a server that answers with `serve`, or 418 when it declines; returns its base URL and a stopper. */
async function listen(serve: ServeStatic): Promise<{ base: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    if (!(await serve(req, res))) res.writeHead(418).end("not static");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("createStaticFiles", () => {
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const root = `${mkdtempSync(join(tmpdir(), "academy-static-"))}/client/`;
    mkdirSync(join(root, "articles/easy"), { recursive: true });
    mkdirSync(join(root, "_astro"), { recursive: true });
    writeFileSync(join(root, "index.html"), "<h1>home</h1>");
    writeFileSync(join(root, "articles/easy/index.html"), "<h1>easy</h1>");
    writeFileSync(join(root, "articles/easy/index.html.gz"), gzipSync("<h1>easy</h1>"));
    writeFileSync(join(root, "_astro/site.abc123.css"), "body{}");
    writeFileSync(join(root, "..", "secret.txt"), "outside the root");
    const { serve } = await createStaticFiles(root);
    ({ base, close } = await listen(serve));
  });
  afterAll(() => close());

  it("serves a page from its folder's index.html, with or without the trailing slash", async () => {
    for (const path of ["/articles/easy", "/articles/easy/"]) {
      const response = await fetch(`${base}${path}`, { headers: { "accept-encoding": "identity" } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await response.text()).toBe("<h1>easy</h1>");
    }
  });

  it("sends the precompressed twin to a client that accepts it", async () => {
    const response = await fetch(`${base}/articles/easy`, { headers: { "accept-encoding": "gzip" } });
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect(await response.text()).toBe("<h1>easy</h1>");
  });

  it("caches fingerprinted assets for a year and revalidates pages", async () => {
    const asset = await fetch(`${base}/_astro/site.abc123.css`);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    const page = await fetch(`${base}/`);
    expect(page.headers.get("cache-control")).toContain("must-revalidate");
    const again = await fetch(`${base}/`, { headers: { "if-none-match": page.headers.get("etag") ?? "" } });
    expect(again.status).toBe(304);
  });

  it("never serves a file outside its folder and leaves unknown paths to the next handler", async () => {
    for (const path of ["/../secret.txt", "/%2e%2e/secret.txt", "/nothing-here", "/%E0%A4%A"]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(418);
    }
  });
});

describe("createStaticFiles with an image's placeholder origin", () => {
  const runtime = "https://academy.example.org";
  // Long enough (≥ 512 bytes) that the build writes brotli and gzip twins for it.
  const article = (origin: string) =>
    `<link rel="canonical" href="${origin}/articles/easy"><meta property="og:image" content="${origin}/_astro/a.webp">` +
    `<p>${"Easy runs build the base. ".repeat(40)}</p>`;
  const sitemap = (origin: string) => `<urlset><url><loc>${origin}/articles/easy</loc></url></urlset>`;
  let root: string;

  beforeAll(() => {
    root = `${mkdtempSync(join(tmpdir(), "academy-static-origin-"))}/client/`;
    mkdirSync(join(root, "articles/easy"), { recursive: true });
    mkdirSync(join(root, "_astro"), { recursive: true });
    const page = join(root, "articles/easy/index.html");
    writeFileSync(page, article(SITE_URL_PLACEHOLDER));
    writeFileSync(`${page}.gz`, gzipSync(article(SITE_URL_PLACEHOLDER)));
    writeFileSync(`${page}.br`, gzipSync("a stale twin that must never be sent"));
    writeFileSync(join(root, "sitemap.xml"), sitemap(SITE_URL_PLACEHOLDER));
    writeFileSync(join(root, "about.html"), "<h1>about, with no absolute link</h1>");
    // Not a file that can carry a canonical URL: served as built.
    writeFileSync(join(root, "_astro/site.css"), `/* ${SITE_URL_PLACEHOLDER} */`);
  });

  it("serves pages, their twins and the sitemap with the runtime origin, and says how many it rewrote", async () => {
    const files = await createStaticFiles(root, { origin: { from: SITE_URL_PLACEHOLDER, to: runtime } });
    expect(files.rewritten).toBe(2);
    const { base, close } = await listen(files.serve);
    try {
      const plain = await fetch(`${base}/articles/easy`, { headers: { "accept-encoding": "identity" } });
      expect(await plain.text()).toBe(article(runtime));
      expect(Number(plain.headers.get("content-length"))).toBe(Buffer.byteLength(article(runtime)));

      for (const [encoding, decode] of [
        ["br", brotliDecompressSync],
        ["gzip", gunzipSync],
      ] as const) {
        const raw = await rawGet(`${base}/articles/easy`, encoding);
        expect(raw.encoding).toBe(encoding);
        expect(decode(raw.body).toString()).toBe(article(runtime));
      }

      const map = await fetch(`${base}/sitemap.xml`);
      expect(await map.text()).toBe(sitemap(runtime));
      expect(map.headers.get("content-type")).toBe("application/xml; charset=utf-8");
      expect(await (await fetch(`${base}/about.html`)).text()).toBe("<h1>about, with no absolute link</h1>");
      expect(await (await fetch(`${base}/_astro/site.css`)).text()).toContain(SITE_URL_PLACEHOLDER);
    } finally {
      await close();
    }
  });

  it("gives a rewritten page the same ETag on every instance started with the same SITE_URL, another with another", async () => {
    const etagOf = async (to: string) => {
      const { serve } = await createStaticFiles(root, { origin: { from: SITE_URL_PLACEHOLDER, to } });
      const { base, close } = await listen(serve);
      try {
        const response = await fetch(`${base}/articles/easy`);
        const etag = response.headers.get("etag") ?? "";
        const again = await fetch(`${base}/articles/easy`, { headers: { "if-none-match": etag } });
        expect(again.status).toBe(304);
        return etag;
      } finally {
        await close();
      }
    };
    const first = await etagOf(runtime);
    expect(await etagOf(runtime)).toBe(first);
    expect(await etagOf("https://other.example.org")).not.toBe(first);
  });

  it("leaves a site built with its real origin (pnpm start) as it is, twins included", async () => {
    const built = `${mkdtempSync(join(tmpdir(), "academy-static-real-"))}/client/`;
    mkdirSync(join(built, "articles/easy"), { recursive: true });
    writeFileSync(join(built, "articles/easy/index.html"), article(runtime));
    writeFileSync(join(built, "articles/easy/index.html.gz"), gzipSync("the build's own twin"));
    const files = await createStaticFiles(built, { origin: { from: SITE_URL_PLACEHOLDER, to: runtime } });
    expect(files.rewritten).toBe(0);
    const { base, close } = await listen(files.serve);
    try {
      expect(await (await fetch(`${base}/articles/easy`, { headers: { "accept-encoding": "gzip" } })).text()).toBe(
        "the build's own twin",
      );
    } finally {
      await close();
    }
  });
});

/** A GET that keeps the body as sent (fetch would decode it), with its Content-Encoding. */
async function rawGet(url: string, encoding: string): Promise<{ encoding: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { "accept-encoding": encoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ encoding: response.headers["content-encoding"], body: Buffer.concat(chunks) }),
      );
    })
      .on("error", reject)
      .end();
  });
}
