import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics, type Metrics, stripeEndpoint } from "./metrics.ts";
import { createTestServices, type TestServices } from "./testing.ts";

describe("metrics read from the platform", () => {
  let platform: TestServices;
  let metrics: Metrics;
  beforeAll(async () => {
    platform = await createTestServices();
    metrics = createMetrics();
  });
  afterAll(() => platform.close());

  const scrape = async () => (await metrics.render()).body;

  it("reads each queue's waiting and failed jobs from pg-boss when scraped", async () => {
    const { jobs } = platform.services;
    await jobs.createQueue("metrics-probe", { retryLimit: 0 });
    await jobs.send("metrics-probe", { n: 1 });
    await jobs.send("metrics-probe", { n: 2 });
    const failing = await jobs.boss.send("metrics-probe", { n: 3 });
    if (!failing) throw new Error("no job id");
    await jobs.boss.fail("metrics-probe", failing, new Error("refused"));
    // pg-boss counts queues in its monitor pass; the platform runs it (supervise), the tests run it here.
    await jobs.boss.getQueueStats("metrics-probe", { force: true });
    metrics.readFrom({ jobs });
    const body = await scrape();
    expect(body).toContain('academy_jobs_waiting{queue="metrics-probe"} 2');
    expect(body).toContain('academy_jobs_failed{queue="metrics-probe"} 1');
  });

  it("counts emails sent and failed through the mailer it wraps", async () => {
    const sent = metrics.countEmails(platform.services.mailer);
    const message = { to: "ruth@example.com", subject: "Hi", text: "Hi", html: "<p>Hi</p>" };
    await sent.send(message);
    await sent.send({ ...message, to: "joe@example.com" });
    const broken = metrics.countEmails({
      ...platform.services.mailer,
      send: () => Promise.reject(new Error("SMTP down")),
    });
    await expect(broken.send(message)).rejects.toThrow("SMTP down");
    const body = await scrape();
    expect(body).toContain("academy_emails_sent_total 2");
    expect(body).toContain("academy_emails_failed_total 1");
  });

  it("counts Stripe calls by endpoint, with ids folded into :id", async () => {
    const { stripe } = platform.services.billing;
    metrics.observeStripe(stripe);
    const customer = await stripe.customers.create({ email: "line@example.com" });
    await stripe.customers.retrieve(customer.id);
    await stripe.customers.retrieve(customer.id);
    const body = await scrape();
    expect(body).toContain('academy_stripe_requests_total{method="POST",endpoint="/v1/customers"} 1');
    expect(body).toContain('academy_stripe_requests_total{method="GET",endpoint="/v1/customers/:id"} 2');
    expect(body).toContain('academy_stripe_responses_total{method="GET",endpoint="/v1/customers/:id",status="200"} 2');
  });

  it("reads the people in line from the enrollment service", async () => {
    metrics.readFrom({ peopleInLine: () => platform.services.enrollment.openingsUnderWay() });
    expect(await scrape()).toContain("academy_enrollment_people_in_line 0");
  });
});

describe("stripeEndpoint", () => {
  it("keeps the endpoint and drops ids and queries", () => {
    expect(stripeEndpoint("/v1/checkout/sessions/cs_test_a1B2c3")).toBe("/v1/checkout/sessions/:id");
    expect(stripeEndpoint("/v1/billing_portal/sessions")).toBe("/v1/billing_portal/sessions");
    expect(stripeEndpoint("/v1/subscriptions/sub_1QxLa9/items?limit=3")).toBe("/v1/subscriptions/:id/items");
  });
});
