// Results of the load benchmarks. Each benchmark hands its figures to `finishPart(name, data)`, which
// keeps the newest figures of every part in bench/results/load-latest.json and rewrites from them:
//   bench/results/load-<date>.md  every figure, with the machine and versions
//   bench/results/latest.md       one summary table: each goal, what was measured, met or not
// so that running one part (`pnpm bench api`) refreshes its rows and keeps the others' (each dated).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, release, totalmem } from "node:os";
import { join } from "node:path";
import { repoRoot, resultsDir, versions, webRoot } from "./harness.mjs";

const latestJson = join(resultsDir, "load-latest.json");
/** Each benchmark runs in its own process: its part is dated from when that process started. */
const startedAt = new Date(Date.now() - process.uptime() * 1000).toISOString();

/** Ghost 6 on this kind of machine: 84–144 requests/s for its post page (BRIEF, Budgets). */
export const GHOST_RPS = 144;

export function machine() {
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    kernel: release(),
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

function commit() {
  try {
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
      cwd: repoRoot,
      encoding: "utf8",
    }).trim();
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return "unknown";
  }
}

/** When apps/web/dist was built: the load benchmarks measure that build, whatever the source says now. */
function siteBuiltAt() {
  try {
    return statSync(join(webRoot, "dist/server/entry.mjs")).mtime.toISOString();
  } catch {
    return "not built";
  }
}

export function readLatest() {
  if (!existsSync(latestJson)) return {};
  try {
    return JSON.parse(readFileSync(latestJson, "utf8"));
  } catch {
    return {};
  }
}

const fmt = (value, digits = 0) =>
  value === undefined || value === null || Number.isNaN(value)
    ? "–"
    : Number(value).toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (value) => (value === undefined || value === null ? "–" : `${fmt(value * 100, value < 0.1 ? 1 : 0)}%`);
const mark = (met) => (met === true ? "✅ met" : met === false ? "❌ missed" : "ℹ️ info");
const cpuText = (cpu, noisy) =>
  cpu ? `${cpu.server} / ${cpu.bench} / ${cpu.postgres} / ${cpu.other}${noisy ? " ⚠️ noisy" : ""}` : "–";
/** CPU time per request in µs, from cores used and requests per second. */
const perRequest = (cores, perSecond) => (cores && perSecond ? fmt((cores / perSecond) * 1e6) : "–");
const statusText = (statuses) =>
  Object.entries(statuses ?? {})
    .map(([status, count]) => `${status}×${fmt(count)}`)
    .join(", ");
const dbName = (kind) => (kind === "postgres" ? "PostgreSQL" : "PGlite");

