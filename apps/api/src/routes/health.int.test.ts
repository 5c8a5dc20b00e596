import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../testing.ts";

describe("GET /api/health", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  it("reports the app and its database up", async () => {
    const response = await api.app.request("/api/health");
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: "ok", database: { status: "up", kind: api.services.database.kind } });
  });

  it("answers unknown endpoints with the one error shape", async () => {
    const response = await api.app.request("/api/no-such-thing");
    expect(response.status).toBe(404);
    const body = await response.json();
    expect(body.error.code).toBe("not_found");
    expect(body.error.message).toContain("/api/no-such-thing");
    expect(body.error.requestId).toMatch(/\S+/);
    expect(response.headers.get("x-request-id")).toBe(body.error.requestId);
  });

  it("answers 503 with the database reported down once the database is gone, while it is still alive", async () => {
    const broken = await createTestApi();
    await broken.services.database.close();
    const response = await broken.app.request("/api/health");
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: "degraded", database: { status: "down" } });
    // Alive: restarting the process would not bring the database back, so liveness stays 200.
    const live = await broken.app.request("/api/health/live");
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "ok" });
  });
});
