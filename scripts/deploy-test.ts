/**
 * The deploy test: the image and compose.yaml, run on this machine the way a coach's server runs them, and a
 * few journeys through them over HTTPS. It
 *
 * 1. starts the Docker engine if none runs (and stops only the one it started), with the packages it needs;
 * 2. builds the stand-in base images if they are missing (scripts/docker/stand-in-images.sh) and the image;
 * 3. starts compose.yaml with deploy/compose.deploy-test.yaml: Caddy with a certificate from its internal CA
 *    (SITE_URL https://academy.localhost:8443), two app instances on one PostgreSQL, the backup service, and
 *    stripe-local as its own container (one Stripe for both instances);
 * 4. checks that the image built for a placeholder origin serves the runtime SITE_URL (sitemap, feed,
 *    robots.txt, an article's canonical link and its compressed twins, a page rendered on demand, emails);
 * 5. a reader joins the waitlist and confirms it, the coach signs in (the code comes from the outbox table)
 *    and opens doors, a visitor pays on stripe-local's checkout, signs in and opens a lesson;
 * 6. restarts each app instance in turn while requests keep coming, and counts the ones that failed (0 to pass);
 * 7. takes a backup with the backup service, restores it into a scratch database and checks rotation.
 *
 * Everything listens on loopback only and every wait is bounded; the whole run stops itself after
 * --timeout-minutes (default 25). Prints a summary and exits 1 on any failure. Needs root.
 *
 * @example
 * pnpm exec node scripts/deploy-test.ts            # --keep leaves the containers running
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

const root = new URL("..", import.meta.url).pathname;
// Outside the repository: Playwright empties test-results/ at the start of each run.
const logDir = join(tmpdir(), "academy-deploy-test");
const project = "academydeploytest";
const image = "academy:deploy-test";
const composeFiles = ["-f", "compose.yaml", "-f", "deploy/compose.deploy-test.yaml"];
const { values: options } = parseArgs({
  options: { keep: { type: "boolean", default: false }, "timeout-minutes": { type: "string", default: "25" } },
});
const deadlineMinutes = Number(options["timeout-minutes"]);
const keep = options.keep;
const startedAt = Date.now();

// ---------------------------------------------------------------------------------------------------------
// Reporting

const phases: { name: string; seconds: number; note: string }[] = [];
const failures: string[] = [];

function log(message: string) {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(0).padStart(4);
  console.log(`[deploy-test ${seconds}s] ${message}`);
}

async function phase<T>(name: string, work: () => Promise<T>, note?: (result: T) => string): Promise<T> {
  const began = Date.now();
  log(`${name}…`);
  const result = await work();
  const seconds = (Date.now() - began) / 1000;
  phases.push({ name, seconds, note: note ? note(result) : "" });
  log(`${name}: done in ${seconds.toFixed(1)} s${note ? ` (${note(result)})` : ""}`);
  return result;
}

/** Records a failed expectation and goes on, so one run reports everything that is wrong. */
function check(ok: boolean, what: string, detail = ""): boolean {
  if (!ok) {
    failures.push(detail ? `${what}: ${detail}` : what);
    log(`FAILED ${what}${detail ? `: ${detail}` : ""}`);
  }
  return ok;
}

class Fatal extends Error {}

// ---------------------------------------------------------------------------------------------------------
// Commands

interface RunOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** A file in the log folder that gets stdout and stderr, instead of keeping them. */
  logTo?: string;
  allowFailure?: boolean;
}

/** Runs a command to its end (or its timeout) and returns its stdout; a failure is fatal unless allowed. */
async function run(command: string, args: string[], options: RunOptions = {}): Promise<{ code: number; out: string }> {
  const { timeoutMs = 120_000, logTo, allowFailure = false } = options;
  if (logTo) mkdirSync(logDir, { recursive: true });
  const output = logTo ? openSync(join(logDir, logTo), "a") : undefined;
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", output ?? "pipe", output ?? "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk;
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    err += chunk;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number>((resolve) => {
    child.on("error", () => resolve(127));
    child.on("close", (status, signal) => resolve(status ?? (signal ? 128 : 1)));
  });
  clearTimeout(timer);
  if (output !== undefined) closeSync(output);
  if (code !== 0 && !allowFailure) {
    const where = logTo ? ` (log: ${join(logDir, logTo)})` : "";
    const said = (err || out).trim().split("\n").slice(-15).join("\n");
    throw new Fatal(`${command} ${args.join(" ")} exited with ${code}${where}\n${said}`);
  }
  return { code, out };
}