/** Every goal with what was measured. `met` is true/false, or null for figures without a goal. */
export function goals(all) {
  const rows = [];
  const api = all.api;
  if (api) {
    for (const database of api.databases) {
      const goalsApply = database.kind === "postgres";
      const find = (id) => database.runs.find((run) => run.id === id);
      const clean = (run) => run.errors === 0 && run.unexpected === 0 && run.timeouts === 0;
      const hello = baselineOf(api, database);
      const health = find("health")?.requestsPerSecond;
      const apiGoal = (id, name, share, needsP99, comment = "") => {
        const run = find(id);
        if (!run) return;
        const ratio = run.requestsPerSecond / hello;
        const ofHealth = health ? `, ${pct(run.requestsPerSecond / health)} of /api/health` : "";
        const met = ratio >= share && (!needsP99 || run.latencyMs.p99 < 50) && clean(run);
        rows.push({
          part: "api",
          figure: `${name} — ${dbName(database.kind)}, ${run.connections} connections`,
          measured: `${fmt(run.requestsPerSecond)} req/s = ${pct(ratio)} of hello-world (${fmt(hello)} req/s${ofHealth}); p99 ${fmt(run.latencyMs.p99)} ms; ${run.errors + run.unexpected} errors/unexpected`,
          goal: `≥ ${share * 100}% of hello-world${needsP99 ? ", p99 < 50 ms" : ""}, 0 errors`,
          met: goalsApply ? met : null,
          comment,
        });
      };
      apiGoal("waitlist", "Waitlist join", 0.5, true);
      apiGoal(
        "enroll-new",
        "Enroll, new person (window check, user, then her checkout or her place in line)",
        0.5,
        true,
        `answered at once; checkouts open at Stripe's 20/s pace, so at this rate nearly every click gets a place in line (202) until the line holds two minutes, then "busy, try again in a minute" (503): ${statusText(find("enroll-new")?.statuses)}`,
      );
      apiGoal("enroll-repeat", "Enroll, repeat click (everything but the Stripe call)", 0.5, true);
      apiGoal("enroll-refused", "Enroll refused after the window check", 0.5, true);
      const anonymous = find("page-anonymous");
      const lesson = anonymous?.path?.startsWith("/courses/");
      apiGoal(
        "page-anonymous",
        lesson ? "Gated lesson, signed out" : `Gated lesson stand-in ${anonymous?.path}`,
        0.25,
        false,
      );
      const member = find("page-member");
      apiGoal(
        "page-member",
        lesson ? "Gated lesson, member" : `Gated lesson stand-in ${member?.path} (member)`,
        0.25,
        false,
      );
      const article = find("article-50") ?? find("article");
      if (article) {
        rows.push({
          part: "api",
          figure: `Article page — ${dbName(database.kind)}, ${article.connections} connections, brotli`,
          measured: `${fmt(article.requestsPerSecond)} req/s = ${fmt(article.requestsPerSecond / GHOST_RPS, 0)}× Ghost's 144 req/s (${fmt(article.requestsPerSecond / 84, 0)}× its 84)`,
          goal: `≥ 20× Ghost (≥ ${fmt(20 * GHOST_RPS)} req/s)`,
          met: goalsApply ? article.requestsPerSecond >= 20 * GHOST_RPS && clean(article) : null,
          comment: "",
        });
      }
    }
  }
  const doors = all.doors;
  if (doors) {
    rows.push(...doorsGoals(doors, doors.flood ? "with a bot flood" : "plain"));
    if (doors.floodRun) rows.push(...doorsGoals(doors.floodRun, "with a bot flood"));
  }
  const email = all.email;
  if (email) {
    for (const result of email.results) {
      rows.push({
        part: "email",
        figure: `Launch email — ${result.database}`,
        measured: `${fmt(result.recipients)} recipients in ${fmt(result.totalSeconds, 1)} s (${fmt(result.recipientsPerSecond)}/s), ${fmt(result.accepted)} accepted, ${fmt(result.uniqueMessageIds)} unique Message-IDs`,
        goal: "10,000 in ≤ 60 s, each exactly once",
        met:
          result.recipients >= 10_000 &&
          result.totalSeconds <= 60 &&
          result.accepted === result.recipients &&
          result.uniqueMessageIds === result.recipients,
        comment: "",
      });
    }
  }
  return rows;
}

