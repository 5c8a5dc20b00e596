/**
 * Webhook delivery as Stripe does it: a POST of the event JSON with a `Stripe-Signature` header
 * (`t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`), retried with backoff until the endpoint answers 2xx.
 * Delivery never blocks the API request that caused the event. The chaos switch duplicates and reorders
 * deliveries, which Stripe also does now and then, so an app's handler can be shown to be idempotent and
 * order-independent.
 */
import { createHmac } from "node:crypto";
import type { StripeEvent } from "./objects.ts";
import { createRandom, type Random, shuffle } from "./random.ts";

export function signWebhookPayload(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${signature}`;
}

export interface ChaosSettings {
  /** Probability (0 to 1) that an event is delivered more than once. */
  duplicate?: number;
  /** Extra deliveries of an event picked for duplication (default 1). */
  copies?: number;
  /** Shuffle the deliveries of events created together (in one request or one clock advance). */
  reorder?: boolean;
  /** Seed for the duplicate and reorder choices; the same seed gives the same run. */
  seed?: number;
}

export interface WebhookRetryPolicy {
  /** Attempts per delivery, the first included (Stripe tries for three days; tests want a few). */
  maxAttempts: number;
  /** Delay before the first retry; each later retry waits twice as long, up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** How long to wait for the endpoint to answer one attempt. */
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: WebhookRetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  timeoutMs: 10_000,
};

export interface WebhookDelivery {
  eventId: string;
  eventType: string;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  attempt: number;
  /** 0 for the original delivery, 1 and up for chaos duplicates. */
  copy: number;
  url: string;
  /** The endpoint's HTTP status, or null when it could not be reached. */
  status: number | null;
  error: string | null;
  ok: boolean;
  at: Date;
}

export interface WebhookDispatcherOptions {
  url: string | null;
  secret: string;
  retry: WebhookRetryPolicy;
  /** Wall-clock milliseconds for signature timestamps: receivers check them against their own clock. */
  nowMs: () => number;
  /** Called when an event's delivery is over: delivered, or its first copy out of attempts. */
  onSettled?: (event: StripeEvent) => void;
}

export interface WebhookDispatcher {
  /** Queues an event for delivery; false when it will not be delivered (no URL, or stopped). */
  enqueue(event: StripeEvent): boolean;
  url(): string | null;
  setUrl(url: string | null): void;
  setChaos(chaos: ChaosSettings | null): void;
  deliveries(): WebhookDelivery[];
  /** Resolves once every queued delivery has succeeded or used up its attempts. */
  waitForIdle(timeoutMs: number): Promise<WebhookDelivery[]>;
  stop(): void;
}

interface DeliveryJob {
  event: StripeEvent;
  url: string;
  attempt: number;
  copy: number;
}

export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  let url = options.url;
  let chaos: { settings: ChaosSettings; random: Random } | null = null;
  let stopped = false;
  const log: WebhookDelivery[] = [];
  let batch: DeliveryJob[] = [];
  let batchScheduled = false;
  const queue: DeliveryJob[] = [];
  let working = false;
  const retryTimers = new Set<ReturnType<typeof setTimeout>>();
  const inFlight = new Set<AbortController>();
  const idleWaiters: (() => void)[] = [];
  const settledEvents = new Set<string>();

  const outstanding = () => batch.length + queue.length + retryTimers.size + (working ? 1 : 0);
  const notifyIfIdle = () => {
    if (outstanding() > 0) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  };

  // Events raised by one request arrive synchronously; collecting them until the next turn of the event
  // loop gives the reorder switch a batch to shuffle.
  const flushBatch = () => {
    batchScheduled = false;
    let jobs = batch;
    batch = [];
    if (chaos !== null) jobs = applyChaos(jobs, chaos.settings, chaos.random);
    queue.push(...jobs);
    void work();
  };

  const work = async () => {
    if (working) return;
    working = true;
    while (queue.length > 0 && !stopped) {
      const job = queue.shift() as DeliveryJob;
      const delivery = await attemptDelivery(job);
      log.push(delivery);
      if (delivery.ok) markSettled(job.event);
      else if (job.attempt < options.retry.maxAttempts) scheduleRetry(job);
      else if (!stopped && job.copy === 0 && !settledEvents.has(job.event.id)) options.onSettled?.(job.event);
    }
    working = false;
    notifyIfIdle();
  };

  const markSettled = (event: StripeEvent) => {
    if (settledEvents.has(event.id)) return;
    settledEvents.add(event.id);
    event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
    options.onSettled?.(event);
  };

  const scheduleRetry = (job: DeliveryJob) => {
    const delay = Math.min(options.retry.initialDelayMs * 2 ** (job.attempt - 1), options.retry.maxDelayMs);
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      if (stopped) return;
      queue.push({ ...job, attempt: job.attempt + 1 });
      void work();
    }, delay);
    retryTimers.add(timer);
  };

  const attemptDelivery = async (job: DeliveryJob): Promise<WebhookDelivery> => {
    const body = JSON.stringify(job.event, null, 2);
    const timestamp = Math.floor(options.nowMs() / 1000);
    const controller = new AbortController();
    inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), options.retry.timeoutMs);
    const record = { eventId: job.event.id, eventType: job.event.type, attempt: job.attempt, copy: job.copy };
    try {
      const response = await fetch(job.url, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "stripe-signature": signWebhookPayload(body, options.secret, timestamp),
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        },
        body,
        // Stripe treats a redirect as a failed delivery rather than following it.
        redirect: "manual",
        signal: controller.signal,
      });
      await response.body?.cancel();
      const ok = response.status >= 200 && response.status < 300;
      const error = ok ? null : `HTTP ${response.status}`;
      return { ...record, url: job.url, status: response.status, error, ok, at: new Date(options.nowMs()) };
    } catch (error) {
      const message = controller.signal.aborted ? "timed out" : describeError(error);
      return { ...record, url: job.url, status: null, error: message, ok: false, at: new Date(options.nowMs()) };
    } finally {
      clearTimeout(timeout);
      inFlight.delete(controller);
    }
  };

  return {
    enqueue(event) {
      if (url === null || stopped) return false;
      batch.push({ event, url, attempt: 1, copy: 0 });
      if (!batchScheduled) {
        batchScheduled = true;
        setImmediate(flushBatch);
      }
      return true;
    },
    url: () => url,
    setUrl(next) {
      url = next;
    },
    setChaos(settings) {
      const seed = settings?.seed ?? Math.floor(Math.random() * 2 ** 32);
      chaos = settings === null ? null : { settings, random: createRandom(seed) };
    },
    deliveries: () => [...log],
    waitForIdle(timeoutMs) {
      if (outstanding() === 0) return Promise.resolve([...log]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const index = idleWaiters.indexOf(onIdle);
          if (index !== -1) idleWaiters.splice(index, 1);
          reject(new Error(`Webhook deliveries still pending after ${timeoutMs} ms (${outstanding()} outstanding).`));
        }, timeoutMs);
        const onIdle = () => {
          clearTimeout(timer);
          resolve([...log]);
        };
        idleWaiters.push(onIdle);
      });
    },
    stop() {
      stopped = true;
      for (const timer of retryTimers) clearTimeout(timer);
      retryTimers.clear();
      for (const controller of inFlight) controller.abort();
      batch = [];
      queue.length = 0;
      for (const resolve of idleWaiters.splice(0)) resolve();
    },
  };
}

function applyChaos(jobs: DeliveryJob[], settings: ChaosSettings, random: Random): DeliveryJob[] {
  const probability = Math.min(Math.max(settings.duplicate ?? 0, 0), 1);
  const copies = Math.max(1, Math.floor(settings.copies ?? 1));
  const withDuplicates: DeliveryJob[] = [];
  for (const job of jobs) {
    withDuplicates.push(job);
    if (probability > 0 && random() < probability) {
      for (let copy = 1; copy <= copies; copy++) withDuplicates.push({ ...job, copy });
    }
  }
  return settings.reorder ? shuffle(withDuplicates, random) : withDuplicates;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}
