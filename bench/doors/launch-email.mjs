// Launch email: runs the jobs package's own benchmark (packages/jobs/bench/launch-email.ts: 10,000
// recipients through pooled SMTP into a local sink, on PGlite and on PostgreSQL) with a throwaway
// PostgreSQL database, reads the figures from its table and adds them to the load results.
//
// Usage: node bench/doors/launch-email.mjs        (BENCH_RECIPIENTS=10000 by default)
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createPostgresDatabase, repoRoot } from "../lib/harness.mjs";
import { finishPart, machine } from "../lib/report.mjs";

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
const TIMEOUT_MS = 240_000;

/** The rows of a `console.table` print: one object per row, keyed by the header cells. */
export function parseConsoleTable(text) {
  const rows = text
    .split("\n")
    .filter((line) => line.startsWith("│"))
    .map((line) =>
      line
        .split("│")
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/^'(.*)'$/, "$1")),
    );
  const [head, ...body] = rows;
  if (!head) return [];
  return body.map((cells) => Object.fromEntries(head.map((name, index) => [name, cells[index] ?? ""])));
}

const before = machine();
const store = await createPostgresDatabase("email");
let output = "";
try {
  const script = join(repoRoot, "packages/jobs/bench/launch-email.ts");
  const child = spawn(process.execPath, [script], {
    cwd: join(repoRoot, "packages/jobs"),
    env: { ...process.env, DATABASE_URL: store.url, BENCH_RECIPIENTS: String(RECIPIENTS) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  child.stdout.on("data", (chunk) => {
    output += chunk;
    process.stdout.write(chunk);
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
  const code = await new Promise((resolve) => child.on("exit", resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`packages/jobs/bench/launch-email.ts exited with ${code}`);
} finally {
  await store.drop();
}

const number = (value) => Number(String(value).replace(/[^\d.]/g, ""));
const results = parseConsoleTable(output).map((row) => {
  const [accepted, unique] = (row["accepted (unique Message-IDs)"] ?? "").match(/\d+/g) ?? [];
  return {
    database: row.database,
    recipients: number(row.recipients),
    recipientsPerSecond: number(row["recipients/s"]),
    totalSeconds: number(row["total s"]),
    enqueueSeconds: number(row["enqueue s"]),
    sendSeconds: number(row["send s"]),
    peakRssMb: number(row["peak RSS MB"]),
    accepted: Number(accepted),
    uniqueMessageIds: Number(unique),
  };
});
if (results.length === 0) throw new Error(`could not read the launch-email figures from:\n${output}`);
const missed = await finishPart("email", {
  machine: before,
  recipients: RECIPIENTS,
  command: `DATABASE_URL=<throwaway database> BENCH_RECIPIENTS=${RECIPIENTS} node packages/jobs/bench/launch-email.ts`,
  results,
});
if (missed > 0) process.exitCode = 1;