/** The goals of one doors-open run (plain, or with a bot flood at the same time). */
function doorsGoals(run, label) {
  const rows = [
    {
      part: "doors",
      figure: `Doors open (${label}): ${fmt(run.clicks)} enroll clicks from real buyers in ${fmt(run.clickSpanSeconds, 1)} s`,
      measured: `${run.errors} errors`,
      goal: "0 errors",
      met: run.errors === 0,
      comment: "",
    },
  ];
  if (run.refused !== undefined) {
    rows.push({
      part: "doors",
      figure: `Doors open (${label}): real buyers' clicks refused (limited, busy, or turned away)`,
      measured: `${run.refused}`,
      goal: "0",
      met: run.refused === 0,
      comment: "",
    });
  }
  rows.push(
    {
      part: "doors",
      figure: `Doors open (${label}): duplicate checkouts or subscriptions among real buyers`,
      measured: `${run.duplicates.checkoutsPerPerson} people with 2+ checkouts, ${run.duplicates.urlsPerPerson} people shown 2+ checkout URLs, ${run.duplicates.subscriptionsPerPerson} with 2+ subscriptions`,
      goal: "0",
      met:
        run.duplicates.checkoutsPerPerson === 0 &&
        run.duplicates.urlsPerPerson === 0 &&
        run.duplicates.subscriptionsPerPerson === 0,
      comment: "",
    },
    {
      part: "doors",
      figure: `Doors open (${label}): peak Stripe calls to create checkout sessions`,
      measured: `${run.stripe.checkoutPeakPerSecond}/s (DB: ${run.db.checkoutsPeakPerSecond} sessions saved in the busiest second)`,
      goal: "≤ 20/s (Stripe's limit 25/s)",
      met: run.stripe.checkoutPeakPerSecond <= 20,
      comment: "",
    },
    {
      part: "doors",
      figure: `Doors open (${label}): peak Stripe calls to create customers`,
      measured: `${run.stripe.customersPeakPerSecond}/s`,
      goal: "≤ 20/s",
      met: run.stripe.customersPeakPerSecond <= 20,
      comment: "",
    },
  );
  if (run.answerMs) {
    rows.push({
      part: "doors",
      figure: `Doors open (${label}): time until a real click is answered (her checkout, or her place in line)`,
      measured: `p50 ${fmt(run.answerMs.p50)} ms, p99 ${fmt(run.answerMs.p99)} ms, max ${fmt(run.answerMs.max)} ms; ${fmt(run.inLine)} clicks answered with a place in line`,
      goal: "p99 ≤ 3 s (nobody waits on a hanging request)",
      met: run.answerMs.p99 <= 3_000,
      comment: "",
    });
  }
  rows.push({
    part: "doors",
    figure: `Doors open (${label}): time to reach checkout (click → checkout URL, following the line)`,
    measured: `p50 ${fmt(run.latencyMs.p50 / 1000, 1)} s, p99 ${fmt(run.latencyMs.p99 / 1000, 1)} s, max ${fmt(run.latencyMs.max / 1000, 1)} s`,
    goal: "no goal (FIFO wait, ≤ 120 s by design)",
    met: null,
    comment: "",
  });
  if (run.flood) {
    rows.push(
      {
        part: "doors",
        figure: `Doors open (${label}): accounts and Stripe customers made for the bots' made-up addresses`,
        measured: `${run.flood.usersCreated} accounts, ${run.flood.stripeCustomersCreated} Stripe customers (${fmt(run.flood.clicks)} bot clicks: ${statusText(run.flood.statuses)})`,
        goal: "0",
        met: run.flood.usersCreated === 0 && run.flood.stripeCustomersCreated === 0,
        comment: "",
      },
      {
        part: "doors",
        figure: `Doors open (${label}): time until a bot click is answered`,
        measured: `p50 ${fmt(run.flood.answerMs.p50)} ms, p99 ${fmt(run.flood.answerMs.p99)} ms, max ${fmt(run.flood.answerMs.max)} ms`,
        goal: "no goal",
        met: null,
        comment: "",
      },
    );
  }
  return rows;
}

function summaryTable(rows, all) {
  const lines = ["| part (measured) | figure | measured | goal | result |", "| --- | --- | --- | --- | --- |"];
  for (const row of rows) {
    const when = all[row.part]?.measuredAt?.slice(0, 16).replace("T", " ") ?? "";
    const comment = row.comment ? ` — ${row.comment}` : "";
    lines.push(
      `| ${row.part} (${when}) | ${row.figure} | ${row.measured} | ${row.goal} | ${mark(row.met)}${comment} |`,
    );
  }
  return lines;
}

function header(part) {
  const m = part.machine;
  const v = part.versions;
  return `Measured ${part.measuredAt} at commit ${part.commit} on ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Linux ${m.kernel}; load average at the start: ${m.loadAverage.join(" ")}. Node ${v.node}, PostgreSQL ${v.postgres}, PGlite ${v.pglite}, autocannon ${v.autocannon}. Site build (apps/web/dist) from ${part.siteBuiltAt ?? "unknown"}.`;
}

/**
 * The issue's baseline, "hello-world of the same server stack": GET /api/health/live on the same server
 * and database in the same run (no database work; everything else as every endpoint gets it). Runs from
 * before that route existed fall back to the standalone node:http + Hono app.
 */
function baselineOf(api, database) {
  return database.runs.find((run) => run.id === "live")?.requestsPerSecond ?? api.hello.requestsPerSecond;
}

