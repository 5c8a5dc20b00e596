/**
 * What keeping the state on disk (`statePath`) costs. Through the official SDK over HTTP, in memory and on
 * disk: one request at a time (the added latency is the cost of one acknowledged write: serialising the
 * changed objects, one journal append and its fdatasync), a burst of concurrent requests (commits that
 * arrive while a write is in flight share the next one), and a doors-open pace of 20 checkouts a second
 * (a customer and a Checkout Session each). Then, on the persistence layer alone: a single commit, folding a
 * large journal into a snapshot, and starting on a large state.
 *
 * @example
 * pnpm --filter @academy/stripe-local bench
 * BENCH_STATE_DIR=/var/tmp BENCH_SEQUENTIAL=1000 pnpm --filter @academy/stripe-local bench
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import Stripe from "stripe";
import type { Customer } from "../src/objects.ts";
import { openPersistence } from "../src/persistence.ts";
import { type StripeLocal, startStripeLocal } from "../src/start.ts";
import { segmentName } from "../src/state-journal.ts";

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 400);
const BURST = Number(process.env.BENCH_BURST ?? 1000);
const BURST_CONCURRENCY = Number(process.env.BENCH_BURST_CONCURRENCY ?? 50);
const DOORS_SECONDS = Number(process.env.BENCH_DOORS_SECONDS ?? 10);
const DOORS_PER_SECOND = 20;
const LARGE_STATE_OBJECTS = Number(process.env.BENCH_LARGE_STATE ?? 20_000);
const baseDir = process.env.BENCH_STATE_DIR ?? tmpdir();

interface Latencies {
  mean: number;
  p50: number;
  p99: number;
  max: number;
}

function summarise(samples: number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (quantile: number) => sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? 0;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return { mean, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

const format = (latencies: Latencies) =>
  `mean ${latencies.mean.toFixed(2)} ms, p50 ${latencies.p50.toFixed(2)}, p99 ${latencies.p99.toFixed(2)}, max ${latencies.max.toFixed(2)}`;

async function withStandIn<T>(statePath: string | null, run: (stripe: Stripe, local: StripeLocal) => Promise<T>) {
  const local = await startStripeLocal({ webhookSecret: "whsec_bench", statePath });
  const stripe = new Stripe(local.secretKey, { ...local.stripeClientOptions, maxNetworkRetries: 0 });
  try {
    return await run(stripe, local);
  } finally {
    await local.stop();
  }
}

async function measureSequential(stripe: Stripe): Promise<Latencies> {
  const samples: number[] = [];
  for (let index = 0; index < SEQUENTIAL; index++) {
    const started = performance.now();
    await stripe.customers.create({ email: `runner${index}@example.com` });
    samples.push(performance.now() - started);
  }
  return summarise(samples);
}

async function measureBurst(stripe: Stripe): Promise<{ perSecond: number; latencies: Latencies }> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < BURST) {
      const index = next++;
      const sent = performance.now();
      await stripe.customers.create({ email: `burst${index}@example.com` });
      samples.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: BURST_CONCURRENCY }, worker));
  return { perSecond: BURST / ((performance.now() - started) / 1000), latencies: summarise(samples) };
}

async function measureDoors(stripe: Stripe, local: StripeLocal): Promise<Latencies> {
  const { monthly } = local.seedPrices();
  const samples: number[] = [];
  const pending: Promise<void>[] = [];
  for (let index = 0; index < DOORS_SECONDS * DOORS_PER_SECOND; index++) {
    pending.push(
      (async () => {
        const started = performance.now();
        const customer = await stripe.customers.create({ email: `door${index}@example.com` });
        await stripe.checkout.sessions.create({
          mode: "subscription",
          customer: customer.id,
          line_items: [{ price: monthly.id, quantity: 1 }],
          success_url: "http://127.0.0.1:4321/welcome?session_id={CHECKOUT_SESSION_ID}",
        });
        samples.push(performance.now() - started);
      })(),
    );
    await sleep(1000 / DOORS_PER_SECOND);
  }
  await Promise.all(pending);
  return summarise(samples);
}

/**
 * One commit of one customer-sized change on the persistence layer, without HTTP: the part on the event
 * loop (finding and serialising the change, encoding the line) and the whole, until it is fsynced.
 */