/** compose.yaml with the test's changes, resolved into one file (see writeTestCompose). */
const resolvedCompose = join(logDir, "compose.resolved.yaml");

const compose = (args: string[], options: RunOptions = {}) =>
  run("docker-compose", ["-f", resolvedCompose, "-p", project, ...args], {
    ...options,
    env: { ...composeEnv, ...options.env },
  });

/**
 * compose.yaml and deploy/compose.deploy-test.yaml, merged and resolved by docker-compose itself, less what an
 * override file cannot take away: the published ports, which docker-compose refuses on the host's network
 * (an override can only add to a list). Read with the repository's own YAML package (a dependency of apps/web).
 */
async function writeTestCompose() {
  const { out } = await run("docker-compose", [...composeFiles, "-p", project, "config"], { env: composeEnv });
  const { parse, stringify } = createRequire(join(root, "apps", "web", "package.json"))("yaml") as {
    parse: (text: string) => unknown;
    stringify: (value: unknown) => string;
  };
  const config = parse(out) as { version?: string; services: Record<string, { ports?: unknown }> };
  for (const service of Object.values(config.services)) delete service.ports;
  // Without a version, docker-compose reads the Compose Specification, which keeps depends_on's conditions.
  delete config.version;
  writeFileSync(resolvedCompose, stringify(config));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value, for at most `timeoutMs`. */
async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Fatal(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(250);
  }
}

function freePort(preferred?: number): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(freePort()));
    server.listen(preferred ?? 0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// HTTP: over HTTPS through Caddy (its internal CA, academy.localhost on loopback), or plain to stripe-local

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  jar?: CookieJar;
  timeoutMs?: number;
}

let httpsAgent: HttpsAgent | undefined;
const httpAgent = new HttpAgent({ keepAlive: true });

function send(url: string, options: SendOptions = {}): Promise<Reply> {
  const target = new URL(url);
  const secure = target.protocol === "https:";
  const headers: Record<string, string> = { host: target.host, ...options.headers };
  const cookies = options.jar?.header();
  if (cookies) headers.cookie = cookies;
  if (options.body !== undefined) headers["content-length"] = String(Buffer.byteLength(options.body));
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(
      {
        // Every name here is on this machine: the site's name is only the TLS server name and the Host header.
        host: "127.0.0.1",
        port: Number(target.port || (secure ? 443 : 80)),
        path: `${target.pathname}${target.search}`,
        method: options.method ?? "GET",
        headers,
        agent: secure ? httpsAgent : httpAgent,
        ...(secure ? { servername: target.hostname } : {}),
        timeout: options.timeoutMs ?? 20_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          options.jar?.take(response.headers["set-cookie"]);
          const body = Buffer.concat(chunks);
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body, text: body.toString("utf8") });
        });
      },
    );
    request.on("timeout", () => request.destroy(new Error("timed out")));
    request.on("error", reject);
    request.end(options.body);
  });
}