function apiSection(api) {
  const bare = api.hello.requestsPerSecond;
  const lines = [
    "## API and pages under load",
    "",
    header(api),
    "",
    `autocannon, ${api.connections} connections unless noted, ${api.hello.seconds} s per row after a warm-up, in the bench process; the server (\`node apps/web/server.ts\`, NODE_ENV=production) in its own. Baseline: **hello-world = \`GET /api/health/live\` on the same server**, in the same run on each database: it answers \`{"status":"ok"}\` through everything every endpoint goes through (the server's router and security headers, Hono with request id, CSRF check, body limit and session middleware) without touching the database — the "% hello" column and the goals use it. "% bare" is the share of a standalone \`node:http\` + \`@hono/node-server\` app answering "ok" (${fmt(bare)} req/s, p50 ${api.hello.latencyMs.p50} ms, p99 ${api.hello.latencyMs.p99} ms), for scale. "% health" is the share of the same server's \`GET /api/health\` (one \`select 1\`) on the same database. CPU is in cores used during the row (2 = the whole machine): server / bench (autocannon) / PostgreSQL / anything else; "⚠️ noisy" marks a row during which something outside the benchmark used ≥ 0.25 cores (each row waits for a quiet machine first and a noisy one is measured once more, keeping the quieter). "µs/req" is that CPU divided by the requests served: the cost of one request in the server process and in PostgreSQL.`,
    "",
    "| database | endpoint | conns | req/s | % hello | % bare | % health | p50 ms | p99 ms | max ms | errors + timeouts | unexpected status | statuses | CPU server / bench / pg / other | server µs/req | pg µs/req |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const database of api.databases) {
    const health = database.runs.find((run) => run.id === "health")?.requestsPerSecond;
    const hello = baselineOf(api, database);
    for (const run of database.runs) {
      const conns = run.rate ? `${run.connections} at ${run.rate}/s` : run.connections;
      lines.push(
        `| ${dbName(database.kind)} | ${run.label} | ${conns} | **${fmt(run.requestsPerSecond)}** | ${pct(run.requestsPerSecond / hello)} | ${pct(run.requestsPerSecond / bare)} | ${health ? pct(run.requestsPerSecond / health) : "–"} | ${fmt(run.latencyMs.p50)} | ${fmt(run.latencyMs.p99)} | ${fmt(run.latencyMs.max)} | ${run.errors} | ${run.unexpected} | ${statusText(run.statuses)} | ${cpuText(run.cpu, run.noisy)} | ${perRequest(run.cpu?.server, run.requestsPerSecond)} | ${perRequest(run.cpu?.postgres, run.requestsPerSecond)} |`,
      );
    }
  }
  lines.push("");
  for (const database of api.databases) {
    const enroll = database.runs.find((run) => run.id === "enroll-new");
    if (enroll?.stripe) {
      lines.push(
        `- ${dbName(database.kind)}, enroll for new people: stripe-local saw at most **${enroll.stripe.checkoutPeakPerSecond} checkout-session calls in one second** (${fmt(enroll.stripe.checkoutCalls)} in all) and at most ${enroll.stripe.customersPeakPerSecond} customer creations in one second; the requests still queued when autocannon stopped took ${fmt(enroll.stripe.queueDrainMs / 1000, 1)} s to drain.`,
      );
    }
    for (const note of database.notes ?? []) lines.push(`- ${dbName(database.kind)}: ${note}`);
    if (database.eventLoop) {
      lines.push(
        `- ${dbName(database.kind)}: server event loop over its life: utilisation ${fmt(database.eventLoop.utilization.utilization * 100)}%, delay p99 ${fmt(database.eventLoop.delayP99Ms, 1)} ms, max ${fmt(database.eventLoop.delayMaxMs)} ms.`,
      );
    }
  }
  return lines;
}

function doorsSection(doors) {
  const runs = [doors, ...(doors.floodRun ? [doors.floodRun] : [])];
  return [
    `## Doors open (${fmt(doors.clicks)} enroll clicks, PostgreSQL)`,
    "",
    header(doors),
    "",
    ...runs.flatMap((run) => [...doorsRunSection(run), ""]),
    "Subscriptions are only created when a checkout is paid; the bench does not pay, so the duplicate check is on what precedes it: one checkout session and one checkout URL per person (billing_customers keeps one Stripe customer per user by its primary key).",
  ];
}

