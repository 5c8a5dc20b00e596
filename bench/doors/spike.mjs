// Doors-open spike (issue #8): 2,000 enroll clicks at random moments within 60 s against an open window
// on the production server (PostgreSQL). Some people click two or three times. Reports errors,
// duplicate checkouts, the peak rate of Stripe calls (counted inside stripe-local, which runs in the
// server process), how long each click took to be answered (her checkout, or her place in line) and
// how long until her checkout URL, following the line as the line page does.
//
// Usage: node bench/doors/spike.mjs
//        BENCH_DOORS_CLICKS=500 BENCH_DOORS_SECONDS=15 node bench/doors/spike.mjs   (a smaller spike)

import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
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
import { seedWindow, WINDOW_ID } from "../lib/seed.mjs";

const CLICKS = Number(process.env.BENCH_DOORS_CLICKS ?? 2000);
const SPREAD_MS = Number(process.env.BENCH_DOORS_SECONDS ?? 60) * 1000;
/** The server's own pacer gives up after 120 s; a click is abandoned after this. */
const CLICK_TIMEOUT_MS = 150_000;
const PER_SECOND = 20;

/**
 * Who clicks when. Of every 40 clicks, 31 come from people who click once, 6 from 3 people who
 * double-click (0.1–0.6 s apart: both requests are in flight together) and 3 from one impatient person
 * who clicks again 3–10 s later and once more (while her first click may still wait in the queue).
 * First clicks fall uniformly at random within the spread.
 */
function schedule(clicks, spreadMs, tag) {
  const people = [];
  let planned = 0;
  let index = 0;
  while (planned < clicks) {
    const slot = index % 40;
    const times = slot < 31 ? 1 : slot < 37 ? 2 : 3;
    const count = Math.min(times, clicks - planned);
    people.push({ email: `doors-${tag}-${index}@example.com`, clicks: count });
    planned += count;
    index++;
  }
  // Re-click gaps of 3–10 s in a 60 s spike, shorter in a shorter one, so every click stays within the spread.
  const gapMin = Math.min(3000, spreadMs * 0.05);
  const gapMax = Math.min(10_000, spreadMs * 0.16);
  const gap = () => gapMin + Math.random() * (gapMax - gapMin);
  const events = [];
  for (const person of people) {
    const reserve = person.clicks === 1 ? 0 : person.clicks === 2 ? 600 : 2 * gapMax;
    const first = Math.random() * Math.max(1, spreadMs - reserve);
    events.push({ at: first, email: person.email, nth: 1 });
    if (person.clicks >= 2) {
      const second = person.clicks === 2 ? first + 100 + Math.random() * 500 : first + gap();
      events.push({ at: second, email: person.email, nth: 2 });
    }
    if (person.clicks >= 3) events.push({ at: events.at(-1).at + gap(), email: person.email, nth: 3 });
  }
  events.sort((a, b) => a.at - b.at);
  return { people, events };
}

/** One HTTP exchange on its own connection, as separate browsers would have. */
function exchange(origin, method, path, body) {
  return new Promise((resolve) => {
    const headers = { origin };
    if (body) Object.assign(headers, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    const req = request(`${origin}${path}`, { method, agent: false, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => {
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, json, text });
      });
    });
    req.setTimeout(CLICK_TIMEOUT_MS, () => req.destroy(new Error("timed out")));
    req.on("error", (error) => resolve({ status: 0, error: error.message }));
    req.end(body);
  });
}

/**
 * One click, followed through as the line page does: a 202 is her place in line, asked about every two
 * seconds until her checkout is open. `answerMs` is how long the click itself took; `ms` until checkout.
 */
async function click(origin, email) {
  const started = performance.now();
  let answer = await exchange(origin, "POST", "/api/enroll", JSON.stringify({ email }));
  const answerMs = performance.now() - started;
  const inLine = answer.status === 202;
  while (answer.status === 202 && performance.now() - started < CLICK_TIMEOUT_MS) {
    await sleep(2000);
    answer = await exchange(origin, "GET", answer.json.statusUrl);
  }
  const url = answer.status === 200 ? answer.json?.checkoutUrl : undefined;
  return {
    status: answer.status,
    url,
    inLine,
    answerMs,
    ms: performance.now() - started,
    error: answer.error,
    body: url ? "" : (answer.text ?? "").slice(0, 200),
  };
}

const percentile = (sorted, p) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

