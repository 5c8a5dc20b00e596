import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPublicPageCache, type PublicPageCache, readSharedMaxAge } from "./page-cache.ts";

const PAGE = "/courses/strong/welcome";

describe("createPublicPageCache", () => {
  let server: Server;
  let base: string;
  let cache: PublicPageCache;
  let now = 0;
  let renders = 0;
  /** What the "page" answers next, as Astro would: a Response with its headers. */
  let render: () => Response;

  const teaser = (cacheControl = "public, max-age=0, s-maxage=5") =>
    new Response(`<h1>teaser ${renders}</h1>`, {
      headers: { "content-type": "text/html", "cache-control": cacheControl, vary: "Cookie" },
    });

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      if (cache.serve(req, res)) return;
      const hasSession = req.headers.cookie?.includes("__Host-session=") === true;
      // The middleware's part: only a page rendered for a request without the session cookie is offered.
      renders += 1;
      const rendered = render();
      const response = hasSession || req.method !== "GET" ? rendered : await cache.keep(req.url ?? "/", rendered);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    cache = createPublicPageCache({ sessionCookieName: "__Host-session", maxEntries: 3, now: () => now });
    now = 1_000_000;
    renders = 0;
    render = () => teaser();
  });

  it("answers signed-out visitors with one render, headers and all, for as long as s-maxage says", async () => {
    const first = await fetch(`${base}${PAGE}`);
    const second = await fetch(`${base}${PAGE}`);
    expect(await first.text()).toBe("<h1>teaser 1</h1>");
    expect(await second.text()).toBe("<h1>teaser 1</h1>");
    expect(second.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=5");
    expect(second.headers.get("vary")).toBe("Cookie");
    expect(second.headers.get("content-type")).toBe("text/html");
    now += 5_000;
    expect(await (await fetch(`${base}${PAGE}`)).text()).toBe("<h1>teaser 2</h1>");
  });

  it("never answers a request that carries the session cookie", async () => {
    await fetch(`${base}${PAGE}`);
    const member = await fetch(`${base}${PAGE}`, { headers: { cookie: "theme=dark; __Host-session=ses_x.y" } });
    expect(await member.text()).toBe("<h1>teaser 2</h1>");
    const visitor = await fetch(`${base}${PAGE}`, { headers: { cookie: "theme=dark" } });
    expect(await visitor.text()).toBe("<h1>teaser 1</h1>");
  });

  it("keeps nothing a shared cache may not keep", async () => {
    for (const make of [
      () => teaser("private, no-store"),
      () => teaser("public, max-age=60"),
      () => teaser("public, s-maxage=0"),
      () => new Response("gone", { status: 404, headers: { "cache-control": "public, s-maxage=5" } }),
      () => {
        const response = teaser();
        response.headers.append("set-cookie", "seen=1");
        return response;
      },
    ]) {
      render = make;
      const before = renders;
      await (await fetch(`${base}${PAGE}`)).text();
      await (await fetch(`${base}${PAGE}`)).text();
      expect(renders - before).toBe(2);
    }
  });

  it("answers HEAD without a body, and never a POST", async () => {
    await fetch(`${base}${PAGE}`);
    const head = await fetch(`${base}${PAGE}`, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe(String("<h1>teaser 1</h1>".length));
    expect(await head.text()).toBe("");
    expect(await (await fetch(`${base}${PAGE}`, { method: "POST" })).text()).toBe("<h1>teaser 2</h1>");
  });

  it("keeps each address apart and at most maxEntries of them", async () => {
    for (const query of ["?a", "?b", "?c", "?d"]) await fetch(`${base}${PAGE}${query}`);
    expect(await (await fetch(`${base}${PAGE}?d`)).text()).toBe("<h1>teaser 4</h1>");
    // The oldest went first.
    expect(await (await fetch(`${base}${PAGE}?a`)).text()).toBe("<h1>teaser 5</h1>");
  });
});

describe("readSharedMaxAge", () => {
  it.each([
    ["public, max-age=0, s-maxage=5", 5],
    ["Public, S-MaxAge=12", 12],
    ["public, s-maxage=5, private", undefined],
    ["public, s-maxage=5, no-store", undefined],
    ["s-maxage=5", undefined],
    ["public, s-maxage=abc", undefined],
    [null, undefined],
  ])("%s → %s", (header, seconds) => {
    expect(readSharedMaxAge(header)).toBe(seconds);
  });
});