/** One run's table: the real buyers' clicks, plain or with a bot flood at the same time. */
function doorsRunSection(run) {
  const flood = run.flood;
  const who = run.buyers
    ? `${fmt(run.people)} real buyers who proved who they are (${fmt(run.buyers.byLink)} by the personal link of their doors-open email, ${fmt(run.buyers.signedIn)} signed in; ${run.pattern})`
    : `${fmt(run.people)} people (${run.pattern})`;
  const bots = flood
    ? ` At the same time, ${fmt(flood.clicks)} bot clicks (${fmt(flood.perSecond)}/s through the spread) with made-up addresses, no cookie, from ${fmt(flood.networks)} loopback addresses (each a network of its own: the server runs with TRUST_PROXY=0); bots never follow the line.`
    : "";
  return [
    `### ${flood ? "With a bot flood" : "Plain"}`,
    "",
    `${who} made ${fmt(run.clicks)} \`POST /api/enroll\` clicks, each on its own connection, at random moments within ${fmt(run.clickSpanSeconds, 1)} s, against an open window (no capacity) on the production server.${bots} The server paces new checkout sessions at ${run.perSecond}/s per endpoint, proven visitors first (max wait 120 s).`,
    "",
    "| figure | value |",
    "| --- | --- |",
    `| answers to real clicks | ${statusText(run.statuses)}; network errors/timeouts ${run.networkErrors} |`,
    `| errors (anything but her checkout URL in the end) | **${run.errors}** (goal 0) |`,
    ...(run.refused === undefined
      ? []
      : [`| real clicks refused (429, 503 or a refusal) | **${run.refused}** (goal 0) |`]),
    ...(run.answerMs
      ? [
          `| time until a real click is answered (her checkout, or her place in line: 202 with the people ahead) | p50 **${fmt(run.answerMs.p50)} ms**, p99 **${fmt(run.answerMs.p99)} ms**, max ${fmt(run.answerMs.max)} ms; ${fmt(run.inLine)} of ${fmt(run.clicks)} clicks got a place in line |`,
        ]
      : []),
    `| time to checkout (click → her checkout URL, following the line every 2 s as the line page does) | p50 **${fmt(run.latencyMs.p50 / 1000, 2)} s**, p90 ${fmt(run.latencyMs.p90 / 1000, 2)} s, p99 **${fmt(run.latencyMs.p99 / 1000, 2)} s**, max ${fmt(run.latencyMs.max / 1000, 2)} s |`,
    `| time to checkout, first clicks made in the first 5 s / the last 5 s of the spike | p50 ${fmt(run.latencyMs.firstP50 / 1000, 2)} s / ${fmt(run.latencyMs.lastP50 / 1000, 2)} s |`,
    `| time to checkout for repeat clicks (a person's 2nd/3rd click) | p50 ${fmt(run.latencyMs.repeatP50 / 1000, 2)} s |`,
    ...(flood
      ? [
          `| bot clicks: answers | ${statusText(flood.statuses)}; answered p50 ${fmt(flood.answerMs.p50)} ms, p99 ${fmt(flood.answerMs.p99)} ms, max ${fmt(flood.answerMs.max)} ms |`,
          `| accounts / Stripe customers made for the bots' addresses | **${flood.usersCreated} / ${flood.stripeCustomersCreated}** (goal 0) |`,
          `| anonymous checkout sessions opened for bots (no customer; behind every real buyer) | ${fmt(flood.anonymousCheckouts)} |`,
        ]
      : []),
    `| Stripe: checkout-session calls (stripe-local, server side) | ${fmt(run.stripe.checkoutCalls)} for ${fmt(run.db.people)} real buyers${run.db.anonymousCheckouts ? ` and ${fmt(run.db.anonymousCheckouts)} anonymous checkouts` : ""} (any extra ones are idempotent replays), peak **${run.stripe.checkoutPeakPerSecond}/s** (goal ≤ 20/s) |`,
    `| Stripe: customer creations | ${fmt(run.stripe.customerCalls)} calls${run.stripe.customers === undefined ? "" : ` (${fmt(run.stripe.customers)} customers at the end)`}, peak **${run.stripe.customersPeakPerSecond}/s** (goal ≤ 20/s) |`,
    `| Stripe: all API calls, busiest second | ${run.stripe.allPeakPerSecond}/s |`,
    `| webhooks received (POST /api/billing/webhook) | ${fmt(run.stripe.webhooks)} |`,
    `| checkout sessions saved for real buyers (DB) | ${fmt(run.db.checkouts)} for ${fmt(run.db.people)} people; busiest second (all checkouts) ${run.db.checkoutsPeakPerSecond} |`,
    `| real buyers with 2+ checkout sessions / 2+ distinct checkout URLs shown / 2+ subscriptions | **${run.duplicates.checkoutsPerPerson} / ${run.duplicates.urlsPerPerson} / ${run.duplicates.subscriptionsPerPerson}** (goal 0) |`,
    `| people without a checkout | ${run.db.peopleWithoutCheckout} |`,
    `| CPU during the spike (cores): server / bench / PostgreSQL / other | ${cpuText(run.cpu)} |`,
    ...(run.eventLoop
      ? [
          `| server event loop over its life: utilisation / delay p99 / delay max | ${fmt(run.eventLoop.utilization.utilization * 100)}% / ${fmt(run.eventLoop.delayP99Ms, 1)} ms / ${fmt(run.eventLoop.delayMaxMs)} ms |`,
        ]
      : []),
    `| spike duration (first click → last answer) | ${fmt(run.wallSeconds, 1)} s |`,
    "",
    `Why the wait grows: about ${fmt(run.clicks / run.clickSpanSeconds, 0)} real clicks/s arrive and checkout calls leave at ${run.perSecond}/s, so the line grows through the spike: ${fmt(run.db.people)} real buyers' checkouts take ${fmt(run.db.people / run.perSecond, 0)} s at ${run.perSecond}/s. A repeat click while her first is still under way joins it rather than queueing again. When a click would wait more than 2 s (or is overtaken while it waits), the server answers with her place in line (202, the people ahead and an estimate; the form gets the line page) and opens her checkout in the background.${flood ? ' Proven visitors go first at every turn of the pacer, so the bots\' anonymous openings (capped per process, limited per network) wait until the real buyers are served and never make a real buyer hear "busy".' : ""}`,
  ];
}

