import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DatabaseHandle, openDatabase } from "@academy/db/client";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildCampaignMessageId, type CampaignRunResult, getCampaign } from "./campaign.ts";
import { adaptDatabase } from "./database-adapter.ts";
import type { CampaignSenderConfig } from "./testing/campaign-sender.ts";
import { type SmtpReceiver, startSmtpReceiver } from "./testing/smtp-receiver.ts";

const senderScript = fileURLToPath(new URL("./testing/campaign-sender.ts", import.meta.url));
const RECIPIENTS = 300;
const BATCH = 50;
// Mid-batch: the first 125 are accepted, then the server stalls and the sender is killed while the
// third batch (messages 101-150) is half accepted and not yet marked sent.
const KILL_AFTER = 125;

interface SenderRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function startSender(config: CampaignSenderConfig): { child: ChildProcess; done: Promise<SenderRun> } {
  const child = spawn(process.execPath, [senderScript, JSON.stringify(config)], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<SenderRun>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** A database the child processes can open by themselves: a PGlite folder, or a PostgreSQL URL. */
async function createSharedDatabase(serverUrl: string) {
  if (!serverUrl) {
    const dataDir = await mkdtemp(join(tmpdir(), "academy-jobs-crash-"));
    return {
      target: { dataDir },
      open: () => openDatabase({ dataDir }),
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `academy_jobs_crash_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    target: { databaseUrl: url.toString() },
    open: () => openDatabase({ url: url.toString(), poolSize: 2 }),
    async drop() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

describe("a campaign sender killed mid-send", () => {
  let receiver: SmtpReceiver;
  let shared: Awaited<ReturnType<typeof createSharedDatabase>>;
  let stalling = true;
  let stalled: Promise<void>;

  beforeAll(async () => {
    shared = await createSharedDatabase(inject("databaseUrl"));
    let onStalled = () => {};
    stalled = new Promise((resolve) => {
      onStalled = resolve;
    });
    receiver = await startSmtpReceiver({
      beforeAccept(_message, acceptedSoFar) {
        if (!stalling || acceptedSoFar < KILL_AFTER) return;
        onStalled();
        // Never answers: the sender is killed while it waits for the 250.
        return new Promise<void>(() => {});
      },
    });
  });
  afterAll(async () => {
    await receiver?.close();
    await shared?.drop();
  });

  it("resumes after SIGKILL so that every recipient gets the message once by Message-ID", async () => {
    const config: CampaignSenderConfig = {
      ...shared.target,
      smtpPort: receiver.port,
      campaignId: "launch-crash",
      recipients: RECIPIENTS,
      batchSize: BATCH,
      concurrency: 4,
      messageIdDomain: "academy.example",
    };

    const first = startSender(config);
    await Promise.race([
      stalled,
      first.done.then((run) => {
        throw new Error(`The first sender exited before the kill (code ${run.code}): ${run.stderr}`);
      }),
    ]);
    first.child.kill("SIGKILL");
    const killed = await first.done;
    expect(killed.signal).toBe("SIGKILL");
    const acceptedBeforeKill = receiver.accepted.length;
    expect(acceptedBeforeKill).toBe(KILL_AFTER);
    stalling = false;

    const second = startSender(config);
    const resumed = await second.done;
    expect(resumed.code, resumed.stderr).toBe(0);
    const { resumed: runs } = JSON.parse(resumed.stdout) as { resumed: CampaignRunResult[] };

    // By the dedupe rule, one delivery per recipient, with the recipient's own Message-ID.
    const deliveries = receiver.deliveries();
    expect(deliveries).toHaveLength(RECIPIENTS);
    const byRecipient = new Map(deliveries.map((message) => [message.to.join(","), message.messageId]));
    expect(byRecipient.size).toBe(RECIPIENTS);
    for (let index = 0; index < RECIPIENTS; index++) {
      const email = `runner-${index}@example.com`;
      expect(byRecipient.get(email)).toBe(buildCampaignMessageId("launch-crash", email, "academy.example"));
    }

    // The duplicates are exactly the messages accepted but not yet marked when the kill came: the
    // third batch's first 25. Each arrived twice, both times with the same Message-ID.
    const duplicates = receiver.accepted.length - RECIPIENTS;
    expect(duplicates).toBe(KILL_AFTER - 2 * BATCH);
    const copies = new Map<string, number>();
    for (const message of receiver.accepted) copies.set(message.messageId, (copies.get(message.messageId) ?? 0) + 1);
    expect([...copies.values()].filter((count) => count === 2)).toHaveLength(duplicates);
    expect(Math.max(...copies.values())).toBe(2);
    // The resumed run resent the whole claimed batch flagged as "outcome unknown"; half of it had
    // in fact been accepted.
    expect(runs).toEqual([expect.objectContaining({ outcome: "completed", resent: BATCH })]);

    const database: DatabaseHandle = await shared.open();
    try {
      const campaign = await getCampaign({ connection: adaptDatabase(database) }, "launch-crash");
      expect(campaign).toMatchObject({ status: "completed", recipients: RECIPIENTS, sent: RECIPIENTS, open: 0 });
    } finally {
      await database.close();
    }
    // Two sender processes, each opening the database and sending 300 messages: half a minute or more on a loaded
    // machine, so the default 30 s is no limit for it.
  }, 180_000);
});
