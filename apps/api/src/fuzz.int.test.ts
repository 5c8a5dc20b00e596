import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, signIn, TEST_ADMIN_EMAIL, TEST_SITE_URL, type TestApi } from "./testing.ts";

/** Every table a request could change, with its row count: garbage must leave all of them alone. */
async function countRows(api: TestApi): Promise<string> {
  const tables = [
    "users",
    "sessions",
    "waitlist_entries",
    "enrollment_windows",
    "session_logs",
    "subscriptions",
    "outbox_messages",
    "launch_emails",
  ];
  const counts = await Promise.all(
    tables.map(async (table) => {
      const result = await api.services.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
      return JSON.stringify(result);
    }),
  );
  return counts.join("|");
}

const endpoints = [
  "/api/waitlist",
  "/api/waitlist/unsubscribe",
  "/api/waitlist/confirm",
  "/api/auth/sign-in",
  "/api/auth/verify-link",
  "/api/auth/verify-code",
  "/api/auth/sign-out-everywhere",
  "/api/enroll",
  "/api/account/delete",
  "/api/training/profile",
  "/api/training/logs",
  "/api/training/lessons/x/complete",
  "/api/admin/windows",
  "/api/billing/webhook",
];

/** Text with what no field may hold mixed in: NUL bytes and halves of surrogate pairs. */
const poisonedText = fc
  .tuple(fc.string({ maxLength: 20 }), fc.constantFrom("\u0000", "\ud83c", "\udfc3"), fc.string({ maxLength: 20 }))
  .map((parts) => parts.join(""));

/** Plausible fields of our forms, one of them poisoned. */
const poisonedFields = fc
  .tuple(fc.constantFrom("email", "firstName", "source", "code", "token", "confirm", "name", "returnTo"), poisonedText)
  .map(([field, value]) => ({ email: "poison@example.com", [field]: value }));

/** A body as an attacker or a broken client might send it: any JSON, a mangled form, poisoned text, or raw bytes. */
const garbageBody = fc.oneof(
  poisonedFields.map((fields) => ({ type: "application/json", body: JSON.stringify(fields) })),
  poisonedFields.map((fields) => ({
    type: "application/x-www-form-urlencoded",
    body: new URLSearchParams(fields).toString(),
  })),
  fc.jsonValue().map((value) => ({ type: "application/json", body: JSON.stringify(value) })),
  fc.string().map((text) => ({ type: "application/json", body: text })),
  fc
    .dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 40 }), { maxKeys: 6 })
    .map((fields) => ({ type: "application/x-www-form-urlencoded", body: new URLSearchParams(fields).toString() })),
  fc.string({ maxLength: 200 }).map((text) => ({ type: "text/plain", body: text })),
  fc
    .uint8Array({ maxLength: 200 })
    .map((bytes) => ({ type: "application/octet-stream", body: Buffer.from(bytes).toString("latin1") })),
);

describe("every endpoint under garbage input", () => {
  let api: TestApi;
  let cookies: { label: string; cookie: string }[];
  beforeAll(async () => {
    api = await createTestApi();
    cookies = [
      { label: "visitor", cookie: "" },
      { label: "member-less reader", cookie: await signIn(api, "fuzz-reader@example.com") },
      { label: "coach", cookie: await signIn(api, TEST_ADMIN_EMAIL) },
    ];
  });
  afterAll(() => api.close());

  it("never answers 5xx and never changes data when it refuses", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        garbageBody,
        fc.constantFrom(0, 1, 2),
        async (path, { type, body }, who) => {
          // A join or confirmation accepted just before sends its email in the background: let it land first.
          await api.services.welcomeEmails.flush();
          const before = await countRows(api);
          const response = await api.app.request(path, {
            method: "POST",
            headers: { "content-type": type, origin: TEST_SITE_URL, cookie: cookies[who]?.cookie ?? "" },
            body,
          });
          expect(response.status, `${path} answered ${response.status} to ${type} ${body.slice(0, 80)}`).toBeLessThan(
            500,
          );
          if (response.status >= 400) expect(await countRows(api)).toBe(before);
          const text = await response.text();
          if (response.status >= 400 && response.headers.get("content-type")?.includes("json")) {
            expect(JSON.parse(text).error.message).toMatch(/\w/);
          }
        },
      ),
      { numRuns: 400, seed: 20261125 },
    );
  }, 120_000);
});
