import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "./context.ts";
import { csrfProtection } from "./csrf.ts";
import { handleError } from "./errors.ts";

function appFor(siteUrl: string) {
  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.use(async (c, next) => {
    c.set("services", { siteUrl } as AppEnv["Variables"]["services"]);
    await next();
  });
  app.use(csrfProtection({ exempt: [] }));
  return app.post("/x", (c) => c.json({ ok: true }));
}

const post = (origin: string) => ({ method: "POST", headers: { origin, "content-type": "application/json" } });

describe("the cross-site check by Origin", () => {
  it("takes any spelling of this machine as the site's own origin on a local site, with the same port", async () => {
    const app = appFor("http://localhost:5000");
    expect((await app.request("/x", post("http://127.0.0.1:5000"))).status).toBe(200);
    expect((await app.request("/x", post("http://localhost:5000"))).status).toBe(200);
    expect((await app.request("/x", post("http://127.0.0.1:5001"))).status).toBe(403);
  });

  it("refuses any other origin of a public site", async () => {
    const app = appFor("https://academy.example");
    expect((await app.request("/x", post("https://academy.example"))).status).toBe(200);
    expect((await app.request("/x", post("http://localhost"))).status).toBe(403);
    expect((await app.request("/x", post("https://evil.example"))).status).toBe(403);
  });
});
