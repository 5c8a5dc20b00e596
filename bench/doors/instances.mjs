// Doors open on several instances (issue #15): `pnpm bench doors --instances 2` (or
// BENCH_DOORS_INSTANCES=2 node bench/doors/instances.mjs). N production servers on one PostgreSQL database
// behind a round-robin proxy on loopback (bench/lib/proxy.mjs), with one stripe-local in its own process
// that every instance reaches through STRIPE_API_BASE (so its request counts are the calls of all instances
// together, measured on Stripe's side by bench/lib/server-probe.mjs). Two runs, each on a fresh database:
//   shared  5,000 enroll clicks from real buyers within 60 s (the spike's pattern: some click two or three
//           times), every click through the proxy;
//   kill    the same, and the first instance is killed (SIGKILL) halfway through the spread.
// A click answered with a place in line (202) is followed as the line page does, every 2 s, through the
// proxy (so on each instance in turn). Her first look at the line is also asked of every live instance
// directly at once: they must give the same place. Reports errors, busy answers, how long clicks took to be
// answered, duplicates, places that went back, and the peak Stripe rate per endpoint and in all.
//
// Env: BENCH_DOORS_CLICKS (5000), BENCH_DOORS_SECONDS (60), BENCH_DOORS_INSTANCES (2),
//      BENCH_DOORS_RUNS (shared,kill), BENCH_STRIPE_PER_SECOND (20), BENCH_STRIPE_CALLS_PER_SECOND (24).

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  createPostgresDatabase,
  ensureSiteBuilt,
  freePort,
  openBenchDatabase,
  peakPerSecond,
  readProbe,
  repoRoot,
  resultsDir,
  sleep,
  startServer,
  versions,
} from "../lib/harness.mjs";
import { spawnRoundRobinProxy } from "../lib/proxy.mjs";
import { machine } from "../lib/report.mjs";
import { seedBuyers, seedWindow, WINDOW_ID } from "../lib/seed.mjs";
import { exchange, percentile, schedule } from "./clicks.mjs";

const CLICKS = Number(process.env.BENCH_DOORS_CLICKS ?? 5000);
const SPREAD_MS = Number(process.env.BENCH_DOORS_SECONDS ?? 60) * 1000;
const INSTANCES = Number(process.env.BENCH_DOORS_INSTANCES ?? 2);
const RUNS = (process.env.BENCH_DOORS_RUNS ?? "shared,kill").split(",");
const PER_SECOND = Number(process.env.BENCH_STRIPE_PER_SECOND ?? 20);
const CALLS_PER_SECOND = Number(process.env.BENCH_STRIPE_CALLS_PER_SECOND ?? 24);
/** The line's cap is two minutes of the pace; a click is abandoned after this. */
const CLICK_TIMEOUT_MS = 170_000;
const ANSWER_GOAL_MS = 3000;
const INVITE_SHARE = 0.8;
const WEBHOOK_SECRET = "whsec_bench_instances";
const probeModule = fileURLToPath(new URL("../lib/server-probe.mjs", import.meta.url));