async function measureCommit(statePath: string): Promise<{ cpu: Latencies; durable: Latencies }> {
  const persistence = await openPersistence(statePath);
  const cpu: number[] = [];
  const durable: number[] = [];
  try {
    for (let index = 0; index < SEQUENTIAL; index++) {
      const started = performance.now();
      persistence.store.customers.set(`cus_${index}`, sampleCustomer(index));
      const committed = persistence.commit();
      cpu.push(performance.now() - started);
      await committed;
      durable.push(performance.now() - started);
    }
  } finally {
    await persistence.close();
  }
  return { cpu: summarise(cpu), durable: summarise(durable) };
}

/** A large state: how long folding it into a snapshot takes, and how long a start on it takes. */
async function measureLargeState(statePath: string) {
  const writing = await openPersistence(statePath, { minCompactionBytes: Number.MAX_SAFE_INTEGER });
  for (let index = 0; index < LARGE_STATE_OBJECTS; index++) {
    writing.store.customers.set(`cus_${index}`, sampleCustomer(index));
    if (index % 500 === 499) await writing.commit();
  }
  await writing.commit();
  await writing.close();
  const journalBytes = statSync(join(statePath, segmentName(0))).size;

  let started = performance.now();
  const replaying = await openPersistence(statePath, { minCompactionBytes: 1 });
  const replayMs = performance.now() - started;
  // The next commit folds the journal into a snapshot (minCompactionBytes: 1).
  replaying.store.customers.set("cus_last", sampleCustomer(-1));
  started = performance.now();
  await replaying.commit();
  const compactionMs = performance.now() - started;
  await replaying.close();
  const snapshotBytes = statSync(join(statePath, "snapshot.json")).size;

  started = performance.now();
  const loading = await openPersistence(statePath);
  const snapshotStartMs = performance.now() - started;
  await loading.close();
  return { journalBytes, replayMs, compactionMs, snapshotBytes, snapshotStartMs };
}

function sampleCustomer(index: number): Customer {
  return {
    id: `cus_${index}`,
    object: "customer",
    address: null,
    balance: 0,
    created: 1_780_000_000 + index,
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    email: `runner${index}@example.com`,
    invoice_prefix: "ABCDEFGH",
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: { userId: `usr_${index}` },
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
}

const folders: string[] = [];
const newFolder = () => {
  const folder = mkdtempSync(join(baseDir, "stripe-local-bench-"));
  folders.push(folder);
  return folder;
};

try {
  console.log(`stripe-local state writes (state folders under ${baseDir})\n`);
  for (const [label, statePath] of [
    ["in memory", null],
    ["on disk  ", newFolder()],
  ] as const) {
    const sequential = await withStandIn(statePath, (stripe) => measureSequential(stripe));
    console.log(`${label}  ${SEQUENTIAL} customers one at a time: ${format(sequential)}`);
    const burst = await withStandIn(statePath, (stripe) => measureBurst(stripe));
    console.log(
      `${label}  ${BURST} customers, ${BURST_CONCURRENCY} at a time: ${burst.perSecond.toFixed(0)}/s, ${format(burst.latencies)}`,
    );
    const doors = await withStandIn(statePath, (stripe, local) => measureDoors(stripe, local));
    console.log(`${label}  doors at ${DOORS_PER_SECOND}/s (customer + checkout): ${format(doors)}`);
  }
  const commit = await measureCommit(newFolder());
  console.log(`\none commit of a customer, on the event loop: ${format(commit.cpu)}`);
  console.log(`one commit of a customer, until fsynced:    ${format(commit.durable)}`);
  const large = await measureLargeState(newFolder());
  console.log(
    `${LARGE_STATE_OBJECTS} customers: start replaying a ${(large.journalBytes / 1e6).toFixed(1)} MB journal ` +
      `${large.replayMs.toFixed(0)} ms; folding it into a ${(large.snapshotBytes / 1e6).toFixed(1)} MB snapshot ` +
      `${large.compactionMs.toFixed(0)} ms; start from the snapshot ${large.snapshotStartMs.toFixed(0)} ms`,
  );
} finally {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
