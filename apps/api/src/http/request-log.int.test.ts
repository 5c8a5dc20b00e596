import { createLogger } from "@academy/platform/logger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshNetwork, fromNetwork } from "../routes/waitlist.testing.ts";
import { createTestApi, postJson, type TestApi } from "../testing.ts";

describe("the request log", () => {
  const lines: string[] = [];
  let api: TestApi;
  beforeAll(async () => {
    const logger = createLogger({ level: "info", format: "json", destination: { write: (line) => lines.push(line) } });
    api = await createTestApi({ logger, trustProxy: 1 });
  });
  afterAll(() => api.close());

  /** The request lines written while `send` ran. */
  async function logOf(send: () => Response | Promise<Response>) {
    const before = lines.length;
    const response = await send();
    await response.arrayBuffer();
    const written = lines.slice(before);
    const requests = written
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((l) => l.msg === "request");
    return { response, written: written.join(""), requests };
  }

  it("writes one JSON line per request: its request id (also answered), method, route, status and duration", async () => {
    const { response, requests } = await logOf(() => api.app.request("/api/health"));
    expect(requests).toHaveLength(1);
    const [line] = requests;
    expect(line).toMatchObject({ level: 30, method: "GET", route: "/api/health", status: 200 });
    expect(line?.requestId).toBe(response.headers.get("x-request-id"));
    expect(line?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof line?.durationMs).toBe("number");
  });

  it("names the route's pattern, not the path with its token in it", async () => {
    const { requests } = await logOf(() => api.app.request("/api/calendar/not-a-real-feed-token-12345.ics"));
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ route: "/api/calendar/:file", status: 404 });
    expect(JSON.stringify(requests[0])).not.toContain("not-a-real-feed-token");
  });

  it("keeps the request id a proxy sent", async () => {
    const { response, requests } = await logOf(() =>
      api.app.request("/api/health", { headers: { "x-request-id": "caddy-4f2a9c" } }),
    );
    expect(response.headers.get("x-request-id")).toBe("caddy-4f2a9c");
    expect(requests[0]?.requestId).toBe("caddy-4f2a9c");
  });

  it("writes no email address and no cookie, even for a join that carries both", async () => {
    const [path, init] = fromNetwork(freshNetwork(), postJson("/api/waitlist", { email: "ruth.logs@example.com" }));
    const headers = { ...(init.headers as Record<string, string>), cookie: "__Host-session=sess_secret.value123" };
    const { response, written, requests } = await logOf(() => api.app.request(path, { ...init, headers }));
    expect(response.status).toBe(200);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: "POST", route: "/api/waitlist", status: 200 });
    expect(written).not.toContain("ruth.logs");
    expect(written).not.toContain("sess_secret");
    expect(written).not.toContain("value123");
  });

  it("counts each request for Prometheus by route and status", async () => {
    await api.app.request("/api/health");
    const { body } = await api.services.metrics.render();
    expect(body).toMatch(/academy_http_requests_total\{method="GET",route="\/api\/health",status="200"\} [1-9]/);
  });
});
