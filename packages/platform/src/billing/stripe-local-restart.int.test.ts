/**
 * Issue #14: on the embedded default a restart emptied stripe-local, so a member who had paid was still
 * "Active" in our database while Stripe no longer knew her customer, and "Manage membership" failed. The
 * stand-in now keeps its state beside the platform's data; here the platform's billing is started, a member
 * pays, the billing is closed and started again on the same data, and her portal opens.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findOrCreateUser } from "@academy/auth";
import type { DatabaseHandle } from "@academy/db/client";
import { saveStripeCustomer } from "@academy/db/queries/billing";
import { createTestDatabase } from "@academy/db/testing";
import { payCheckout, pressPortalButton } from "@academy/stripe-local/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { Clock } from "../services.ts";
import { loadMembership } from "./membership-store.ts";
import { createStripeBilling, type StripeBilling, stripeLocalStatePath } from "./stripe-billing.ts";
import { syncSubscription } from "./sync.ts";

const SITE_URL = "http://localhost:4321";

describe("the embedded stripe-local across a restart of the platform", () => {
  let database: DatabaseHandle;
  let dataDir: string;
  let billing: StripeBilling | undefined;
  const clock: Clock = { now: () => new Date() };
  const databaseUrl = inject("databaseUrl") || undefined;
  const startBilling = async () => {
    billing = await createStripeBilling({
      secretKey: undefined,
      webhookSecret: undefined,
      monthlyPrice: "membership_monthly",
      webhookUrl: "",
      clock,
      localState: { dataDir, databaseUrl },
    });
    return billing;
  };

  beforeAll(async () => {
    database = await createTestDatabase(inject("databaseUrl"));
  });
  afterAll(() => database.close());
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "academy-stripe-local-"));
  });
  afterEach(async () => {
    await billing?.close();
    billing = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("lets a member who paid before the restart open her billing portal and pause after it", async () => {
    const { db } = database;
    const first = await startBilling();
    const user = await findOrCreateUser(db, "ruth@example.com");
    const customer = await first.stripe.customers.create({ email: user.email, metadata: { userId: user.id } });
    await saveStripeCustomer(db, user.id, customer.id);
    const session = await first.stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: first.monthlyPriceId, quantity: 1 }],
      success_url: `${SITE_URL}/enroll/welcome?session_id={CHECKOUT_SESSION_ID}`,
      metadata: { userId: user.id },
      subscription_data: { metadata: { userId: user.id } },
    });
    expect((await payCheckout(session.url ?? "")).status).toBe(303);
    await syncSubscription(db, first.stripe, customer.id, clock.now());
    expect(await loadMembership(db, user.id, clock.now())).toMatchObject({ member: true, state: "active" });
    await first.close();

    const second = await startBilling();
    expect(second.monthlyPriceId).toBe(first.monthlyPriceId);
    // "Manage membership": the portal for her customer, which answered resource_missing before.
    const portal = await second.stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: `${SITE_URL}/account`,
    });
    const [subscription] = (await second.stripe.subscriptions.list({ customer: customer.id })).data;
    expect(subscription?.status).toBe("active");
    expect((await pressPortalButton(portal.url, subscription?.id ?? "", "pause")).status).toBe(303);
    await syncSubscription(db, second.stripe, customer.id, clock.now());
    expect((await loadMembership(db, user.id, clock.now())).state).toBe("pausing");
  });

  it("keeps the state beside the platform's data: its own folder per PostgreSQL database", async () => {
    await startBilling();
    const folder = stripeLocalStatePath({ dataDir, databaseUrl });
    // Held by the running stand-in, with its journal beside the lock.
    expect(readdirSync(folder)).toEqual(expect.arrayContaining(["stripe-local.lock", "journal-0.ndjson"]));
    expect(stripeLocalStatePath({ dataDir: "/srv/data" })).toBe(join("/srv/data", "stripe-local"));
    expect(
      stripeLocalStatePath({ dataDir: "/srv/data", databaseUrl: "postgres://app:secret@db.internal:6432/academy" }),
    ).toBe(join("/srv/data", "stripe-local-postgres", "db.internal-6432-academy"));
  });

  it("refuses a second platform on the same data, and says what several instances need", async () => {
    await startBilling();
    await expect(
      createStripeBilling({
        secretKey: undefined,
        webhookSecret: undefined,
        monthlyPrice: "membership_monthly",
        webhookUrl: "",
        clock,
        localState: { dataDir, databaseUrl },
      }),
    ).rejects.toThrow(/STRIPE_API_BASE/);
  });
});