/** stripe-local on its own, with the probe preloaded: every instance's Stripe calls arrive here. */
async function startStripeLocal(port, webhookUrl, probeFile) {
  const child = spawn(
    process.execPath,
    [
      "--import",
      pathToFileURL(probeModule).href,
      join(repoRoot, "packages/stripe-local/src/cli.ts"),
      "--port",
      String(port),
      "--webhook-url",
      webhookUrl,
      "--webhook-secret",
      WEBHOOK_SECRET,
    ],
    { env: { ...process.env, BENCH_PROBE_FILE: probeFile }, stdio: ["ignore", "ignore", "pipe"] },
  );
  let output = "";
  child.stderr.on("data", (chunk) => {
    output = (output + chunk).slice(-4000);
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`stripe-local exited: ${output}`);
    const up = await fetch(`${origin}/v1/prices`, { headers: { authorization: "Bearer sk_test_stripe_local" } }).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    await sleep(200);
  }
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return {
    origin,
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * One real click through the proxy, followed through the line. `places` records each look's place;
 * the first look is also asked of every live instance at once, to compare their answers.
 */
async function click(proxy, instances, buyer) {
  const started = performance.now();
  const options =
    buyer.kind === "invite" ? { body: JSON.stringify({ invite: buyer.invite }) } : { cookie: buyer.cookie, body: "{}" };
  let answer = await exchange(proxy.origin, "POST", "/api/enroll", options);
  const answerMs = performance.now() - started;
  const firstStatus = answer.status;
  const places = [];
  let comparison;
  if (answer.status === 202) {
    places.push(answer.json.ahead);
    const live = instances.filter((instance) => instance.alive);
    if (live.length > 1) {
      const looks = await Promise.all(
        live.map((instance) => exchange(instance.origin, "GET", answer.json.statusUrl, { timeoutMs: 10_000 })),
      );
      if (looks.every((look) => look.status === 202)) comparison = looks.map((look) => look.json.ahead);
    }
  }
  while (answer.status === 202 && performance.now() - started < CLICK_TIMEOUT_MS) {
    await sleep(2000);
    const look = await exchange(proxy.origin, "GET", answer.json.statusUrl, { timeoutMs: 10_000 });
    if (look.status === 202) places.push(look.json.ahead);
    answer = look.status === 202 ? { ...look, json: { ...answer.json, ...look.json } } : look;
  }
  const url = answer.status === 200 ? answer.json?.checkoutUrl : undefined;
  return {
    status: answer.status,
    firstStatus,
    url,
    answerMs,
    ms: performance.now() - started,
    places,
    comparison,
    body: url ? "" : (answer.text ?? answer.error ?? "").slice(0, 200),
  };
}

async function runDoors({ kill }) {
  const label = kill ? "kill" : "shared";
  const tag = `${Date.now().toString(36)}${label[0]}`;
  const appSecret = randomBytes(36).toString("base64");
  const store = await createPostgresDatabase(`doors_instances_${label}`);
  const probeDir = await mkdtemp(join(tmpdir(), "academy-bench-instances-"));
  const probeFile = join(probeDir, "stripe-probe.json");
  const database = { url: store.url };
  let sql;
  let proxy;
  let stripe;
  const instances = [];
  try {
    sql = await openBenchDatabase(database);
    await seedWindow(sql, "public");
    const plan = schedule(CLICKS, SPREAD_MS);
    const invites = Math.round(plan.people.length * INVITE_SHARE);
    const buyers = await seedBuyers(sql, { invites, signedIn: plan.people.length - invites, appSecret, tag });
    const proxyPort = await freePort();
    stripe = await startStripeLocal(await freePort(), `http://127.0.0.1:${proxyPort}/api/billing/webhook`, probeFile);
    for (let index = 0; index < INSTANCES; index++) {
      const server = await startServer({
        port: await freePort(),
        database,
        env: {
          APP_SECRET: appSecret,
          SITE_URL: `http://127.0.0.1:${proxyPort}`,
          TRUST_PROXY: "1",
          STRIPE_SECRET_KEY: "sk_test_stripe_local",
          STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
          STRIPE_API_BASE: stripe.origin,
          STRIPE_CHECKOUT_PER_SECOND: String(PER_SECOND),
          STRIPE_CALLS_PER_SECOND: String(CALLS_PER_SECOND),
        },
      });
      instances.push({ ...server, alive: true });
    }
    proxy = await spawnRoundRobinProxy(
      proxyPort,
      instances.map((instance) => instance.origin),
    );
    console.log(
      `Doors open on ${INSTANCES} instances (${label}): ${plan.events.length} clicks from ${plan.people.length} people within ${SPREAD_MS / 1000} s through ${proxy.origin}, Stripe ${PER_SECOND}/s per endpoint and ${CALLS_PER_SECOND}/s in all${kill ? "; the first instance is killed halfway" : ""}…`,
    );

    const startedAt = Date.now();
    const started = performance.now();
    const results = [];
    const pending = [];
    let killedAt;
    const killer = kill
      ? (async () => {
          await sleep(SPREAD_MS / 2);
          const victim = instances[0];
          victim.alive = false;
          process.kill(victim.pid, "SIGKILL");
          killedAt = (performance.now() - started) / 1000;
          console.log(`  killed instance 1 (pid ${victim.pid}) at ${killedAt.toFixed(1)} s`);
        })()
      : Promise.resolve();
    for (const event of plan.events) {
      const wait = event.at - (performance.now() - started);
      if (wait > 0) await sleep(wait);
      const sentAt = performance.now() - started;
      const buyer = buyers[event.person];
      pending.push(
        click(proxy, instances, buyer).then((result) =>
          results.push({ ...event, email: buyer.email, sentAt, ...result }),
        ),
      );
    }
    await killer;
    const progress = setInterval(() => console.log(`  ${results.length}/${plan.events.length} clicks done`), 15_000);
    await Promise.all(pending);
    clearInterval(progress);
    const wallSeconds = (performance.now() - started) / 1000;
    await sleep(1500);
    const probe = await readProbe(stripe, probeFile);

    // Busy: told to come back in a minute (the line already held two minutes of Stripe's pace).
    const busy = results.filter((result) => result.status === 503 && /try again/i.test(result.body));
    const ok = results.filter((result) => result.status === 200 && result.url);
    const errors = results.filter((result) => !(result.status === 200 && result.url) && !busy.includes(result));
    for (const failure of errors.slice(0, 5)) console.log(`  failed: ${failure.status} ${failure.body}`);
    const answers = results.map((result) => result.answerMs).sort((a, b) => a - b);
    const toCheckout = ok.map((result) => result.ms).sort((a, b) => a - b);
    const urlsByEmail = new Map();
    for (const result of ok)
      urlsByEmail.set(result.email, (urlsByEmail.get(result.email) ?? new Set()).add(result.url));
    const compared = results.filter((result) => result.comparison);
    const differences = compared.map((result) => Math.max(...result.comparison) - Math.min(...result.comparison));
    // A place that went back: a later look put more people ahead of her than an earlier one did.
    const wentBack = results.filter((result) =>
      result.places.some((place, index) => index > 0 && place > result.places[index - 1]),
    );
    const holders = new Set(
      results
        .filter((result) => result.firstStatus === 200 || result.firstStatus === 202)
        .map((result) => result.email),
    );

    const [{ doubled }] = await sql.query(
      `select count(*)::int as doubled from (select user_id from checkout_sessions where window_id = $1 and user_id is not null group by user_id having count(*) > 1) as d`,
      [WINDOW_ID],
    );
    const [{ subscriptions }] = await sql.query(
      `select count(*)::int as subscriptions from (select user_id from subscriptions group by user_id having count(*) > 1) as s`,
    );
    const checkoutsByEmail = new Map(
      (
        await sql.query(
          `select u.email, count(c.id)::int as checkouts from users u left join checkout_sessions c on c.user_id = u.id and c.window_id = $1 where u.email like $2 group by u.email`,
          [WINDOW_ID, `doors-${tag}-%`],
        )
      ).map((row) => [row.email, row.checkouts]),
    );
    const holdersWithout = [...holders].filter((email) => (checkoutsByEmail.get(email) ?? 0) !== 1).length;
    const [{ leftInLine }] = await sql.query(
      `select count(*)::int as "leftInLine" from enroll_openings where state in ('waiting', 'opening')`,
    );

    const stripeAll = new Map();
    for (const [endpoint, seconds] of Object.entries(probe?.requests ?? {})) {
      if (!endpoint.startsWith("POST /v1/")) continue;
      for (const [second, count] of Object.entries(seconds)) {
        if (Number(second) * 1000 + 1000 <= startedAt) continue;
        stripeAll.set(second, (stripeAll.get(second) ?? 0) + count);
      }
    }
    const checkoutCalls = peakPerSecond(probe, "POST /v1/checkout/sessions", startedAt);
    const customerCalls = peakPerSecond(probe, "POST /v1/customers", startedAt);
    return {
      run: label,
      instances: INSTANCES,
      clicks: plan.events.length,
      people: plan.people.length,
      killedAtSeconds: killedAt,
      wallSeconds,
      statuses: Object.fromEntries(
        Object.entries(Object.groupBy(results, (result) => String(result.status || "network error"))).map(
          ([key, list]) => [key, list.length],
        ),
      ),
      firstStatuses: Object.fromEntries(
        Object.entries(Object.groupBy(results, (result) => String(result.firstStatus || "network error"))).map(
          ([key, list]) => [key, list.length],
        ),
      ),
      errors: errors.length,
      busy: busy.length,
      answerMs: { p50: percentile(answers, 50), p99: percentile(answers, 99), max: answers.at(-1) },
      answeredOver3s: answers.filter((ms) => ms > ANSWER_GOAL_MS).length,
      toCheckoutMs: { p50: percentile(toCheckout, 50), p90: percentile(toCheckout, 90), max: toCheckout.at(-1) },
      samePlace: {
        compared: compared.length,
        equal: differences.filter((difference) => difference === 0).length,
        maxDifference: differences.length ? Math.max(...differences) : 0,
      },
      placesWentBack: wentBack.length,
      holders: holders.size,
      holdersWithoutExactlyOneCheckout: holdersWithout,
      leftInLine,
      duplicates: {
        checkoutsPerPerson: doubled,
        urlsPerPerson: [...urlsByEmail.values()].filter((urls) => urls.size > 1).length,
        subscriptionsPerPerson: subscriptions,
      },
      stripe: {
        checkoutCalls: checkoutCalls.total,
        checkoutPeakPerSecond: checkoutCalls.peak,
        customerCalls: customerCalls.total,
        customersPeakPerSecond: customerCalls.peak,
        allPeakPerSecond: Math.max(0, ...stripeAll.values()),
      },
      requestsPerInstance: await proxy.counts(),
    };
  } finally {
    await proxy?.stop();
    for (const instance of instances) await instance.stop().catch(() => {});
    await stripe?.stop();
    await sql?.close();
    await store.drop();
    await rm(probeDir, { recursive: true, force: true });
  }
}

function goalsOf(run) {
  return [
    ["errors", run.errors, 0, run.errors === 0],
    [
      "people with two checkouts, URLs or subscriptions",
      run.duplicates.checkoutsPerPerson + run.duplicates.urlsPerPerson + run.duplicates.subscriptionsPerPerson,
      0,
      run.duplicates.checkoutsPerPerson + run.duplicates.urlsPerPerson + run.duplicates.subscriptionsPerPerson === 0,
    ],
    [
      "holders without exactly one checkout",
      run.holdersWithoutExactlyOneCheckout,
      0,
      run.holdersWithoutExactlyOneCheckout === 0,
    ],
    ["places that went back", run.placesWentBack, 0, run.placesWentBack === 0],
    [
      "checkout sessions, peak per second",
      run.stripe.checkoutPeakPerSecond,
      `≤ ${PER_SECOND}`,
      run.stripe.checkoutPeakPerSecond <= PER_SECOND,
    ],
    [
      "customers, peak per second",
      run.stripe.customersPeakPerSecond,
      `≤ ${PER_SECOND}`,
      run.stripe.customersPeakPerSecond <= PER_SECOND,
    ],
    [
      "all Stripe calls, peak per second",
      run.stripe.allPeakPerSecond,
      `≤ ${CALLS_PER_SECOND}`,
      run.stripe.allPeakPerSecond <= CALLS_PER_SECOND,
    ],
    ["clicks answered in over 3 s", run.answeredOver3s, 0, run.answeredOver3s === 0],
  ];
}

function report(runs, environment) {
  const lines = [
    `# Doors open on ${INSTANCES} instances`,
    "",
    `Measured ${new Date().toISOString()} by \`pnpm bench doors --instances ${INSTANCES}\` (bench/doors/instances.mjs): ${INSTANCES} production servers on one PostgreSQL database behind a round-robin proxy on loopback, one stripe-local in its own process. Machine: ${environment.machine.cpus ?? ""} ${JSON.stringify(environment.machine)}; Node ${environment.versions.node}, PostgreSQL ${environment.versions.postgres}.`,
    "",
  ];
  for (const run of runs) {
    lines.push(
      `## ${run.run === "kill" ? `One instance killed (SIGKILL) at ${run.killedAtSeconds?.toFixed(1)} s` : "Both instances up"}`,
      "",
      `${run.clicks} clicks from ${run.people} people; ${run.holders} were given their checkout or a place in line, ${run.busy} were told checkout is busy (the line held two minutes of Stripe's pace); statuses at the end ${JSON.stringify(run.statuses)}, first answers ${JSON.stringify(run.firstStatuses)}; requests per instance ${JSON.stringify(run.requestsPerInstance)}; ${run.wallSeconds.toFixed(0)} s in all.`,
      "",
      `Click answered: p50 ${run.answerMs.p50?.toFixed(0)} ms, p99 ${run.answerMs.p99?.toFixed(0)} ms, max ${run.answerMs.max?.toFixed(0)} ms. To checkout: p50 ${(run.toCheckoutMs.p50 / 1000).toFixed(1)} s, p90 ${(run.toCheckoutMs.p90 / 1000).toFixed(1)} s, max ${(run.toCheckoutMs.max / 1000).toFixed(1)} s. Same place on every instance: ${run.samePlace.equal} of ${run.samePlace.compared} first looks asked of all at once (largest difference ${run.samePlace.maxDifference}, the line moving between the two reads). Stripe: ${run.stripe.customerCalls} customers, ${run.stripe.checkoutCalls} checkout sessions. Left in line at the end: ${run.leftInLine}.`,
      "",
      "| goal | measured | target | met |",
      "| --- | --- | --- | --- |",
      ...goalsOf(run).map(
        ([name, value, target, met]) => `| ${name} | ${value} | ${target} | ${met ? "yes" : "**no**"} |`,
      ),
      "",
    );
  }
  return lines.join("\n");
}

ensureSiteBuilt();
const runs = [];
for (const run of RUNS) runs.push(await runDoors({ kill: run === "kill" }));
const environment = { machine: machine(), versions: await versions() };
const markdown = report(runs, environment);
console.log(`\n${markdown}`);
mkdirSync(resultsDir, { recursive: true });
const day = new Date().toISOString().slice(0, 10);
writeFileSync(join(resultsDir, `doors-instances-${day}.md`), `${markdown}\n`);
writeFileSync(
  join(resultsDir, "doors-instances-latest.json"),
  `${JSON.stringify({ ...environment, runs }, null, 2)}\n`,
);
if (runs.some((run) => goalsOf(run).some(([, , , met]) => !met))) process.exitCode = 1;