class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(setCookie: string[] | undefined) {
    for (const line of setCookie ?? []) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      if (at > 0) {
        const name = pair.slice(0, at).trim();
        const value = pair.slice(at + 1).trim();
        if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

// ---------------------------------------------------------------------------------------------------------
// The run

let dockerd: ChildProcess | undefined;
let composeEnv: NodeJS.ProcessEnv = {};
let siteUrl = "";
let ports = { https: 0, http: 0, caddyAdmin: 0, app1: 0, app2: 0, postgres: 0, stripe: 0 };

async function ensureTools() {
  const missing = ["dockerd", "docker-compose", "debootstrap"].filter(
    (tool) => spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0,
  );
  if (missing.length === 0) return "already installed";
  log(`installing Debian's docker.io, docker-compose and debootstrap (missing: ${missing.join(", ")})`);
  await run("apt-get", ["update", "-qq"], { timeoutMs: 300_000, logTo: "apt.log" });
  await run("apt-get", ["install", "-y", "-qq", "docker.io", "docker-compose", "debootstrap"], {
    timeoutMs: 600_000,
    logTo: "apt.log",
    env: { DEBIAN_FRONTEND: "noninteractive" },
  });
  return `installed ${missing.join(", ")}`;
}

async function ensureDocker() {
  if ((await run("docker", ["info"], { allowFailure: true, timeoutMs: 20_000 })).code === 0) {
    return "a Docker engine was running";
  }
  const output = openSync(join(logDir, "dockerd.log"), "a");
  // No bridge network and no iptables rules: every container uses the host's network (loopback here).
  dockerd = spawn("dockerd", ["--storage-driver=vfs", "--iptables=false", "--bridge=none"], {
    stdio: ["ignore", output, output],
    detached: true,
  });
  closeSync(output);
  await waitFor("the Docker engine to answer", 60_000, async () => {
    const { code } = await run("docker", ["info"], { allowFailure: true, timeoutMs: 10_000 });
    return code === 0 ? true : undefined;
  });
  return `started dockerd (pid ${dockerd.pid})`;
}

async function stopDocker() {
  if (!dockerd?.pid || dockerd.exitCode !== null) return;
  log(`stopping the dockerd this run started (pid ${dockerd.pid})`);
  const exited = new Promise((resolve) => dockerd?.once("exit", resolve));
  dockerd.kill("SIGTERM");
  await Promise.race([exited, sleep(30_000)]);
  if (dockerd.exitCode === null) dockerd.kill("SIGKILL");
}

/**
 * BuildKit, through Debian's docker CLI (docker.io), which has it built in (a newer CLI needs the buildx plugin
 * for it): the legacy builder runs a container for every ENV or EXPOSE line, and with the vfs storage driver
 * each one copies the whole image. `--network host`, as there is no bridge network to build on.
 */
async function buildImage() {
  const cli = existsSync("/usr/bin/docker") ? "/usr/bin/docker" : "docker";
  await run(cli, ["build", "--network", "host", "--progress", "plain", "-t", image, "."], {
    timeoutMs: 20 * 60_000,
    logTo: "image-build.log",
    env: { DOCKER_BUILDKIT: "1" },
  });
  // Every run with changed code leaves the previous image and build steps behind: keep the disk bounded.
  await run("docker", ["image", "prune", "--force"], { allowFailure: true });
  await run(cli, ["builder", "prune", "--force", "--keep-storage", "3GB"], { allowFailure: true });
  const { out } = await run("docker", ["image", "inspect", image, "--format", "{{.Size}}"]);
  return `${(Number(out.trim()) / 1e6).toFixed(0)} MB`;
}

async function choosePorts() {
  ports = {
    https: await freePort(8443),
    http: await freePort(),
    caddyAdmin: await freePort(),
    app1: await freePort(),
    app2: await freePort(),
    postgres: await freePort(),
    stripe: await freePort(),
  };
  siteUrl = `https://academy.localhost:${ports.https}`;
  composeEnv = {
    APP_IMAGE: image,
    SITE_URL: siteUrl,
    POSTGRES_PASSWORD: randomBytes(24).toString("hex"),
    POSTGRES_HOST: "127.0.0.1",
    POSTGRES_PORT: String(ports.postgres),
    APP_SECRET: randomBytes(48).toString("base64url"),
    ADMIN_EMAILS: "coach@example.com",
    MAIL_FROM: "Deploy Test <coach@example.com>",
    STRIPE_SECRET_KEY: "sk_test_stripe_local",
    STRIPE_WEBHOOK_SECRET: "whsec_stripe_local",
    STRIPE_API_BASE: `http://127.0.0.1:${ports.stripe}`,
    APP_UPSTREAMS: `127.0.0.1:${ports.app1} 127.0.0.1:${ports.app2}`,
    DEPLOY_TEST_HTTP_PORT: String(ports.http),
    DEPLOY_TEST_CADDY_ADMIN_PORT: String(ports.caddyAdmin),
    DEPLOY_TEST_APP_PORT_1: String(ports.app1),
    DEPLOY_TEST_APP_PORT_2: String(ports.app2),
    DEPLOY_TEST_STRIPE_PORT: String(ports.stripe),
  };
}

async function containerOf(service: string): Promise<string> {
  const id = (await compose(["ps", "-q", service])).out.trim().split("\n")[0] ?? "";
  if (!id) throw new Fatal(`no container for the ${service} service`);
  return id;
}

const app2Name = `${project}_app_2`;

/**
 * A second instance of the app service, configured exactly as the first (its environment read back from it),
 * on a port of its own; labelled as compose labels replicas, so `docker-compose down` removes it too.
 */
async function startSecondInstance() {
  const first = await containerOf("app");
  const { out } = await run("docker", ["inspect", first, "--format", "{{json .Config.Env}}"]);
  const env = (JSON.parse(out) as string[]).map((entry) => (entry.startsWith("PORT=") ? `PORT=${ports.app2}` : entry));
  await run("docker", ["rm", "-f", app2Name], { allowFailure: true });
  await run("docker", [
    "run",
    "--detach",
    "--name",
    app2Name,
    "--network",
    "host",
    "--restart",
    "unless-stopped",
    "--stop-timeout",
    "20",
    ...["--label", `com.docker.compose.project=${project}`, "--label", "com.docker.compose.service=app"],
    ...["--label", "com.docker.compose.container-number=2", "--label", "com.docker.compose.oneoff=False"],
    ...env.flatMap((entry) => ["--env", entry]),
    image,
  ]);
}

const appLive = (port: number) => async () =>
  (await send(`http://127.0.0.1:${port}/api/health/live`, { timeoutMs: 2_000 })).status === 200 ? true : undefined;

async function startStack() {
  await writeTestCompose();
  await compose(["down", "--volumes", "--remove-orphans", "--timeout", "5"], {
    allowFailure: true,
    timeoutMs: 120_000,
  });
  await run("docker", ["rm", "-f", app2Name], { allowFailure: true });
  await compose(["up", "--detach", "--no-build"], { timeoutMs: 300_000, logTo: "compose-up.log" });
  log("compose up: containers started");
  // Both instances start together and race to apply the migrations: the advisory lock lets one do it.
  await startSecondInstance();
  await waitFor("app instance 1 to answer", 180_000, appLive(ports.app1));
  log("app instance 1 answers");
  await waitFor("app instance 2 to answer", 180_000, appLive(ports.app2));
  log("app instance 2 answers");
  const caddy = await containerOf("caddy");
  const rootCa = await waitFor("Caddy's local CA certificate", 60_000, async () => {
    const { code, out } = await run("docker", ["exec", caddy, "cat", "/data/caddy/pki/authorities/local/root.crt"], {
      allowFailure: true,
    });
    return code === 0 && out.includes("BEGIN CERTIFICATE") ? out : undefined;
  });
  writeFileSync(join(logDir, "caddy-root.crt"), rootCa);
  httpsAgent = new HttpsAgent({ ca: rootCa, keepAlive: true, maxSockets: 16 });
  await waitFor("the site over HTTPS", 60_000, async () =>
    (await send(`${siteUrl}/api/health`)).status === 200 ? true : undefined,
  );
  const bases: string[] = [];
  for (const base of ["node:24-bookworm-slim", "postgres:17", "caddy:2"]) {
    const { out } = await run("docker", [
      "image",
      "inspect",
      base,
      "--format",
      '{{index .Config.Labels "academy.stand-in"}}',
    ]);
    bases.push(`${base}${out.trim() ? " (stand-in)" : ""}`);
  }
  return bases.join(", ");
}

async function psql(sql: string): Promise<string> {
  const postgres = await containerOf("postgres");
  const { out } = await run("docker", ["exec", postgres, "psql", "-U", "academy", "-d", "academy", "-Atc", sql]);
  return out.trim();
}

/** The newest email to `to` whose subject contains `subject`: its subject and text. */
async function latestEmail(to: string, subject: string): Promise<{ subject: string; text: string }> {
  const quoted = (value: string) => `'${value.replaceAll("'", "''")}'`;
  return waitFor(`an email "${subject}" to ${to}`, 30_000, async () => {
    const row = await psql(
      `select json_build_object('subject', subject, 'text', text) from outbox_messages where "to" = ${quoted(to)} and subject like ${quoted(`%${subject}%`)} order by created_at desc limit 1`,
    );
    return row ? (JSON.parse(row) as { subject: string; text: string }) : undefined;
  });
}

const jsonHeaders = () => ({ "content-type": "application/json", origin: siteUrl, accept: "application/json" });

function postJson(path: string, body: unknown, jar?: CookieJar) {
  return send(`${siteUrl}${path}`, { method: "POST", headers: jsonHeaders(), body: JSON.stringify(body), jar });
}

async function checkSiteUrl() {
  const placeholder = "site-url.invalid";
  const sitemap = await send(`${siteUrl}/sitemap.xml`);
  const locs = [...sitemap.text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1] ?? "");
  check(sitemap.status === 200 && locs.length > 0, "the sitemap lists pages", `status ${sitemap.status}`);
  check(
    locs.every((loc) => loc.startsWith(`${siteUrl}/`)),
    "every sitemap URL is on the runtime SITE_URL",
    locs.find((loc) => !loc.startsWith(`${siteUrl}/`)) ?? "",
  );
  const article = locs.find((loc) => new URL(loc).pathname.startsWith("/articles/") && loc.split("/").length > 4);
  if (!article) throw new Fatal("the sitemap lists no article");
  const path = new URL(article).pathname;
  const canonical = (html: string) => /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1];
  const page = await send(article, { headers: { "accept-encoding": "identity" } });
  check(
    canonical(page.text) === `${siteUrl}${path}`,
    "an article's canonical link is on SITE_URL",
    `${canonical(page.text)}`,
  );
  const image = /<meta property="og:image" content="([^"]+)"/.exec(page.text)?.[1] ?? "";
  check(image.startsWith(`${siteUrl}/`), "an article's social image is on SITE_URL", image);
  for (const [encoding, decode] of [
    ["br", brotliDecompressSync],
    ["gzip", gunzipSync],
  ] as const) {
    const twin = await send(article, { headers: { "accept-encoding": encoding } });
    const body = twin.headers["content-encoding"] === encoding ? decode(twin.body).toString() : "";
    check(body === page.text, `the article's ${encoding} twin is the rewritten page`);
  }
  const robots = await send(`${siteUrl}/robots.txt`);
  check(robots.text.includes(`Sitemap: ${siteUrl}/sitemap.xml`), "robots.txt points at the sitemap on SITE_URL");
  const feed = await send(`${siteUrl}/rss.xml`);
  check(feed.text.includes(`<link>${siteUrl}${path}</link>`), "the feed links the article on SITE_URL");
  const join = await send(`${siteUrl}/join`);
  check(canonical(join.text) === `${siteUrl}/join`, "a page rendered on demand has its canonical link on SITE_URL");
  const leaked = [sitemap, page, robots, feed, join].filter((reply) => reply.text.includes(placeholder)).length;
  check(leaked === 0, "no page names the build's placeholder origin", `${leaked} do`);
  return { articlePath: path, summary: `${locs.length} sitemap URLs on ${siteUrl}` };
}