function emailSection(email) {
  const lines = [
    "## Launch email (packages/jobs/bench/launch-email.ts)",
    "",
    header(email),
    "",
    `Run by \`node bench/doors/launch-email.mjs\` as \`${email.command}\`: a campaign to ${fmt(email.recipients)} recipients through pooled SMTP into a local smtp-server sink in its own process.`,
    "",
    "| database | recipients | recipients/s | total s | enqueue s | send s | peak RSS MB | accepted (unique Message-IDs) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const result of email.results) {
    lines.push(
      `| ${result.database} | ${fmt(result.recipients)} | **${fmt(result.recipientsPerSecond)}** | **${fmt(result.totalSeconds, 2)}** | ${fmt(result.enqueueSeconds, 2)} | ${fmt(result.sendSeconds, 2)} | ${fmt(result.peakRssMb)} | ${fmt(result.accepted)} (${fmt(result.uniqueMessageIds)}) |`,
    );
  }
  lines.push(
    "",
    "Exactly-once across a kill mid-send is covered by packages/jobs/src/campaign-crash.int.test.ts, not by this benchmark.",
  );
  return lines;
}

/** Rewrites load-<date>.md and latest.md from load-latest.json; returns the summary table's lines. */
export function writeReports(all = readLatest()) {
  const rows = goals(all);
  const today = new Date().toISOString().slice(0, 10);
  const summary = summaryTable(rows, all);
  const detail = [
    `# Load benchmarks, ${today}`,
    "",
    "Run with `pnpm bench load` (or `pnpm bench api`, `doors`, `email`); see bench/README.md for what each number means. Each part shows when and where it was measured.",
    "",
    "## Summary",
    "",
    ...summary,
    "",
    ...(all.api ? [...apiSection(all.api), ""] : []),
    ...(all.doors ? [...doorsSection(all.doors), ""] : []),
    ...(all.email ? [...emailSection(all.email), ""] : []),
  ];
  const latest = [
    "# Load benchmarks: latest results",
    "",
    `Every goal from the brief's Budgets with the newest measurement of it; details in [load-${today}.md](load-${today}.md). Machine: ${Object.values(all)[0]?.machine?.cores ?? "?"} cores, ${Object.values(all)[0]?.machine?.cpu ?? "?"}. Regenerate with \`pnpm bench load\`.`,
    "",
    ...summary,
    "",
  ];
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `load-${today}.md`), detail.join("\n"));
  writeFileSync(join(resultsDir, "latest.md"), latest.join("\n"));
  return { rows, summary };
}

/** Saves one part's figures, rewrites the reports, prints the part's table; returns its missed goals. */
export async function finishPart(name, data) {
  const all = readLatest();
  all[name] = {
    measuredAt: startedAt,
    finishedAt: new Date().toISOString(),
    commit: commit(),
    machine: machine(),
    versions: await versions(),
    siteBuiltAt: siteBuiltAt(),
    ...data,
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(latestJson, `${JSON.stringify(all, null, 2)}\n`);
  const { rows } = writeReports(all);
  const section =
    name === "api" ? apiSection(all.api) : name === "doors" ? doorsSection(all.doors) : emailSection(all.email);
  const mine = rows.filter((row) => row.part === name);
  console.log(["", ...section, "", ...summaryTable(mine, all), ""].join("\n"));
  return mine.filter((row) => row.met === false).length;
}
