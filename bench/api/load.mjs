// API load benchmark (issue #8): the production server (apps/web/server.ts, NODE_ENV=production) on
// PostgreSQL and on PGlite, loaded with autocannon at 100 connections, ~10 s per endpoint after a short
// warm-up. Every figure is also given as a share of a hello-world baseline measured in the same run.
// Writes bench/results/load-<date>.md and bench/results/latest.md (see bench/README.md).
//
// Usage: node bench/api/load.mjs            (both databases)
//        BENCH_DATABASES=postgres node bench/api/load.mjs
//        BENCH_SECONDS=5 BENCH_PROFILE=/tmp/prof node bench/api/load.mjs   (shorter; server CPU profiles)
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  clientDir,
  createPgliteFolder,
  createPostgresDatabase,
  ensureSiteBuilt,
  freePort,
  openBenchDatabase,
  peakPerSecond,
  readProbe,
  startHelloWorld,
  startServer,
} from "../lib/harness.mjs";
import { DEFAULT_SECONDS, measure } from "../lib/load.mjs";
import { finishPart, machine } from "../lib/report.mjs";
import { seedBuyers, seedMember, seedWindow } from "../lib/seed.mjs";

const DATABASES = (process.env.BENCH_DATABASES ?? "postgres,pglite").split(",").filter(Boolean);
let clients = 0;
/** A made-up client address per request, from 10.0.0.0/8 (it only names the client; nothing is sent there). */
function nextClientAddress() {
  clients += 1;
  return `10.${(clients >> 16) & 255}.${(clients >> 8) & 255}.${clients & 255}`;
}

/** BENCH_ONLY=waitlist,enroll-repeat measures only these rows (ids as in the results), e.g. to profile one. */
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(",")) : undefined;
const wanted = (id) => !ONLY || ONLY.has(id);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const LESSON_PATH = "/courses/strong-runner-foundations/foundations-welcome";
const ARTICLE_SLUG = pickArticle();
const run = Date.now().toString(36);
let counter = 0;
/** A new address on every call, unique across runs: `<kind>-<run>-<n>@example.com`. */
const uniqueEmail = (kind) => `${kind}-${run}-${++counter}@example.com`;

function pickArticle() {
  const slugs = readdirSync(join(clientDir, "articles"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== "page")
    .map((entry) => entry.name)
    .sort();
  return slugs.includes("strength-training-for-midlife-runners") ? "strength-training-for-midlife-runners" : slugs[0];
}

/** One raw request, to see headers as sent (fetch would undo the compression). */
function probeOnce(origin, path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { headers }, (res) => {
      let bytes = 0;
      res.on("data", (chunk) => {
        bytes += chunk.length;
      });
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, bytes }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end();
  });
}

/**
 * Waits until the line in front of checkout is empty: a new proven person (`buyer`, by her personal enroll
 * link, so no anonymous limit stops her retries and nobody goes ahead of her) joins the back of it, and her
 * place is followed (as the line page does) until her checkout is open.
 */
async function drainCheckoutQueue(origin, buyer) {
  const started = performance.now();
  const deadline = started + 200_000;
  const join = () =>
    fetch(`${origin}/api/enroll`, {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({ invite: buyer.invite }),
    }).catch(() => undefined);
  let answer = await join();
  // 503: the line is full for now; 202: her place, asked about until her checkout is open.
  while ((answer?.status === 202 || answer?.status === 503) && performance.now() < deadline) {
    const next = answer.status === 202 ? (await answer.json()).statusUrl : undefined;
    if (!next) await answer.text();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    answer = next ? await fetch(`${origin}${next}`).catch(() => undefined) : await join();
  }
  await answer?.text();
  return Math.round(performance.now() - started);
}

const fmtCount = (value) => value.toLocaleString("en-US");

function log(line) {
  process.stdout.write(`${line}\n`);
}

function printRow(name, result) {
  const statuses = Object.entries(result.statuses)
    .map(([status, count]) => `${status}×${count}`)
    .join(" ");
  log(
    `  ${name.padEnd(44)} ${String(result.requestsPerSecond).padStart(7)} req/s  p50 ${result.latencyMs.p50} ms  p99 ${result.latencyMs.p99} ms  errors ${result.errors}  unexpected ${result.unexpected}  [${statuses}]  cpu server ${result.cpu.server} bench ${result.cpu.bench} pg ${result.cpu.postgres} other ${result.cpu.other}`,
  );
}

async function helloWorld() {
  const port = await freePort();
  const hello = await startHelloWorld(port);
  try {
    const result = await measure({ url: `${hello.origin}/`, connections: CONNECTIONS, serverPid: hello.pid });
    printRow("hello-world (node:http + @hono/node-server)", result);
    return result;
  } finally {
    await hello.stop();
  }
}

