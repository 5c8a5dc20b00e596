import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type StripeLocal, startStripeLocal } from "./start.ts";
import { CorruptStateError, segmentName } from "./state-journal.ts";
import { WEBHOOK_SECRET } from "./test-context.ts";

const CLI = fileURLToPath(new URL("./cli.ts", import.meta.url));
const BURST = 600;
const CONCURRENCY = 16;
const KILL_AFTER = 200;

/** stripe-local as its own process, on the state folder given, resolved once it listens. */
async function startStripeLocalProcess(statePath: string): Promise<{ child: ChildProcess; url: URL }> {
  const child = spawn(process.execPath, [CLI, "--port", "0", "--state", statePath, "--no-seed"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const listening = /listening on (http:\S+)/.exec(line);
    if (listening?.[1]) return { child, url: new URL(listening[1]) };
  }
  throw new Error("stripe-local exited before it listened.");
}

describe("stripe-local's state after a crash", () => {
  let statePath: string;
  let running: StripeLocal[] = [];
  const startOnState = async () => {
    const local = await startStripeLocal({ webhookSecret: WEBHOOK_SECRET, statePath });
    running.push(local);
    return local;
  };
  const sdkFor = (local: StripeLocal) =>
    new Stripe(local.secretKey, { ...local.stripeClientOptions, maxNetworkRetries: 0 });
  const listCustomerIds = async (local: StripeLocal) =>
    (await sdkFor(local).customers.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 })).map(
      (customer) => customer.id,
    );

  beforeEach(() => {
    statePath = mkdtempSync(join(tmpdir(), "stripe-local-crash-"));
  });
  afterEach(async () => {
    for (const local of running) await local.stop();
    running = [];
    vi.restoreAllMocks();
    rmSync(statePath, { recursive: true, force: true });
  });

  it("keeps every customer it acknowledged when SIGKILL stops it in the middle of a burst", async () => {
    const { child, url } = await startStripeLocalProcess(statePath);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const stripe = new Stripe("sk_test_stripe_local", {
      host: url.hostname,
      port: Number(url.port),
      protocol: "http",
      maxNetworkRetries: 0,
      telemetry: false,
    });
    const acknowledged: string[] = [];
    let failed = 0;
    let next = 0;
    const worker = async () => {
      while (next < BURST) {
        const index = next++;
        try {
          const customer = await stripe.customers.create({ email: `runner${index}@example.com` });
          acknowledged.push(customer.id);
          if (acknowledged.length === KILL_AFTER) child.kill("SIGKILL");
        } catch {
          failed++;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await exited;
    // Killed mid-burst: some requests were answered, the rest never were.
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(failed).toBeGreaterThan(0);

    const local = await startOnState();
    const kept = new Set(await listCustomerIds(local));
    expect(acknowledged.filter((id) => !kept.has(id))).toEqual([]);
    // Requests in flight at the kill may or may not have been saved; nothing else appeared.
    expect(kept.size).toBeLessThanOrEqual(acknowledged.length + CONCURRENCY);
    // And the restarted stand-in takes new work on the same folder.
    const after = await sdkFor(local).customers.create({ email: "after@example.com" });
    expect((await sdkFor(local).customers.retrieve(after.id)).id).toBe(after.id);
  });

  it("ignores a torn last journal line, and keeps working on the file after it", async () => {
    const first = await startOnState();
    const stripe = sdkFor(first);
    const before = await stripe.customers.create({ email: "ruth@example.com" });
    await first.stop();
    running = [];
    // A crash in the middle of writing a commit: half a line, never acknowledged.
    appendFileSync(
      join(statePath, segmentName(0)),
      '0badc0de {"seq":99,"changes":[["customers","cus_torn",{"id":"cus_t',
    );
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});

    const second = await startOnState();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("dropped an unfinished last commit"));
    expect(await listCustomerIds(second)).toEqual([before.id]);
    const after = await sdkFor(second).customers.create({ email: "ana@example.com" });
    await second.stop();
    running = [];

    const third = await startOnState();
    expect(await listCustomerIds(third)).toEqual([after.id, before.id]);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("refuses to start on a journal damaged before its end, and starts once it is repaired", async () => {
    const first = await startOnState();
    const stripe = sdkFor(first);
    await stripe.customers.create({ email: "ruth@example.com" });
    await stripe.customers.create({ email: "ana@example.com" });
    await first.stop();
    running = [];
    const journalPath = join(statePath, segmentName(0));
    const intact = readFileSync(journalPath, "utf8");
    const lines = intact.split("\n");
    const ruth = lines.findIndex((line) => line.includes("ruth@"));
    expect(lines.slice(ruth + 1).some((line) => line.includes("ana@"))).toBe(true);
    lines[ruth] = (lines[ruth] ?? "").replace("ruth@", "ruby@");
    writeFileSync(journalPath, lines.join("\n"));

    await expect(startOnState()).rejects.toThrow(CorruptStateError);
    await expect(startOnState()).rejects.toThrow(`line ${ruth + 1} of ${journalPath} is damaged`);
    writeFileSync(journalPath, intact);
    const repaired = await startOnState();
    expect(await listCustomerIds(repaired)).toHaveLength(2);
  });

  it("takes over the folder of a stand-in that died without releasing it", async () => {
    const { child } = await startStripeLocalProcess(statePath);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    const local = await startOnState();
    const customer = await sdkFor(local).customers.create({ email: "ruth@example.com" });
    expect(await listCustomerIds(local)).toEqual([customer.id]);
  });
});
