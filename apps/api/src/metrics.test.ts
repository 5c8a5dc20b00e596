import { createMetrics } from "@academy/platform/metrics";
import { describe, expect, it } from "vitest";
import { createMetricsApp } from "./metrics.ts";

const TOKEN = "metrics-token-0123456789";

describe("/metrics", () => {
  it("does not exist without METRICS_TOKEN", async () => {
    const app = createMetricsApp({ metrics: createMetrics(), token: undefined });
    expect((await app.request("/metrics")).status).toBe(404);
    expect((await app.request("/metrics", { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  it("refuses a scrape without the token, or with another one", async () => {
    const app = createMetricsApp({ metrics: createMetrics(), token: TOKEN });
    const bare = await app.request("/metrics");
    expect(bare.status).toBe(401);
    expect(bare.headers.get("www-authenticate")).toContain("Bearer");
    expect(await bare.text()).not.toContain("academy_");
    const wrong = await app.request("/metrics", { headers: { authorization: "Bearer metrics-token-9999999999" } });
    expect(wrong.status).toBe(401);
    const basic = await app.request("/metrics", { headers: { authorization: `Basic ${btoa(`x:${TOKEN}`)}` } });
    expect(basic.status).toBe(401);
  });

  it("answers Prometheus with the token: requests, latency, jobs, emails, the line, Stripe calls and the process", async () => {
    const metrics = createMetrics({ processMetrics: true });
    metrics.observeRequest({ method: "GET", route: "/api/enroll/line", status: 200, durationMs: 12 });
    metrics.readFrom({ peopleInLine: () => 7 });
    const app = createMetricsApp({ metrics, token: TOKEN });
    const response = await app.request("/metrics", { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const body = await response.text();
    expect(body).toContain('academy_http_requests_total{method="GET",route="/api/enroll/line",status="200"} 1');
    expect(body).toContain(
      'academy_http_request_duration_seconds_bucket{le="0.025",method="GET",route="/api/enroll/line",status="200"} 1',
    );
    expect(body).toContain("academy_enrollment_people_in_line 7");
    for (const name of [
      "academy_jobs_waiting",
      "academy_jobs_failed",
      "academy_emails_sent_total",
      "academy_emails_failed_total",
      "academy_stripe_requests_total",
      "process_cpu_seconds_total",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(body).toContain(`# TYPE ${name} `);
    }
  });
});