/**
 * Proven buyers seeded for the enroll rows, handed out one per click. A new person's click must be hers
 * alone: when the seeded ones run out, the row goes on with people who already clicked (a repeat click, not
 * what the row measures), and `reused` counts those clicks so the results say so.
 */
function buyerPool(buyers) {
  let next = 0;
  const pool = {
    reused: 0,
    take() {
      if (next >= buyers.length) pool.reused++;
      return buyers[next++ % buyers.length];
    },
  };
  return pool;
}

/**
 * How many proven buyers the enroll rows need, seeded in advance: one per click. "enroll-new" answers up to
 * a few thousand clicks a second (most with "busy"), so it gets a generous ceiling per second of load and
 * warm-up; the 15 req/s row needs 15 a second; each wait for an empty line takes one more person.
 */
function buyersNeeded(kind) {
  const perSecond = Number(process.env.BENCH_ENROLL_PER_SECOND ?? (kind === "postgres" ? 7000 : 3000));
  return {
    // The measured seconds, the 1 s warm-up, and a second to spare.
    fresh: wanted("enroll-new") ? Math.ceil((DEFAULT_SECONDS + 2) * perSecond) : 0,
    paced: wanted("enroll-new-15") && kind === "postgres" ? Math.ceil(15 * DEFAULT_SECONDS * 1.5) + 50 : 0,
    // Without enroll-new (BENCH_ONLY), the people who enroll first so that they can click again.
    early: wanted("enroll-repeat") && !wanted("enroll-new") ? 100 : 0,
    drain: 8,
  };
}

