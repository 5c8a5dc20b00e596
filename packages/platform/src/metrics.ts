/**
 * Prometheus metrics (prom-client) on a registry of the platform's own: HTTP requests by route and status,
 * emails sent and failed, Stripe calls by endpoint, and, read when Prometheus scrapes, the job queues and
 * the checkouts being opened. The servers serve it at /metrics only when METRICS_TOKEN is set.
 *
 * @example
 * const metrics = createMetrics({ processMetrics: true });
 * metrics.observeRequest({ method: "GET", route: "/api/health", status: 200, durationMs: 3 });
 * const { contentType, body } = await metrics.render();
 */
import type { Jobs } from "@academy/jobs";
import type { Mailer } from "@academy/mail";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type Stripe from "stripe";

export interface RequestObservation {
  method: string;
  /** The matched route pattern (`/api/enroll/line`, `/articles/[slug]`), never the raw path with its ids. */
  route: string;
  status: number;
  durationMs: number;
}

/** What is read at scrape time; each source is optional so tests and tools can leave some out. */
export interface ScrapeSources {
  jobs?: Pick<Jobs, "boss">;
  /** Checkouts being opened now, i.e. the people in the line at the doors (`enrollment.openingsUnderWay()`). */
  peopleInLine?: () => number;
}

export interface Metrics {
  readonly registry: Registry;
  observeRequest(observation: RequestObservation): void;
  /** Counts every Stripe API call this client makes, by method and endpoint (ids replaced by `:id`). */
  observeStripe(stripe: Stripe): void;
  /** The same mailer, counting each message sent and each that failed. */
  countEmails(mailer: Mailer): Mailer;
  /** Sets where the gauges read at scrape time come from (called once the services exist). */
  readFrom(sources: ScrapeSources): void;
  render(): Promise<{ contentType: string; body: string }>;
}

export interface CreateMetricsOptions {
  /** prom-client's default process and Node.js metrics (CPU, memory, event loop, GC). */
  processMetrics?: boolean;
}

// Latency buckets in seconds, from a cached page (a few ms) to a slow checkout opening.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(options: CreateMetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  let sources: ScrapeSources = {};

  const httpRequests = new Counter({
    name: "academy_http_requests_total",
    help: "HTTP requests answered, by method, matched route and status.",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: "academy_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by method, matched route and status.",
    labelNames: ["method", "route", "status"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const emailsSent = new Counter({
    name: "academy_emails_sent_total",
    help: "Emails handed to SMTP (or the development outbox).",
    registers: [registry],
  });
  const emailsFailed = new Counter({
    name: "academy_emails_failed_total",
    help: "Emails whose sending failed (each is tried again later).",
    registers: [registry],
  });
  const stripeRequests = new Counter({
    name: "academy_stripe_requests_total",
    help: "Stripe API calls made, by method and endpoint (rate() gives calls per second).",
    labelNames: ["method", "endpoint"] as const,
    registers: [registry],
  });
  const stripeResponses = new Counter({
    name: "academy_stripe_responses_total",
    help: "Stripe API answers received, by method, endpoint and status.",
    labelNames: ["method", "endpoint", "status"] as const,
    registers: [registry],
  });

  // Read when Prometheus scrapes, so they cost nothing between scrapes.
  const queueGauge = (name: string, help: string, read: (queue: QueueCounts) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["queue"] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const queue of await readQueues(sources.jobs)) this.set({ queue: queue.name }, read(queue));
      },
    });
  queueGauge("academy_jobs_waiting", "Jobs queued and not yet started, by queue.", (queue) => queue.queuedCount);
  queueGauge("academy_jobs_active", "Jobs running now, by queue.", (queue) => queue.activeCount);
  queueGauge(
    "academy_jobs_failed",
    "Failed jobs still kept in the queue's table (a rolling count), by queue.",
    (queue) => queue.failedCount,
  );
  new Gauge({
    name: "academy_enrollment_people_in_line",
    help: "People in the line at the doors: checkouts this instance is opening now.",
    registers: [registry],
    collect() {
      this.set(sources.peopleInLine?.() ?? 0);
    },
  });

  return {
    registry,
    observeRequest({ method, route, status, durationMs }) {
      const labels = { method, route, status: String(status) };
      httpRequests.inc(labels);
      httpDuration.observe(labels, durationMs / 1000);
    },
    observeStripe(stripe) {
      stripe.on("request", (event: Stripe.RequestEvent) => {
        stripeRequests.inc({ method: event.method ?? "?", endpoint: stripeEndpoint(event.path) });
      });
      stripe.on("response", (event: Stripe.ResponseEvent) => {
        stripeResponses.inc({
          method: event.method ?? "?",
          endpoint: stripeEndpoint(event.path),
          status: String(event.status ?? 0),
        });
      });
    },
    countEmails(mailer) {
      return {
        kind: mailer.kind,
        from: mailer.from,
        async send(message) {
          try {
            await mailer.send(message);
          } catch (error) {
            emailsFailed.inc();
            throw error;
          }
          emailsSent.inc();
        },
        close: () => mailer.close(),
      };
    },
    readFrom(next) {
      sources = next;
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

interface QueueCounts {
  name: string;
  queuedCount: number;
  activeCount: number;
  failedCount: number;
}

async function readQueues(jobs: ScrapeSources["jobs"]): Promise<QueueCounts[]> {
  if (!jobs) return [];
  // pg-boss keeps these counts per queue (refreshed by its monitor); a stopped or unreachable boss reads as none.
  return jobs.boss.getQueues().catch(() => []);
}

// A prefix and a random part with a digit or a capital: `cus_1QxL…`, `cs_test_a1…`; not `billing_portal`.
const STRIPE_ID = /^[a-z]+(?:_[a-z]+)*_[A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*$/;

/** `/v1/customers/cus_123/subscriptions?x=1` → `/v1/customers/:id/subscriptions`: one series per endpoint. */
export function stripeEndpoint(path: string | undefined): string {
  if (!path) return "?";
  return (path.split("?")[0] ?? "")
    .split("/")
    .map((segment) => (STRIPE_ID.test(segment) ? ":id" : segment))
    .join("/");
}
