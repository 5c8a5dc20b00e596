// Doors-open spike (issues #8 and #13): 2,000 enroll clicks from real buyers at random moments within 60 s
// against an open window on the production server (PostgreSQL), run twice, each time on a fresh database
// and server:
//   plain  the real clicks alone;
//   flood  the same real clicks while a bot flood of anonymous clicks with made-up addresses comes from
//          200 loopback addresses (127.0.0.2–127.0.0.201, the client socket bound with `localAddress`; the
//          server runs with TRUST_PROXY=0, so each is a network of its own).
// Real buyers have proved who they are, as on doors-open day: 80% are waitlist members clicking the
// personal enroll link of their doors-open email (signed with the server's APP_SECRET, as the email signs
// it), 20% are signed in (a session, as bench/lib/seed.mjs makes one). Some click two or three times.
// Reports errors, real clicks refused, duplicate checkouts, the peak rate of Stripe calls per endpoint
// (counted inside stripe-local, which runs in the server process), how long each click took to be
// answered (her checkout, or her place in line), how long until her checkout URL (following the line as
// the line page does), and, for the flood, the accounts and Stripe customers the bots left (goal 0).
//
// Usage: node bench/doors/spike.mjs
//        BENCH_DOORS_CLICKS=500 BENCH_DOORS_SECONDS=15 node bench/doors/spike.mjs   (a smaller spike)
//        BENCH_DOORS_FLOOD_PER_SECOND=50 (bot clicks a second during the spread), BENCH_DOORS_RUNS=plain,flood

import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cpuSince, cpuSnapshot } from "../lib/cpu.mjs";
import {
  createPostgresDatabase,
  ensureSiteBuilt,
  freePort,
  openBenchDatabase,
  peakPerSecond,
  readProbe,
  sleep,
  startServer,
} from "../lib/harness.mjs";
import { finishPart, machine } from "../lib/report.mjs";
import { seedBuyers, seedWindow, WINDOW_ID } from "../lib/seed.mjs";
import { exchange, percentile, schedule } from "./clicks.mjs";

const CLICKS = Number(process.env.BENCH_DOORS_CLICKS ?? 2000);
const SPREAD_MS = Number(process.env.BENCH_DOORS_SECONDS ?? 60) * 1000;
const FLOOD_PER_SECOND = Number(process.env.BENCH_DOORS_FLOOD_PER_SECOND ?? 50);
const RUNS = (process.env.BENCH_DOORS_RUNS ?? "plain,flood").split(",");
/** Bot source addresses: 127.0.0.2 to 127.0.0.(1 + FLOOD_NETWORKS). */
const FLOOD_NETWORKS = 200;
/** The server's own pacer gives up after 120 s; a click is abandoned after this. */
const CLICK_TIMEOUT_MS = 150_000;
const PER_SECOND = 20;
/** Share of real buyers who come by their personal link (the rest are signed in). */
const INVITE_SHARE = 0.8;
const FLOOD_DOMAIN = "flood.example";

/**
 * One real click, followed through as the line page does: a 202 is her place in line, asked about every
 * two seconds until her checkout is open. `answerMs` is how long the click itself took; `ms` until checkout.
 */
async function click(origin, buyer) {
  const started = performance.now();
  const options =
    buyer.kind === "invite" ? { body: JSON.stringify({ invite: buyer.invite }) } : { cookie: buyer.cookie, body: "{}" };
  let answer = await exchange(origin, "POST", "/api/enroll", options);
  const answerMs = performance.now() - started;
  const firstStatus = answer.status;
  const inLine = answer.status === 202;
  while (answer.status === 202 && performance.now() - started < CLICK_TIMEOUT_MS) {
    await sleep(2000);
    answer = await exchange(origin, "GET", answer.json.statusUrl);
  }
  const url = answer.status === 200 ? answer.json?.checkoutUrl : undefined;
  return {
    status: answer.status,
    firstStatus,
    url,
    inLine,
    answerMs,
    ms: performance.now() - started,
    error: answer.error,
    body: url ? "" : (answer.text ?? "").slice(0, 200),
  };
}

/** One bot click: a made-up address, no cookie, from its own loopback address; it never follows the line. */
async function botClick(origin, index, tag) {
  const started = performance.now();
  const answer = await exchange(origin, "POST", "/api/enroll", {
    body: JSON.stringify({ email: `bot-${tag}-${index}@${FLOOD_DOMAIN}` }),
    localAddress: `127.0.0.${2 + (index % FLOOD_NETWORKS)}`,
    timeoutMs: 30_000,
  });
  return { status: answer.status, answerMs: performance.now() - started, error: answer.error };
}