ensureSiteBuilt();
const before = machine();
const tag = Date.now().toString(36);
const store = await createPostgresDatabase("doors");
const probeDir = await mkdtemp(join(tmpdir(), "academy-bench-doors-"));
const probeFile = join(probeDir, "probe.json");
const database = { url: store.url };
let sql;
let server;
let part;
try {
  sql = await openBenchDatabase(database);
  await seedWindow(sql, "public");
  server = await startServer({ port: await freePort(), database, probeFile });
  const { origin } = server;
  const plan = schedule(CLICKS, SPREAD_MS, tag);
  console.log(
    `Doors open: ${plan.events.length} clicks from ${plan.people.length} people within ${SPREAD_MS / 1000} s on ${origin} (PostgreSQL)…`,
  );

  const cpuBefore = cpuSnapshot(server.pid);
  const startedAt = Date.now();
  const started = performance.now();
  const results = [];
  const pending = [];
  for (const event of plan.events) {
    const wait = event.at - (performance.now() - started);
    if (wait > 0) await sleep(wait);
    const sentAt = performance.now() - started;
    pending.push(click(origin, event.email).then((result) => results.push({ ...event, sentAt, ...result })));
  }
  const lastSent = performance.now() - started;
  const progress = setInterval(() => console.log(`  ${results.length}/${plan.events.length} answered`), 10_000);
  // Every click ends by itself within CLICK_TIMEOUT_MS.
  await Promise.all(pending);
  clearInterval(progress);
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = cpuSince(cpuBefore);
  await sleep(1500);
  const probe = await readProbe(server, probeFile);

  const ok = results.filter((result) => result.status === 200 && result.url);
  const statuses = {};
  for (const result of results)
    statuses[result.status || "network error"] = (statuses[result.status || "network error"] ?? 0) + 1;
  const failures = results.filter((result) => !(result.status === 200 && result.url));
  for (const failure of failures.slice(0, 5))
    console.log(`  failed: ${failure.status} ${failure.error ?? failure.body}`);
  const latencies = ok.map((result) => result.ms).sort((a, b) => a - b);
  const answers = results
    .filter((result) => result.answerMs !== undefined)
    .map((result) => result.answerMs)
    .sort((a, b) => a - b);
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
  for (const result of ok) urlsByEmail.set(result.email, (urlsByEmail.get(result.email) ?? new Set()).add(result.url));

  const [{ checkouts, people }] = await sql.query(
    `select count(*)::int as checkouts, count(distinct user_id)::int as people from checkout_sessions where window_id = $1`,
    [WINDOW_ID],
  );
  const [{ doubled }] = await sql.query(
    `select count(*)::int as doubled from (select user_id from checkout_sessions where window_id = $1 group by user_id having count(*) > 1) as d`,
    [WINDOW_ID],
  );
  const [{ subscriptions }] = await sql.query(
    `select count(*)::int as subscriptions from (select user_id from subscriptions group by user_id having count(*) > 1) as s`,
  );
  const [{ without }] = await sql.query(
    `select count(*)::int as without from users u where u.email like $1 and not exists (select 1 from checkout_sessions c where c.user_id = u.id)`,
    [`doors-${tag}-%`],
  );
  const [{ peak }] = await sql.query(
    `select coalesce(max(n), 0)::int as peak from (select count(*) as n from checkout_sessions group by date_trunc('second', created_at)) as s`,
  );
  const stripeCalls = Object.entries(probe?.requests ?? {}).filter(([endpoint]) => / \/v1\//.test(endpoint));
  let allPeak = 0;
  const perSecondAll = new Map();
  for (const [, seconds] of stripeCalls)
    for (const [second, count] of Object.entries(seconds))
      perSecondAll.set(second, (perSecondAll.get(second) ?? 0) + count);
  for (const count of perSecondAll.values()) allPeak = Math.max(allPeak, count);
  const checkoutCalls = peakPerSecond(probe, "POST /v1/checkout/sessions", startedAt);
  const customerCalls = peakPerSecond(probe, "POST /v1/customers", startedAt);

  part = {
    machine: before,
    clicks: plan.events.length,
    people: plan.people.length,
    pattern:
      "31 of every 40 clicks from people who click once, 6 from people who double-click within 0.6 s, 3 from people who click three times, 3–10 s apart",
    clickSpanSeconds: lastSent / 1000,
    perSecond: PER_SECOND,
    wallSeconds,
    statuses,
    networkErrors: results.filter((result) => result.status === 0).length,
    errors: failures.length,
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
    },
    db: { checkouts, people, checkoutsPeakPerSecond: peak, peopleWithoutCheckout: without },
    duplicates: {
      checkoutsPerPerson: doubled,
      urlsPerPerson: [...urlsByEmail.values()].filter((urls) => urls.size > 1).length,
      subscriptionsPerPerson: subscriptions,
    },
    cpu,
  };
} finally {
  await server?.stop();
  await sql?.close();
  await store.drop();
  await rm(probeDir, { recursive: true, force: true });
}
const missed = await finishPart("doors", part);
if (missed > 0) process.exitCode = 1;
