// Helpers shared by the content benchmarks: paths, building the site, starting it, writing results.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const webRoot = join(repoRoot, "apps/web");
export const clientDir = join(webRoot, "dist/client");
export const resultsDir = join(repoRoot, "bench/results");

/** Builds the site through turbo, which replays its cache when nothing changed. */
export function buildSite() {
  execFileSync("pnpm", ["exec", "turbo", "run", "build", "--filter=@academy/web", "--output-logs=errors-only"], {
    cwd: repoRoot,
    stdio: "inherit",
  });
}

/** Starts the production server on a fresh PGlite folder; resolves once it answers. */
export async function startSite(port) {
  const server = spawn(process.execPath, ["server.ts"], {
    cwd: webRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: mkdtempSync(join(tmpdir(), "academy-bench-")),
      DATABASE_URL: "",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) return { stop: () => server.kill("SIGTERM") };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  server.kill("SIGTERM");
  throw new Error("the server did not start within 60 s");
}

/** Writes `bench/results/<name>.md` with a heading, the date and the machine. */
export function writeResult(name, title, lines) {
  mkdirSync(resultsDir, { recursive: true });
  const cpus = execFileSync("nproc", { encoding: "utf8" }).trim();
  const body = [
    `# ${title}`,
    "",
    `Measured ${new Date().toISOString()} on ${cpus} cores, Node ${process.version}.`,
    "",
    ...lines,
    "",
  ];
  writeFileSync(join(resultsDir, `${name}.md`), body.join("\n"));
}
