import type { DatabaseHandle } from "@academy/db/client";
import { createTestDatabase } from "@academy/db/testing";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type CampaignDelivery, enqueueCampaign, getCampaign, processCampaign } from "./campaign.ts";
import { createJobs, type Jobs } from "./jobs.ts";
import { type SmtpReceiver, startSmtpReceiver } from "./testing/smtp-receiver.ts";

interface Reader {
  email: string;
}

function readers(count: number, prefix: string) {
  return Array.from({ length: count }, (_, index) => {
    const email = `${prefix}-${index}@example.com`;
    return { key: email, payload: { email } };
  });
}

/** The most messages the server accepted within any one second. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= 1000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe("campaign send rate and skipped recipients", () => {
  let database: DatabaseHandle;
  let jobs: Jobs;
  let receiver: SmtpReceiver;
  const acceptedAt: number[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(inject("databaseUrl"));
    jobs = await createJobs({ database });
    receiver = await startSmtpReceiver({ beforeAccept: () => void acceptedAt.push(performance.now()) });
  });
  afterAll(async () => {
    await receiver?.close();
    await jobs?.stop();
    await database?.close();
  });

  it("keeps two campaigns sending at once, together, under the shared rate at the mail server", async () => {
    const transport = nodemailer.createTransport({
      host: "127.0.0.1",
      port: receiver.port,
      pool: true,
      maxConnections: 4,
    });
    const send = async (delivery: CampaignDelivery<Reader>) => {
      await transport.sendMail({
        from: "coach@example.com",
        to: delivery.payload.email,
        subject: "New article",
        text: "Hello",
        messageId: delivery.messageId,
      });
    };
    for (const id of ["newsletter-a", "launch-b"]) {
      await enqueueCampaign(jobs, { campaignId: id, recipients: readers(15, id), sendAt: new Date() });
    }
    const options = { ratePerSecond: 10, batchSize: 5, concurrency: 5 };
    // Two senders at once, as two instances would run them: one pace in the database keeps them together.
    const results = await Promise.all([
      processCampaign(jobs, "newsletter-a", send, options),
      processCampaign(jobs, "launch-b", send, options),
    ]);
    transport.close();

    expect(results.map((result) => result.sent)).toEqual([15, 15]);
    expect(receiver.deliveries()).toHaveLength(30);
    // 30 messages at 10 a second: about 10 in any second (a message or two more when the network delays
    // one into its neighbour's second; unpaced, all 30 land within a few hundred ms), and the whole run takes
    // close to the 2.9 s the rate allows.
    expect(busiestSecond(acceptedAt)).toBeLessThanOrEqual(12);
    const spanMs = Math.max(...acceptedAt) - Math.min(...acceptedAt);
    expect(spanMs).toBeGreaterThanOrEqual(2_600);
  });

  it("records declined recipients as skipped, not failed, and never sends them later", async () => {
    await enqueueCampaign(jobs, { campaignId: "newsletter-c", recipients: readers(6, "c"), sendAt: new Date() });
    const sent: string[] = [];
    const asked: string[] = [];
    const send = async (delivery: CampaignDelivery<Reader>) => void sent.push(delivery.key);
    const skipRecipients = async (recipients: readonly { key: string }[]) => {
      asked.push(...recipients.map((recipient) => recipient.key));
      return new Map([
        ["c-1@example.com", "complaint"],
        ["c-4@example.com", "hard_bounce"],
      ]);
    };
    const result = await processCampaign(jobs, "newsletter-c", send, { skipRecipients, batchSize: 4 });
    expect(result).toMatchObject({ outcome: "completed", sent: 4, skipped: 2, failed: 0 });
    expect(sent).not.toContain("c-1@example.com");
    expect(sent).not.toContain("c-4@example.com");
    expect(asked).toHaveLength(6);
    expect(await getCampaign(jobs, "newsletter-c")).toMatchObject({
      status: "completed",
      sent: 4,
      skipped: 2,
      failed: 0,
      open: 0,
    });

    const again = await processCampaign(jobs, "newsletter-c", send, { skipRecipients });
    expect(again).toMatchObject({ sent: 0, skipped: 0 });
    expect(sent).toHaveLength(4);
  });
});
