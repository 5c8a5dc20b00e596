// The load benchmarks' harness: it builds nothing (run.mjs builds the site when apps/web/dist is
// missing), it starts the production server `apps/web/server.ts` on PostgreSQL or PGlite, waits for
// /api/health and stops it; it also starts the hello-world baseline and makes throwaway databases.
// Traffic goes to 127.0.0.1 only.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import postgres from "postgres";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const webRoot = join(repoRoot, "apps/web");
export const clientDir = join(webRoot, "dist/client");
export const resultsDir = join(repoRoot, "bench/results");
const probeModule = fileURLToPath(new URL("./server-probe.mjs", import.meta.url));

/** The PostgreSQL server the benchmarks make their throwaway databases on (trust auth, local). */
export const postgresAdminUrl = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** True when the production build the server needs is there. */
export function siteIsBuilt() {
  return existsSync(join(webRoot, "dist/server/entry.mjs")) && existsSync(join(clientDir, "index.html"));
}

/** Builds the site when apps/web/dist is missing (run.mjs does this once before the load benchmarks). */
export function ensureSiteBuilt() {
  if (siteIsBuilt()) return;
  console.log("apps/web/dist is missing: building the site (pnpm --filter @academy/web build)…");
  execFileSync("pnpm", ["--filter", "@academy/web", "build"], { cwd: repoRoot, stdio: "inherit" });
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** A throwaway PostgreSQL database, `academy_bench_<pid>_<label>`; `drop()` removes it. */
export async function createPostgresDatabase(label) {
  const name = `academy_bench_${process.pid}_${label}`.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  const admin = postgres(postgresAdminUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const again = postgres(postgresAdminUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
      try {
        await again.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await again.end({ timeout: 5 });
      }
    },
  };
}

/** A throwaway PGlite data folder; `drop()` removes it. */
export function createPgliteFolder() {
  const dataDir = mkdtempSync(join(tmpdir(), "academy-bench-pglite-"));
  return { dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

/**
 * Opens the bench database with the platform's own `openDatabase` (so migrations are applied exactly as
 * the server applies them) and returns plain SQL access. PGlite allows one process at a time: open it
 * only while the server is stopped.
 */
export async function openBenchDatabase(target) {
  const { openDatabase } = await import(pathToFileURL(join(repoRoot, "packages/db/src/client.ts")).href);
  const handle = await openDatabase(target.url ? { url: target.url, poolSize: 2 } : { dataDir: target.dataDir });
  const client = handle.db.$client;
  return {
    kind: handle.kind,
    async query(text, params = []) {
      if (handle.kind === "pglite") return (await client.query(text, params)).rows;
      return [...(await client.unsafe(text, params))];
    },
    close: () => handle.close(),
  };
}

/** Versions for the results: PostgreSQL's from the server, PGlite's and autocannon's from their packages. */
export async function versions() {
  const admin = postgres(postgresAdminUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  let postgresVersion = "unavailable";
  try {
    const [row] = await admin`show server_version`;
    postgresVersion = row?.server_version ?? postgresVersion;
  } catch {
    // Reported as unavailable.
  } finally {
    await admin.end({ timeout: 5 });
  }
  const packageVersion = (path) => {
    try {
      return JSON.parse(readFileSync(join(repoRoot, path, "package.json"), "utf8")).version;
    } catch {
      return "unknown";
    }
  };
  return {
    node: process.version,
    postgres: postgresVersion,
    pglite: packageVersion("packages/db/node_modules/@electric-sql/pglite"),
    autocannon: packageVersion("node_modules/autocannon"),
  };
}

/**
 * Starts `node apps/web/server.ts` in production mode on 127.0.0.1 and resolves once /api/health
 * answers 200. `database` is `{ url }` (PostgreSQL) or `{ dataDir }` (PGlite). With `probeFile`, the
 * server runs with bench/lib/server-probe.mjs preloaded; with `profileDir`, with --cpu-prof.
 */
export async function startServer({ port, database, probeFile, profileDir, env = {} }) {
  const origin = `http://127.0.0.1:${port}`;
  const flags = [
    ...(probeFile ? ["--import", pathToFileURL(probeModule).href] : []),
    ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []),
  ];
  const child = spawn(process.execPath, [...flags, "server.ts"], {
    cwd: webRoot,
    env: {
      ...process.env,
      ...env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      // Behind a proxy (several instances), the address people open is the proxy's.
      SITE_URL: env.SITE_URL ?? origin,
      // A bench that signs links the way the server does (personal enroll links) passes its own.
      APP_SECRET: env.APP_SECRET ?? randomBytes(36).toString("base64"),
      ADMIN_EMAILS: "coach@example.com",
      DATABASE_URL: database.url ?? "",
      DATA_DIR: database.dataDir ?? join(tmpdir(), "academy-bench-unused"),
      SMTP_URL: env.SMTP_URL ?? "",
      BENCH_PROBE_FILE: probeFile ?? "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The server's output is kept (the last lines explain a failure) and not printed.
  let output = "";
  const keep = (chunk) => {
    output = (output + chunk).slice(-8000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((resolve) => child.once("exit", resolve));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}:\n${output}`);
    const up = await fetch(`${origin}/api/health`, { signal: AbortSignal.timeout(2000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server did not answer /api/health within 60 s:\n${output}`);
    }
    await sleep(200);
  }
  return {
    origin,
    port,
    pid: child.pid,
    output: () => output,
    /** SIGTERM (the server closes its database and exits), SIGKILL after 15 s. */
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The hello-world baseline: a standalone Node `http` server with @hono/node-server's request listener
 * (exactly how server.ts mounts the API) and a Hono app that answers "ok". Run from apps/web so that
 * `hono` and `@hono/node-server` resolve to the versions the server uses.
 */
export async function startHelloWorld(port) {
  const script = `
    import { createServer } from "node:http";
    import { getRequestListener } from "@hono/node-server";
    import { Hono } from "hono";
    const app = new Hono().get("/", (c) => c.text("ok"));
    const server = createServer(getRequestListener(app.fetch));
    server.keepAliveTimeout = 65_000;
    server.listen(${port}, "127.0.0.1");
    process.on("SIGTERM", () => process.exit(0));
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    cwd: webRoot,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (
    !(await fetch(origin).then(
      (response) => response.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error("the hello-world server did not start");
    }
    await sleep(100);
  }
  return {
    origin,
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The latest snapshot written by bench/lib/server-probe.mjs in the server (after asking for a fresh one). */
export async function readProbe(server, probeFile) {
  try {
    process.kill(server.pid, "SIGUSR2");
  } catch {
    // The server has exited; its exit snapshot is on disk.
  }
  await sleep(100);
  try {
    return JSON.parse(readFileSync(probeFile, "utf8"));
  } catch {
    return undefined;
  }
}

/** The busiest wall-clock second of one endpoint in a probe snapshot, optionally within [from, to] (ms). */
export function peakPerSecond(snapshot, endpoint, from = 0, to = Number.POSITIVE_INFINITY) {
  const seconds = snapshot?.requests?.[endpoint] ?? {};
  let peak = 0;
  let total = 0;
  for (const [second, count] of Object.entries(seconds)) {
    const ms = Number(second) * 1000;
    if (ms + 1000 <= from || ms > to) continue;
    peak = Math.max(peak, count);
    total += count;
  }
  return { peak, total };
}
