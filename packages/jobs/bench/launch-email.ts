/**
 * Launch-email benchmark: a campaign to 10,000 recipients through pooled SMTP (nodemailer) into a
 * local smtp-server running in its own process. Prints recipients per second, seconds and the
 * sender's peak RSS, on PGlite (an existing data folder on disk) and, when DATABASE_URL is set, on
 * PostgreSQL (that database, whose pg-boss and jobs schemas it installs; its campaign is deleted after).
 * Each database runs in a fresh process so that peak RSS is its own.
 *
 * @example
 * pnpm --filter @academy/jobs bench
 * DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy BENCH_RECIPIENTS=10000 pnpm --filter @academy/jobs bench
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { openDatabase } from "@academy/db/client";
import nodemailer from "nodemailer";
import { enqueueCampaign, getCampaign, workCampaigns } from "../src/campaign.ts";
import { createJobs } from "../src/jobs.ts";

interface BenchResult {
  database: string;
  recipients: number;
  enqueueSeconds: number;
  sendSeconds: number;
  totalSeconds: number;
  recipientsPerSecond: number;
  /** Peak RSS once the database is open and pg-boss started, before the campaign. */
  openedRssMb: number;
  peakRssMb: number;
  accepted: number;
  uniqueMessageIds: number;
}

const recipients = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
const smtpConnections = Number(process.env.BENCH_SMTP_CONNECTIONS ?? 8);
const self = fileURLToPath(import.meta.url);

if (process.argv[2] === "--database") {
  const result = await runOne(process.argv[3] ?? "pglite", process.argv[4]);
  process.send?.(result);
} else {
  // A running server opens an existing data folder. Creating one runs initdb in a second PGlite
  // instance, whose memory would otherwise dominate the sender's peak RSS, so it happens here.
  const dataDir = await mkdtemp(join(tmpdir(), "academy-jobs-bench-"));
  await (await openDatabase({ dataDir })).close();
  const results: BenchResult[] = [await inChildProcess("pglite", dataDir)];
  await rm(dataDir, { recursive: true, force: true });
  if (process.env.DATABASE_URL) results.push(await inChildProcess("postgres"));
  console.table(
    results.map((result) => ({
      database: result.database,
      recipients: result.recipients,
      "recipients/s": Math.round(result.recipientsPerSecond),
      "total s": result.totalSeconds.toFixed(2),
      "enqueue s": result.enqueueSeconds.toFixed(2),
      "send s": result.sendSeconds.toFixed(2),
      "peak RSS MB": result.peakRssMb.toFixed(0),
      "peak RSS MB before send": result.openedRssMb.toFixed(0),
      "accepted (unique Message-IDs)": `${result.accepted} (${result.uniqueMessageIds})`,
    })),
  );
}

function inChildProcess(database: string, dataDir?: string): Promise<BenchResult> {
  return new Promise((resolve, reject) => {
    const child = fork(self, ["--database", database, ...(dataDir ? [dataDir] : [])], { stdio: "inherit" });
    child.once("message", (result) => resolve(result as BenchResult));
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`The ${database} benchmark exited with code ${code}.`));
    });
  });
}

async function runOne(kind: string, dataDir: string | undefined): Promise<BenchResult> {
  const sink = await startSink();
  const database = await openDatabase(dataDir ? { dataDir } : { url: process.env.DATABASE_URL });
  const jobs = await createJobs({ database });
  const openedRssMb = process.resourceUsage().maxRSS / 1024;
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port: sink.port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: smtpConnections,
    maxMessages: Number.POSITIVE_INFINITY,
  });
  const campaignId = `bench-${Date.now()}`;

  const started = performance.now();
  await enqueueCampaign(jobs, {
    campaignId,
    recipients: (function* () {
      for (let index = 0; index < recipients; index++) {
        const email = `runner-${index}@example.com`;
        yield { key: email, payload: { email, firstName: `Runner ${index}` } };
      }
    })(),
    sendAt: new Date(),
  });
  const enqueued = performance.now();
  const worker = await workCampaigns<{ email: string; firstName: string }>(
    jobs,
    async (delivery) => {
      await transport.sendMail({
        from: "Coach Robin <coach@academy.example>",
        to: delivery.payload.email,
        subject: "Doors are open",
        text: `Hi ${delivery.payload.firstName}, enrollment for the spring block is open.`,
        html: `<p>Hi ${delivery.payload.firstName}, enrollment for the spring block is <strong>open</strong>.</p>`,
        messageId: delivery.messageId,
      });
    },
    {
      batchSize: 500,
      concurrency: smtpConnections * 2,
      messageIdDomain: "academy.example",
      pollingIntervalSeconds: 0.5,
    },
  );
  while ((await getCampaign(jobs, campaignId))?.status !== "completed") await sleep(25);
  const finished = performance.now();

  const report = await sink.report();
  await worker.stop();
  await jobs.stop();
  transport.close();
  if (kind === "postgres") await jobs.connection.query("DELETE FROM jobs.campaign WHERE id = $1", [campaignId]);
  await database.close();
  sink.close();

  const totalSeconds = (finished - started) / 1000;
  return {
    database: kind === "pglite" ? "PGlite (disk)" : "PostgreSQL",
    recipients,
    enqueueSeconds: (enqueued - started) / 1000,
    sendSeconds: (finished - enqueued) / 1000,
    totalSeconds,
    recipientsPerSecond: recipients / totalSeconds,
    // maxRSS is in kilobytes.
    openedRssMb,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    ...report,
  };
}

async function startSink() {
  const child: ChildProcess = fork(fileURLToPath(new URL("./smtp-sink.ts", import.meta.url)), [], { stdio: "inherit" });
  const { port } = await new Promise<{ port: number }>((resolve) => child.once("message", resolve as never));
  return {
    port,
    report: () =>
      new Promise<{ accepted: number; uniqueMessageIds: number }>((resolve) => {
        child.once("message", (message) => {
          const { accepted, unique } = message as { accepted: number; unique: number };
          resolve({ accepted, uniqueMessageIds: unique });
        });
        child.send("report");
      }),
    close: () => child.send("close"),
  };
}
