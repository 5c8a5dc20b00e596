import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaticFiles } from "./static-files.ts";

describe("createStaticFiles", () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const root = `${mkdtempSync(join(tmpdir(), "academy-static-"))}/client/`;
    mkdirSync(join(root, "articles/easy"), { recursive: true });
    mkdirSync(join(root, "_astro"), { recursive: true });
    writeFileSync(join(root, "index.html"), "<h1>home</h1>");
    writeFileSync(join(root, "articles/easy/index.html"), "<h1>easy</h1>");
    writeFileSync(join(root, "articles/easy/index.html.gz"), gzipSync("<h1>easy</h1>"));
    writeFileSync(join(root, "_astro/site.abc123.css"), "body{}");
    writeFileSync(join(root, "..", "secret.txt"), "outside the root");
    const serveStatic = createStaticFiles(root);
    server = createServer(async (req, res) => {
      if (!(await serveStatic(req, res))) res.writeHead(418).end("not static");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

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