/** The whole endpoint list on one database. */
async function suite(kind) {
  log(`\n${kind === "postgres" ? "PostgreSQL" : "PGlite"}:`);
  const store = kind === "postgres" ? await createPostgresDatabase("api") : createPgliteFolder();
  const database = kind === "postgres" ? { url: store.url } : { dataDir: store.dataDir };
  const probeDir = await mkdtemp(join(tmpdir(), "academy-bench-probe-"));
  const probeFile = join(probeDir, "probe.json");
  const profileDir = process.env.BENCH_PROFILE ? join(process.env.BENCH_PROFILE, kind) : undefined;
  const port = await freePort();
  let sql = await openBenchDatabase(database);
  let server;
  const runs = [];
  const notes = [];
  // The server's APP_SECRET is the bench's, so that the personal enroll links seeded below are genuine.
  const appSecret = randomBytes(36).toString("base64");
  // One trusted proxy in front: each join names a client of its own (X-Forwarded-For), as thousands of
  // readers would, rather than one address meeting the per-network join limit.
  const serverEnv = { APP_SECRET: appSecret, TRUST_PROXY: "1" };
  try {
    await seedWindow(sql, "public");
    const member = await seedMember(sql);
    // Enroll's new-person rows click as proven people: confirmed waitlist members with their personal enroll
    // link (one per click). An anonymous click (a typed address) makes no account and no Stripe customer and
    // is limited to 6 a minute per network, so it would no longer measure what these rows measure.
    const needed = buyersNeeded(kind);
    const seeded = await seedBuyers(sql, {
      invites: needed.fresh + needed.paced + needed.early + needed.drain,
      signedIn: 0,
      appSecret,
      tag: `api${run}`,
    });
    const groups = {};
    let from = 0;
    for (const [name, count] of Object.entries(needed)) {
      groups[name] = seeded.slice(from, from + count);
      from += count;
    }
    const pools = { fresh: buyerPool(groups.fresh), paced: buyerPool(groups.paced) };
    // Each wait for an empty line is a person of her own: a second click of the same one would find her checkout.
    const drain = () => {
      const buyer = groups.drain.shift();
      if (!buyer) throw new Error("bench/api/load.mjs: more waits for an empty line than buyers seeded for them");
      return drainCheckoutQueue(server.origin, buyer);
    };
    // PGlite is one process at a time: the bench lets go of it while the server runs.
    if (kind === "pglite") {
      await sql.close();
      sql = undefined;
    }
    server = await startServer({ port, database, probeFile, profileDir, env: serverEnv });
    const { origin } = server;
    const json = { "content-type": "application/json", origin };

    // The lesson route may not exist yet; then the nearest on-demand pages stand in for it.
    const lessonAnon = await probeOnce(origin, LESSON_PATH);
    const lessonMember = await probeOnce(origin, LESSON_PATH, { cookie: member.cookie });
    const lessonExists = lessonAnon.status !== 404;
    const gated = lessonExists
      ? {
          anonymous: { path: LESSON_PATH, label: "gated lesson, signed out (teaser)", expect: [lessonAnon.status] },
          member: { path: LESSON_PATH, label: "gated lesson, member", expect: [lessonMember.status] },
        }
      : {
          anonymous: {
            path: "/enroll",
            label: "on-demand page /enroll, signed out (lesson route missing)",
            expect: [200],
          },
          member: { path: "/account", label: "on-demand page /account, member (lesson route missing)", expect: [200] },
        };
    if (!lessonExists) {
      notes.push(
        `${LESSON_PATH} answered 404: the lesson route does not exist in this build, so /enroll (signed out) and /account (a member's session) stand in as on-demand pages.`,
      );
    } else {
      notes.push(
        `${LESSON_PATH}: ${lessonAnon.status} with ${lessonAnon.bytes} bytes signed out, ${lessonMember.status} with ${lessonMember.bytes} bytes for the member${lessonMember.status === 200 ? "" : " (expected 200)"}.`,
      );
    }
    const article = await probeOnce(origin, `/articles/${ARTICLE_SLUG}`, { "accept-encoding": "br" });
    notes.push(
      `Article /articles/${ARTICLE_SLUG}: ${article.status}, content-encoding ${article.headers["content-encoding"] ?? "none"}, ${article.bytes} bytes on the wire.`,
    );

    const add = async (id, label, spec, extra = {}) => {
      if (!wanted(id)) return undefined;
      const result = await measure({ serverPid: server.pid, connections: CONNECTIONS, ...spec });
      printRow(label, result);
      runs.push({ id, label, path: spec.path, method: spec.method ?? "GET", ...result, ...extra });
      return result;
    };
    const url = (path) => `${origin}${path}`;

    await add("live", "GET /api/health/live (hello-world, same stack)", {
      path: "/api/health/live",
      url: url("/api/health/live"),
    });
    await add("health", "GET /api/health (DB ping)", { path: "/api/health", url: url("/api/health") });
    if (kind === "postgres") {
      await add("api-404", "GET /api/… 404 (API stack, no DB)", {
        path: "/api/bench-no-such-route",
        url: url("/api/bench-no-such-route"),
        expect: [404],
      });
    }
    const articleSpec = {
      path: `/articles/${ARTICLE_SLUG}`,
      url: url(`/articles/${ARTICLE_SLUG}`),
      headers: { "accept-encoding": "br" },
    };
    await add("article", "GET article (static, br)", articleSpec);
    if (kind === "postgres") {
      await add("article-50", "GET article (static, br), 50 connections", { ...articleSpec, connections: 50 });
    }
    await add("waitlist", "POST /api/waitlist (new email)", {
      path: "/api/waitlist",
      url: url("/api/waitlist"),
      method: "POST",
      headers: json,
      body: () => JSON.stringify({ email: uniqueEmail("join") }),
      headersFor: () => ({ "x-forwarded-for": nextClientAddress() }),
    });
    await add("page-anonymous", gated.anonymous.label, {
      path: gated.anonymous.path,
      url: url(gated.anonymous.path),
      expect: gated.anonymous.expect,
    });
    await add("page-member", gated.member.label, {
      path: gated.member.path,
      url: url(gated.member.path),
      headers: { cookie: member.cookie },
      expect: gated.member.expect,
    });

    // Enroll for new people: every click is answered at once — her checkout while the line in front of
    // Stripe's 20/s pace is short, her place in line (202) while it holds up to two minutes, then "busy" (503).
    // Each click is a new proven person (her personal enroll link): her waitlist entry, the window check, her
    // user (made now), then her checkout — a Stripe customer and a checkout session — or her place in line.
    const enrolled = [];
    const collect = (status, _body, context) => {
      if ((status !== 200 && status !== 202) || !context.body) return;
      enrolled.push(JSON.parse(context.body).invite);
    };
    const enrollSpec = (pool) => ({
      path: "/api/enroll",
      url: url("/api/enroll"),
      method: "POST",
      headers: json,
      body: () => JSON.stringify({ invite: pool.take().invite }),
      onResponse: collect,
    });
    if (wanted("enroll-new")) await drain();
    const pacedFrom = Date.now();
    await add("enroll-new", "POST /api/enroll (new person → checkout, place in line or busy)", {
      ...enrollSpec(pools.fresh),
      expect: [200, 202, 503],
      warmupConnections: 20,
      warmupSeconds: 1,
      afterWarmup: drain,
      retry: false,
    });
    if (wanted("enroll-new")) {
      const drainMs = await drain();
      // Stripe's side of it, from stripe-local's own HTTP server in the server process (bench/lib/server-probe.mjs).
      const stripe = await readProbe(server, probeFile);
      const checkoutCalls = peakPerSecond(stripe, "POST /v1/checkout/sessions", pacedFrom);
      runs.at(-1).stripe = {
        checkoutPeakPerSecond: checkoutCalls.peak,
        checkoutCalls: checkoutCalls.total,
        customersPeakPerSecond: peakPerSecond(stripe, "POST /v1/customers", pacedFrom).peak,
        queueDrainMs: drainMs,
      };
      log(
        `    Stripe checkout sessions: peak ${checkoutCalls.peak}/s; queue left at the end drained in ${(drainMs / 1000).toFixed(1)} s`,
      );
    }
    // Below the pace nobody queues: this is what one enroll costs. The pace is the same on both databases.
    if (kind === "postgres")
      await add("enroll-new-15", "POST /api/enroll (new person), 15 req/s", {
        ...enrollSpec(pools.paced),
        connections: 20,
        rate: 15,
        warmupSeconds: 0,
        retry: false,
      });
    if (wanted("enroll-new-15") && kind === "postgres") await drain();
    for (const [row, pool] of [
      ["enroll-new", pools.fresh],
      ["enroll-new-15", pools.paced],
    ]) {
      if (pool.reused === 0) continue;
      const message = `${row}: the ${fmtCount(pool.reused)} clicks beyond the ${fmtCount(needed[row === "enroll-new" ? "fresh" : "paced"])} people seeded for it were repeat clicks of people who had clicked already (raise BENCH_ENROLL_PER_SECOND).`;
      log(`    ⚠️ ${message}`);
      notes.push(message);
    }
    // Without enroll-new (BENCH_ONLY), a few people enroll first so that they can click again.
    if (wanted("enroll-repeat") && enrolled.length === 0) {
      enrolled.push(...groups.early.map((buyer) => buyer.invite));
      await Promise.all(
        enrolled.map((invite) =>
          fetch(url("/api/enroll"), { method: "POST", headers: json, body: JSON.stringify({ invite }) }).then((r) =>
            r.text(),
          ),
        ),
      );
      await drain();
    }
    // The same people clicking again by their link: her waitlist entry, the window check, her user, her
    // membership and her open checkout, everything but a new Stripe call.
    let next = 0;
    const again = enrolled.slice(0, 500);
    await add("enroll-repeat", "POST /api/enroll (repeat click → same checkout)", {
      ...enrollSpec(pools.fresh),
      onResponse: undefined,
      body: () => JSON.stringify({ invite: again[next++ % again.length] }),
    });
    // The window check alone: outside the public phase a stranger (a typed address, no link, no session) is
    // refused right after it, before anything else is looked up or counted. Each click still comes from a
    // network of its own, so that the anonymous limit (6 clicks a minute per network) could never answer
    // first and turn the row into a measure of 429s.
    if (!wanted("enroll-refused")) {
      // Nothing more to measure.
    } else if (kind === "postgres") {
      await seedWindow(sql, "waitlist-only");
    } else {
      await server.stop();
      sql = await openBenchDatabase(database);
      await seedWindow(sql, "waitlist-only");
      await sql.close();
      sql = undefined;
      server = await startServer({ port, database, probeFile, profileDir, env: serverEnv });
    }
    await add("enroll-refused", "POST /api/enroll refused (waitlist-only: window check)", {
      path: "/api/enroll",
      url: url("/api/enroll"),
      method: "POST",
      headers: json,
      body: () => JSON.stringify({ email: uniqueEmail("enroll") }),
      headersFor: () => ({ "x-forwarded-for": nextClientAddress() }),
      expect: [403],
    });
    const eventLoop = (await readProbe(server, probeFile))?.eventLoop;
    return { kind, runs, notes, article: ARTICLE_SLUG, gatedPaths: gated, eventLoop };
  } finally {
    await server?.stop();
    await sql?.close();
    await store.drop();
    await rm(probeDir, { recursive: true, force: true });
  }
}

ensureSiteBuilt();
const before = machine();
log(`API load: ${CONNECTIONS} connections, autocannon in this process, the server in its own.`);
const hello = wanted("hello") || !ONLY ? await helloWorld() : undefined;
const databases = [];
for (const kind of DATABASES) databases.push(await suite(kind));
if (ONLY) {
  log("\nBENCH_ONLY is set: a partial run, so bench/results is left as it was.");
} else {
  const missed = await finishPart("api", { machine: before, connections: CONNECTIONS, hello, databases });
  if (missed > 0) process.exitCode = 1;
}