const histogram = (results) => {
  const statuses = {};
  for (const result of results) {
    const key = result.status || "network error";
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  return statuses;
};

/** Every Stripe customer stripe-local holds (it runs in the server; its origin is in the checkout URLs). */
async function listStripeCustomers(stripeOrigin) {
  const customers = [];
  let after;
  for (;;) {
    const query = `limit=100${after ? `&starting_after=${after}` : ""}`;
    const response = await fetch(`${stripeOrigin}/v1/customers?${query}`, {
      headers: { authorization: "Bearer sk_test_stripe_local" },
    });
    const page = await response.json();
    customers.push(...page.data);
    if (!page.has_more || page.data.length === 0) return customers;
    after = page.data.at(-1).id;
  }
}

/** One spike on a fresh database and server; with `flood`, the bots click at the same time. */
async function runSpike({ flood }) {
  const label = flood ? "flood" : "plain";
  const tag = `${Date.now().toString(36)}${label[0]}`;
  const appSecret = randomBytes(36).toString("base64");
  const store = await createPostgresDatabase(`doors_${label}`);
  const probeDir = await mkdtemp(join(tmpdir(), "academy-bench-doors-"));
  const probeFile = join(probeDir, "probe.json");
  const database = { url: store.url };
  let sql;
  let server;
  try {
    sql = await openBenchDatabase(database);
    await seedWindow(sql, "public");
    const plan = schedule(CLICKS, SPREAD_MS);
    const invites = Math.round(plan.people.length * INVITE_SHARE);
    const buyers = await seedBuyers(sql, {
      invites,
      signedIn: plan.people.length - invites,
      appSecret,
      tag,
    });
    server = await startServer({
      port: await freePort(),
      database,
      probeFile,
      env: { APP_SECRET: appSecret, TRUST_PROXY: "0" },
    });
    const { origin } = server;
    const floodClicks = flood ? Math.round((FLOOD_PER_SECOND * SPREAD_MS) / 1000) : 0;
    console.log(
      `Doors open (${label}): ${plan.events.length} clicks from ${plan.people.length} people (${invites} by their personal link, ${plan.people.length - invites} signed in) within ${SPREAD_MS / 1000} s on ${origin} (PostgreSQL)${flood ? `, and ${floodClicks} bot clicks with made-up addresses from ${FLOOD_NETWORKS} loopback addresses` : ""}…`,
    );

    const cpuBefore = cpuSnapshot(server.pid);
    const startedAt = Date.now();
    const started = performance.now();
    const results = [];
    const bots = [];
    const pending = [];
    const botsDone = (async () => {
      for (let index = 0; index < floodClicks; index++) {
        const wait = (index * 1000) / FLOOD_PER_SECOND - (performance.now() - started);
        if (wait > 0) await sleep(wait);
        pending.push(botClick(origin, index, tag).then((result) => bots.push(result)));
      }
    })();
    for (const event of plan.events) {
      const wait = event.at - (performance.now() - started);
      if (wait > 0) await sleep(wait);
      const sentAt = performance.now() - started;
      const buyer = buyers[event.person];
      pending.push(
        click(origin, buyer).then((result) =>
          results.push({ ...event, email: buyer.email, kind: buyer.kind, sentAt, ...result }),
        ),
      );
    }
    await botsDone;
    const lastSent = performance.now() - started;
    const progress = setInterval(
      () =>
        console.log(
          `  ${results.length}/${plan.events.length} real clicks answered, ${bots.length}/${floodClicks} bot clicks`,
        ),
      10_000,
    );
    // Every click ends by itself within CLICK_TIMEOUT_MS.
    await Promise.all(pending);
    clearInterval(progress);
    const wallSeconds = (performance.now() - started) / 1000;
    const cpu = cpuSince(cpuBefore);
    await sleep(1500);
    const probe = await readProbe(server, probeFile);

    const ok = results.filter((result) => result.status === 200 && result.url);
    const failures = results.filter((result) => !(result.status === 200 && result.url));
    for (const failure of failures.slice(0, 5))
      console.log(`  failed: ${failure.status} ${failure.error ?? failure.body}`);
    // Refused: answered, but with a no (a limit, busy, a refusal at the door) rather than her checkout or place.
    const refused = results.filter(
      (result) =>
        (result.firstStatus >= 400 && result.firstStatus !== 500) || (result.status >= 400 && result.status !== 500),
    );
    const latencies = ok.map((result) => result.ms).sort((a, b) => a - b);
    const answers = results.map((result) => result.answerMs).sort((a, b) => a - b);
    const within = (from, to) =>
      ok
        .filter((result) => result.nth === 1 && result.sentAt >= from && result.sentAt < to)
        .map((result) => result.ms)
        .sort((a, b) => a - b);
    const repeats = ok
      .filter((result) => result.nth > 1)
      .map((result) => result.ms)
      .sort((a, b) => a - b);
    const urlsByEmail = new Map();
    for (const result of ok)
      urlsByEmail.set(result.email, (urlsByEmail.get(result.email) ?? new Set()).add(result.url));

    const [{ checkouts, people }] = await sql.query(
      `select count(*)::int as checkouts, count(distinct user_id)::int as people from checkout_sessions where window_id = $1 and user_id is not null`,
      [WINDOW_ID],
    );
    const [{ anonymousCheckouts }] = await sql.query(
      `select count(*)::int as "anonymousCheckouts" from checkout_sessions where window_id = $1 and anonymous_id is not null`,
      [WINDOW_ID],
    );
    const [{ doubled }] = await sql.query(
      `select count(*)::int as doubled from (select user_id from checkout_sessions where window_id = $1 and user_id is not null group by user_id having count(*) > 1) as d`,
      [WINDOW_ID],
    );
    const [{ subscriptions }] = await sql.query(
      `select count(*)::int as subscriptions from (select user_id from subscriptions group by user_id having count(*) > 1) as s`,
    );
    const [{ without }] = await sql.query(
      `select count(*)::int as without from users u where u.email like $1 and not exists (select 1 from checkout_sessions c where c.user_id = u.id)`,
      [`doors-${tag}-%`],
    );
    // Accounts that are not a real buyer's: made for someone who proved nothing (goal 0).
    const [{ strangers }] = await sql.query(`select count(*)::int as strangers from users where email not like $1`, [
      `doors-${tag}-%`,
    ]);
    const [{ peak }] = await sql.query(
      `select coalesce(max(n), 0)::int as peak from (select count(*) as n from checkout_sessions group by date_trunc('second', created_at)) as s`,
    );
    const stripeOrigin = ok[0]?.url ? new URL(ok[0].url).origin : undefined;
    const customers = stripeOrigin ? await listStripeCustomers(stripeOrigin) : [];
    const strangerCustomers = customers.filter((customer) => !customer.email?.startsWith(`doors-${tag}-`)).length;

    const stripeCalls = Object.entries(probe?.requests ?? {}).filter(([endpoint]) => / \/v1\//.test(endpoint));
    let allPeak = 0;
    const perSecondAll = new Map();
    for (const [, seconds] of stripeCalls)
      for (const [second, count] of Object.entries(seconds))
        perSecondAll.set(second, (perSecondAll.get(second) ?? 0) + count);
    for (const count of perSecondAll.values()) allPeak = Math.max(allPeak, count);
    const checkoutCalls = peakPerSecond(probe, "POST /v1/checkout/sessions", startedAt);
    const customerCalls = peakPerSecond(probe, "POST /v1/customers", startedAt);
    const botAnswers = bots.map((bot) => bot.answerMs).sort((a, b) => a - b);

    return {
      run: label,
      machine: machine(),
      clicks: plan.events.length,
      people: plan.people.length,
      buyers: { byLink: invites, signedIn: plan.people.length - invites },
      pattern:
        "31 of every 40 clicks from people who click once, 6 from people who double-click within 0.6 s, 3 from people who click three times, 3–10 s apart",
      clickSpanSeconds: lastSent / 1000,
      perSecond: PER_SECOND,
      wallSeconds,
      statuses: histogram(results),
      networkErrors: results.filter((result) => result.status === 0).length,
      errors: failures.length,
      refused: refused.length,
      latencyMs: {
        p50: percentile(latencies, 50),
        p90: percentile(latencies, 90),
        p99: percentile(latencies, 99),
        max: latencies.at(-1),
        firstP50: percentile(within(0, 5000), 50),
        lastP50: percentile(within(lastSent - 5000, lastSent + 1), 50),
        repeatP50: percentile(repeats, 50),
      },
      answerMs: { p50: percentile(answers, 50), p99: percentile(answers, 99), max: answers.at(-1) },
      inLine: results.filter((result) => result.inLine).length,
      stripe: {
        checkoutCalls: checkoutCalls.total,
        checkoutPeakPerSecond: checkoutCalls.peak,
        customerCalls: customerCalls.total,
        customersPeakPerSecond: customerCalls.peak,
        allPeakPerSecond: allPeak,
        webhooks: peakPerSecond(probe, "POST /api/billing/webhook", startedAt).total,
        customers: customers.length,
      },
      db: { checkouts, people, checkoutsPeakPerSecond: peak, peopleWithoutCheckout: without, anonymousCheckouts },
      duplicates: {
        checkoutsPerPerson: doubled,
        urlsPerPerson: [...urlsByEmail.values()].filter((urls) => urls.size > 1).length,
        subscriptionsPerPerson: subscriptions,
      },
      ...(flood
        ? {
            flood: {
              clicks: floodClicks,
              perSecond: FLOOD_PER_SECOND,
              networks: FLOOD_NETWORKS,
              statuses: histogram(bots),
              answerMs: { p50: percentile(botAnswers, 50), p99: percentile(botAnswers, 99), max: botAnswers.at(-1) },
              usersCreated: strangers,
              stripeCustomersCreated: strangerCustomers,
              anonymousCheckouts,
            },
          }
        : {}),
      eventLoop: probe?.eventLoop,
      cpu,
    };
  } finally {
    await server?.stop();
    await sql?.close();
    await store.drop();
    await rm(probeDir, { recursive: true, force: true });
  }
}

ensureSiteBuilt();
const runs = {};
for (const run of RUNS) runs[run] = await runSpike({ flood: run === "flood" });
// The plain run keeps the figures' old places; the flood run sits beside it.
const { plain, flood } = runs;
const missed = await finishPart("doors", { ...(plain ?? flood), ...(plain && flood ? { floodRun: flood } : {}) });
if (missed > 0) process.exitCode = 1;
