import type { DatabaseHandle } from "@academy/db/client";
import { createTestDatabase } from "@academy/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import {
  buildCampaignMessageId,
  type CampaignDelivery,
  enqueueCampaign,
  getCampaign,
  processCampaign,
  workCampaigns,
} from "./campaign.ts";
import { createJobs, type Jobs } from "./jobs.ts";

interface Invite {
  email: string;
}

function recipients(count: number, prefix = "runner") {
  return Array.from({ length: count }, (_, index) => {
    const email = `${prefix}-${index}@example.com`;
    return { key: email, payload: { email } };
  });
}

/** Records every send, like a mailbox that keeps duplicates. */
function recordingSink(fail: (delivery: CampaignDelivery<Invite>) => boolean = () => false) {
  const sent: CampaignDelivery<Invite>[] = [];
  const attempts: CampaignDelivery<Invite>[] = [];
  const send = async (delivery: CampaignDelivery<Invite>) => {
    attempts.push(delivery);
    if (fail(delivery)) throw new Error(`450 mailbox busy for ${delivery.key}`);
    sent.push(delivery);
  };
  return { sent, attempts, send };
}

describe("campaigns", () => {
  let database: DatabaseHandle;
  let jobs: Jobs;

  beforeAll(async () => {
    database = await createTestDatabase(inject("databaseUrl"));
    jobs = await createJobs({ database });
  });
  afterAll(async () => {
    await jobs?.stop();
    await database?.close();
  });

  it("sends each recipient exactly one message, in batches, with a stable Message-ID", async () => {
    const enqueued = await enqueueCampaign(jobs, {
      campaignId: "spring-10k",
      recipients: recipients(250),
      sendAt: new Date(),
    });
    expect(enqueued).toEqual({ campaignId: "spring-10k", enqueued: true, recipientCount: 250 });
    const sink = recordingSink();
    const result = await processCampaign(jobs, "spring-10k", sink.send, {
      batchSize: 40,
      concurrency: 5,
      messageIdDomain: "academy.example",
    });
    expect(result).toMatchObject({ outcome: "completed", sent: 250, resent: 0, failed: 0 });
    expect(result.counts).toEqual({ recipients: 250, sent: 250, failed: 0, skipped: 0, open: 0 });
    expect(new Set(sink.sent.map((delivery) => delivery.key)).size).toBe(250);
    expect(sink.sent).toHaveLength(250);
    for (const delivery of sink.sent) {
      expect(delivery.messageId).toBe(buildCampaignMessageId("spring-10k", delivery.key, "academy.example"));
      expect(delivery.payload.email).toBe(delivery.key);
      expect(delivery.attempt).toBe(1);
    }
    expect((await getCampaign(jobs, "spring-10k"))?.status).toBe("completed");

    const again = await processCampaign(jobs, "spring-10k", sink.send);
    expect(again).toMatchObject({ outcome: "completed", sent: 0 });
    expect(sink.sent).toHaveLength(250);
  });

  it("finishes an interrupted enqueue when called again, and never resets a sent recipient", async () => {
    const all = recipients(1500, "waitlist");
    async function* crashingAfter(count: number) {
      yield* all.slice(0, count);
      throw new Error("process died while reading the waitlist");
    }
    await expect(
      enqueueCampaign(jobs, { campaignId: "launch", recipients: crashingAfter(1200), sendAt: new Date() }),
    ).rejects.toThrow("process died");
    expect((await getCampaign(jobs, "launch"))?.status).toBe("enqueueing");
    const early = recordingSink();
    expect(await processCampaign(jobs, "launch", early.send)).toMatchObject({ outcome: "not-ready", sent: 0 });

    async function* waitlist() {
      yield* all;
    }
    const resumed = await enqueueCampaign(jobs, { campaignId: "launch", recipients: waitlist(), sendAt: new Date() });
    expect(resumed).toEqual({ campaignId: "launch", enqueued: true, recipientCount: 1500 });
    const sink = recordingSink();
    expect(await processCampaign(jobs, "launch", sink.send)).toMatchObject({ outcome: "completed", sent: 1500 });

    const late = await enqueueCampaign(jobs, { campaignId: "launch", recipients: all, sendAt: new Date() });
    expect(late).toEqual({ campaignId: "launch", enqueued: false, recipientCount: 1500 });
    expect(await processCampaign(jobs, "launch", sink.send)).toMatchObject({ outcome: "completed", sent: 0 });
    expect(new Set(sink.sent.map((delivery) => delivery.key)).size).toBe(1500);
    expect(sink.sent).toHaveLength(1500);
  });

  it("retries a refused message with the same Message-ID and marks it failed after maxAttempts", async () => {
    await enqueueCampaign(jobs, { campaignId: "retry", recipients: recipients(20), sendAt: new Date() });
    const sink = recordingSink(
      (delivery) =>
        delivery.key === "runner-3@example.com" || (delivery.key === "runner-5@example.com" && delivery.attempt === 1),
    );
    const result = await processCampaign(jobs, "retry", sink.send, { maxAttempts: 3, retryDelaySeconds: 0.05 });
    expect(result).toMatchObject({ outcome: "completed", sent: 19, failed: 1 });
    expect(result.counts).toEqual({ recipients: 20, sent: 19, failed: 1, skipped: 0, open: 0 });
    const tries = (key: string) => sink.attempts.filter((delivery) => delivery.key === key);
    expect(tries("runner-3@example.com").map((delivery) => delivery.attempt)).toEqual([1, 2, 3]);
    expect(tries("runner-5@example.com").map((delivery) => delivery.attempt)).toEqual([1, 2]);
    expect(new Set(tries("runner-5@example.com").map((delivery) => delivery.messageId)).size).toBe(1);
    expect(sink.sent.filter((delivery) => delivery.key === "runner-5@example.com")).toHaveLength(1);
  });

  it("lets one process send a campaign at a time", async () => {
    await enqueueCampaign(jobs, { campaignId: "exclusive", recipients: recipients(30), sendAt: new Date() });
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = recordingSink();
    const firstRun = processCampaign<Invite>(
      jobs,
      "exclusive",
      async (delivery) => {
        await gate;
        await first.send(delivery);
      },
      { batchSize: 10 },
    );
    await vi.waitFor(async () => expect((await getCampaign(jobs, "exclusive"))?.status).toBe("sending"), {
      timeout: 5000,
      interval: 20,
    });
    const second = recordingSink();
    expect(await processCampaign(jobs, "exclusive", second.send)).toMatchObject({ outcome: "busy", sent: 0 });
    release();
    expect(await firstRun).toMatchObject({ outcome: "completed", sent: 30 });
    expect(second.attempts).toHaveLength(0);
    expect(first.sent).toHaveLength(30);
  });

  it("resends what a dead sender left claimed, flagged and with the same Message-ID", async () => {
    await enqueueCampaign(jobs, { campaignId: "orphans", recipients: recipients(12), sendAt: new Date() });
    // What a process killed between the server's 250 and the "sent" mark leaves behind.
    await jobs.connection.query(
      `UPDATE jobs.campaign SET status = 'sending' WHERE id = 'orphans';
       UPDATE jobs.campaign_delivery SET status = 'sent', attempts = 1 WHERE campaign_id = 'orphans' AND position <= 4;
       UPDATE jobs.campaign_delivery SET status = 'claimed', attempts = 1 WHERE campaign_id = 'orphans' AND position BETWEEN 5 AND 7;`,
    );
    const sink = recordingSink();
    const result = await processCampaign(jobs, "orphans", sink.send, { messageIdDomain: "academy.example" });
    expect(result).toMatchObject({ outcome: "completed", sent: 8, resent: 3 });
    const resent = sink.sent.filter((delivery) => delivery.outcomeUnknown);
    expect(resent.map((delivery) => delivery.key).sort()).toEqual([
      "runner-4@example.com",
      "runner-5@example.com",
      "runner-6@example.com",
    ]);
    for (const delivery of resent) {
      expect(delivery.attempt).toBe(2);
      expect(delivery.messageId).toBe(buildCampaignMessageId("orphans", delivery.key, "academy.example"));
    }
  });

  it("starts a scheduled campaign through pg-boss at its send time, not before", async () => {
    const sendAt = new Date(Date.now() + 1500);
    await enqueueCampaign(jobs, { campaignId: "doors-open", recipients: recipients(50), sendAt });
    const sentAt: number[] = [];
    const worker = await workCampaigns<Invite>(
      jobs,
      async () => {
        sentAt.push(Date.now());
      },
      { pollingIntervalSeconds: 0.5 },
    );
    try {
      await vi.waitFor(async () => expect((await getCampaign(jobs, "doors-open"))?.status).toBe("completed"), {
        timeout: 15_000,
        interval: 50,
      });
    } finally {
      await worker.stop();
    }
    expect(sentAt).toHaveLength(50);
    expect(Math.min(...sentAt)).toBeGreaterThanOrEqual(sendAt.getTime());
  });
});