async function signIn(email: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const asked = await postJson("/api/auth/sign-in", { email }, jar);
  if (asked.status !== 200) throw new Fatal(`sign-in for ${email} answered ${asked.status}: ${asked.text}`);
  const { subject } = await latestEmail(email, "Your sign-in code");
  const code = /(\d{6})$/.exec(subject)?.[1] ?? "";
  const verified = await postJson("/api/auth/verify-code", { email, code }, jar);
  if (verified.status !== 200) throw new Fatal(`the code for ${email} answered ${verified.status}: ${verified.text}`);
  return jar;
}

/** A phrase only the body of the course's first lesson has (the teaser shows its title and description only). */
function firstLesson(): { url: string; phrase: string } {
  const courses = join(root, "content", "courses");
  for (const course of readdirSync(courses, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    const lessons = join(courses, course.name, "lessons");
    for (const name of readdirSync(lessons).filter((file) => file.endsWith(".mdx"))) {
      const source = readFileSync(join(lessons, name), "utf8");
      if (!/^dripDays: 0$/m.test(source) || !/^order: 1$/m.test(source)) continue;
      const body = source.replace(/^---\n[\s\S]*?\n---\n/, "");
      const paragraph = body.split(/\n\s*\n/).find((block) => /^[A-Z]/.test(block.trim())) ?? "";
      const runs = paragraph.split(/[^A-Za-z0-9 -]+/).map((run) => run.trim().replace(/\s+/g, " "));
      const phrase = runs.sort((a, b) => b.length - a.length)[0] ?? "";
      return { url: `/courses/${course.name}/${name.replace(/\.mdx$/, "")}`, phrase };
    }
  }
  throw new Fatal("no course has a first lesson open from day 0");
}

async function journeys() {
  // A reader joins the waitlist and confirms from the email, whose link is on the runtime SITE_URL.
  const reader = `reader-${Date.now()}@example.com`;
  const joined = await postJson("/api/waitlist", { email: reader, source: "deploy-test" });
  check(joined.status >= 200 && joined.status < 300, "a reader joins the waitlist", `${joined.status} ${joined.text}`);
  const confirmation = await latestEmail(reader, "");
  const token = /\/waitlist\/confirm\?token=([^\s&"<>]+)/.exec(confirmation.text)?.[1];
  check(confirmation.text.includes(`${siteUrl}/waitlist/confirm?token=`), "the confirmation link is on SITE_URL");
  if (token) {
    const confirmed = await postJson("/api/waitlist/confirm", { token: decodeURIComponent(token) });
    check(confirmed.status === 200, "the reader confirms her place", `${confirmed.status} ${confirmed.text}`);
  }

  // The coach signs in with the code from her email and opens doors to everyone, now.
  const coach = await signIn("coach@example.com");
  const dashboard = await send(`${siteUrl}/admin`, { jar: coach });
  check(dashboard.status === 200, "the coach reaches her dashboard", `status ${dashboard.status}`);
  const wall = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString().slice(0, 19);
  const opened = await postJson(
    "/api/admin/windows",
    {
      name: `Deploy test ${Date.now()}`,
      timeZone: "UTC",
      priorityOpensAt: wall(-2 * 3_600_000),
      publicOpensAt: wall(-3_600_000),
      closesAt: wall(86_400_000),
    },
    coach,
  );
  check(opened.status === 201, "the coach opens an enrollment window", `${opened.status} ${opened.text}`);

  // A visitor enrolls, pays on stripe-local's hosted checkout with the test card and lands back on the site.
  const member = `member-${Date.now()}@example.com`;
  const visitor = new CookieJar();
  let enrolled = await postJson("/api/enroll", { email: member }, visitor);
  for (let tries = 0; enrolled.status === 202 && tries < 40; tries++) {
    await sleep(500);
    const ticket = (JSON.parse(enrolled.text) as { ticket?: string }).ticket ?? "";
    enrolled = await send(`${siteUrl}/api/enroll/line?ticket=${encodeURIComponent(ticket)}`, { jar: visitor });
  }
  const checkoutUrl = (JSON.parse(enrolled.text) as { checkoutUrl?: string }).checkoutUrl;
  if (!checkoutUrl) throw new Fatal(`enroll answered ${enrolled.status}: ${enrolled.text}`);
  const form = new URLSearchParams({
    email: member,
    cardNumber: "4242 4242 4242 4242",
    cardExpiry: "12 / 34",
    cardCvc: "123",
    billingName: "Ruth Runner",
  }).toString();
  const paid = await send(checkoutUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form,
  });
  const success = paid.headers.location ?? "";
  check(
    paid.status === 303 && success.startsWith(`${siteUrl}/enroll/welcome?session_id=`),
    "the checkout sends her back to the site on SITE_URL",
    `${paid.status} ${success}`,
  );
  const welcome = await send(success, { jar: visitor });
  check(welcome.status === 200 && welcome.text.includes("a member!"), "the welcome page says she is a member");

  // She signs in and opens the first lesson: its body, which the teaser never shows.
  const memberJar = await signIn(member);
  const account = await send(`${siteUrl}/account`, { jar: memberJar });
  check(account.text.includes("Active."), "her account shows an active membership");
  const lesson = firstLesson();
  const asMember = await send(`${siteUrl}${lesson.url}`, { jar: memberJar });
  const asStranger = await send(`${siteUrl}${lesson.url}`);
  check(asMember.status === 200 && asMember.text.includes(lesson.phrase), "the member reads the lesson's body");
  check(!asStranger.text.includes(lesson.phrase), "a stranger gets the lesson's teaser only");
  return { memberJar, lessonUrl: lesson.url };
}

interface Traffic {
  total: number;
  failed: number;
  statuses: Map<string, number>;
  latencies: number[];
}

/**
 * Requests from `workers` loops until `stop` resolves: pages from memory, a page rendered on demand, the member's
 * lesson (a database read on each), the readiness check. A failure is a network error or a 5xx.
 */
async function keepRequesting(paths: { path: string; jar?: CookieJar }[], stop: Promise<void>, workers = 4) {
  const traffic: Traffic = { total: 0, failed: 0, statuses: new Map(), latencies: [] };
  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  const loop = async (offset: number) => {
    for (let index = offset; !stopped; index++) {
      const { path, jar } = paths[index % paths.length] ?? { path: "/" };
      const began = performance.now();
      let outcome: string;
      try {
        const reply = await send(`${siteUrl}${path}`, { ...(jar ? { jar } : {}), timeoutMs: 30_000 });
        outcome = String(reply.status);
        if (reply.status >= 500) traffic.failed++;
      } catch (error) {
        outcome = error instanceof Error ? error.message : String(error);
        traffic.failed++;
      }
      traffic.total++;
      traffic.latencies.push(performance.now() - began);
      traffic.statuses.set(outcome, (traffic.statuses.get(outcome) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, offset) => loop(offset)));
  return traffic;
}

async function restartInstance(name: string, container: string, port: number) {
  const began = Date.now();
  await run("docker", ["stop", "--time", "20", container], { timeoutMs: 60_000 });
  const stopped = Date.now();
  await sleep(2_000);
  await run("docker", ["start", container], { timeoutMs: 60_000 });
  await waitFor(`${name} to answer again`, 120_000, appLive(port));
  // Caddy's active check (every second) puts it back in the pool before the next one goes.
  await sleep(3_000);
  log(
    `${name}: stopped in ${((stopped - began) / 1000).toFixed(1)} s, serving again after ${((Date.now() - stopped) / 1000).toFixed(1)} s`,
  );
}

async function rollingRestart(articlePath: string, memberJar: CookieJar, lessonUrl: string) {
  const paths = [
    { path: "/" },
    { path: articlePath },
    { path: "/join" },
    { path: lessonUrl, jar: memberJar },
    { path: "/api/health" },
    { path: "/sitemap.xml" },
  ];
  let release = () => {};
  const stop = new Promise<void>((resolve) => {
    release = resolve;
  });
  const traffic = keepRequesting(paths, stop);
  await sleep(2_000);
  await restartInstance("app instance 1", await containerOf("app"), ports.app1);
  await restartInstance("app instance 2", app2Name, ports.app2);
  release();
  const result = await traffic;
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const statuses = [...result.statuses].map(([status, count]) => `${status}×${count}`).join(", ");
  check(result.failed === 0, "no request fails while the instances restart one by one", `${result.failed} failed`);
  check(result.total > 50, "requests kept coming during the restarts", `${result.total}`);
  return `${result.total} requests, ${result.failed} failed; ${statuses}; p50 ${at(0.5).toFixed(0)} ms, p99 ${at(0.99).toFixed(0)} ms, max ${at(1).toFixed(0)} ms`;
}

async function backups() {
  const backup = await containerOf("backup");
  const exec = (script: string, allowFailure = false) =>
    run("docker", ["exec", backup, "bash", "-c", script], { timeoutMs: 120_000, allowFailure });
  // The service's own first dump, taken when it started.
  const first = await waitFor("the backup service's first dump", 60_000, async () => {
    const { out } = await exec("ls /backups/*.dump 2>/dev/null", true);
    return out.trim() ? out.trim() : undefined;
  });
  check(first.includes("/backups/academy-"), "the backup service dumps the database when it starts");
  // One dump older than BACKUP_KEEP_DAYS: the next run deletes it.
  await exec("touch -d '30 days ago' /backups/academy-20000101T000000Z.dump");
  await sleep(1_100);
  const { out } = await exec("backup.sh --once");
  const file = /to (\/backups\/\S+\.dump)/.exec(out)?.[1] ?? "";
  check(out.includes("deleted old backup /backups/academy-20000101T000000Z.dump"), "rotation deletes old dumps", out);
  const restored = await exec(
    `dropdb --if-exists restore_check && createdb restore_check && pg_restore --no-owner --exit-on-error --dbname=restore_check ${file} && psql -d restore_check -Atc 'select count(*) from users' ; status=$?; dropdb --if-exists restore_check; exit $status`,
  );
  const users = Number(restored.out.trim().split("\n").pop());
  check(users >= 2, "the backup restores, with the coach and the member in it", `${users} users`);
  return `${file.replace("/backups/", "")}, restored ${users} users`;
}

async function saveLogs() {
  const { out } = await compose(["logs", "--no-color", "--timestamps"], { allowFailure: true, timeoutMs: 60_000 });
  writeFileSync(join(logDir, "compose.log"), out);
  const second = await run("docker", ["logs", "--timestamps", app2Name], { allowFailure: true });
  writeFileSync(join(logDir, "app-2.log"), second.out);
}

async function tearDown() {
  if (Object.keys(composeEnv).length > 0) {
    await saveLogs().catch(() => {});
    if (keep) {
      log(`leaving the containers running (--keep); ${siteUrl} with ${join(logDir, "caddy-root.crt")}`);
      return;
    }
    await compose(["down", "--volumes", "--remove-orphans", "--timeout", "20"], {
      allowFailure: true,
      timeoutMs: 180_000,
    });
    await run("docker", ["rm", "-f", app2Name], { allowFailure: true });
  }
  await stopDocker();
}

function printSummary() {
  const total = (Date.now() - startedAt) / 1000;
  console.log("\nDeploy test summary");
  for (const { name, seconds, note } of phases) {
    console.log(`  ${name.padEnd(36)} ${seconds.toFixed(1).padStart(7)} s  ${note}`);
  }
  console.log(`  ${"total".padEnd(36)} ${total.toFixed(1).padStart(7)} s`);
  if (failures.length === 0) console.log("PASSED");
  else console.log(`FAILED (${failures.length}):\n${failures.map((failure) => `  - ${failure}`).join("\n")}`);
  console.log(`logs: ${logDir}`);
}

async function main() {
  if (process.getuid?.() !== 0) throw new Fatal("the deploy test runs Docker and debootstrap: run it as root");
  mkdirSync(logDir, { recursive: true });
  for (const file of readdirSync(logDir)) writeFileSync(join(logDir, file), "");
  await phase("tools", ensureTools, (note) => note);
  await phase("docker engine", ensureDocker, (note) => note);
  await phase("stand-in base images", () =>
    run("bash", ["scripts/docker/stand-in-images.sh"], { timeoutMs: 15 * 60_000, logTo: "stand-in-images.log" }),
  );
  await phase("image build", buildImage, (size) => size);
  await choosePorts();
  await phase("stack up: Caddy, 2 apps, PostgreSQL", startStack, (note) => note);
  const site = await phase("runtime SITE_URL", checkSiteUrl, (result) => result.summary);
  const journey = await phase(
    "waitlist, sign-in, payment, lesson",
    journeys,
    () => "a reader confirmed, the coach opened doors, a member paid and read a lesson",
  );
  await phase(
    "rolling restart under traffic",
    () => rollingRestart(site.articlePath, journey.memberJar, journey.lessonUrl),
    (note) => note,
  );
  await phase("backup, rotation, restore", backups, (note) => note);
}

const deadline = setTimeout(() => {
  failures.push(`the run took longer than ${deadlineMinutes} minutes`);
  void tearDown().finally(() => {
    printSummary();
    process.exit(1);
  });
}, deadlineMinutes * 60_000);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    failures.push(`stopped by ${signal}`);
    void tearDown().finally(() => {
      printSummary();
      process.exit(1);
    });
  });
}

try {
  await main();
} catch (error) {
  failures.push(error instanceof Error ? error.message : String(error));
  log(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  clearTimeout(deadline);
  await tearDown();
  printSummary();
  if (existsSync(join(logDir, "compose.log")) && failures.length > 0) {
    console.log(`(the containers' logs are in ${join(logDir, "compose.log")} and app-2.log)`);
  }
}
process.exit(failures.length === 0 ? 0 : 1);
