/**
 * A whole sending process, for the kill-and-resume test: opens the database, enqueues the campaign
 * (a no-op after the first run), starts the campaign worker and exits once the campaign is complete,
 * printing what the worker resumed. The test runs it, SIGKILLs it mid-send, and runs it again.
 *
 * @example
 * node src/testing/campaign-sender.ts '{"dataDir":"/tmp/x","smtpPort":2525,"campaignId":"c","recipients":300,…}'
 */
import { setTimeout as sleep } from "node:timers/promises";
import { openDatabase } from "@academy/db/client";
import nodemailer from "nodemailer";
import { enqueueCampaign, getCampaign, workCampaigns } from "../campaign.ts";
import { createJobs } from "../jobs.ts";

export interface CampaignSenderConfig {
  /** PostgreSQL URL; PGlite in `dataDir` when absent. */
  databaseUrl?: string;
  dataDir?: string;
  smtpPort: number;
  campaignId: string;
  recipients: number;
  batchSize: number;
  concurrency: number;
  messageIdDomain: string;
}

const config = JSON.parse(process.argv[2] ?? "{}") as CampaignSenderConfig;
const database = await openDatabase(
  config.databaseUrl ? { url: config.databaseUrl, poolSize: 4 } : { dataDir: config.dataDir ?? "" },
);
const jobs = await createJobs({ database });
const transport = nodemailer.createTransport({
  host: "127.0.0.1",
  port: config.smtpPort,
  secure: false,
  ignoreTLS: true,
  pool: true,
  maxConnections: config.concurrency,
});

await enqueueCampaign(jobs, {
  campaignId: config.campaignId,
  recipients: Array.from({ length: config.recipients }, (_, index) => {
    const email = `runner-${index}@example.com`;
    return { key: email, payload: { email } };
  }),
  sendAt: new Date(),
});
const worker = await workCampaigns<{ email: string }>(
  jobs,
  async (delivery) => {
    await transport.sendMail({
      from: "coach@example.com",
      to: delivery.payload.email,
      subject: "Doors are open",
      text: "Enrollment is open.",
      messageId: delivery.messageId,
    });
  },
  { batchSize: config.batchSize, concurrency: config.concurrency, messageIdDomain: config.messageIdDomain },
);
while ((await getCampaign(jobs, config.campaignId))?.status !== "completed") await sleep(50);
const resumed = await worker.resumed;
await worker.stop();
await jobs.stop();
transport.close();
await database.close();
process.stdout.write(JSON.stringify({ resumed }));
