import { describe, expect, it } from "vitest";
import { confirmToken, enrollInviteToken, readConfirmToken, readUnsubscribeToken, unsubscribeToken } from "./links.ts";

const secret = "test-secret-test-secret-test-secret-123";

describe("waitlist confirmation links", () => {
  it("carry the entry and when the confirmation was asked for", () => {
    const requestedAt = new Date("2026-06-01T09:00:00.123Z");
    const token = confirmToken(secret, { entryId: "wl_01abc", requestedAt });
    expect(readConfirmToken(secret, token)).toEqual({ entryId: "wl_01abc", requestedAt });
  });

  it("refuse a changed date, another secret, and the entry's other links", () => {
    const token = confirmToken(secret, { entryId: "wl_01abc", requestedAt: new Date(1_000) });
    expect(readConfirmToken(secret, token.replace(".1000.", ".9000."))).toBeUndefined();
    expect(readConfirmToken("another-secret-another-secret-12345", token)).toBeUndefined();
    expect(readConfirmToken(secret, unsubscribeToken(secret, "wl_01abc"))).toBeUndefined();
    expect(readConfirmToken(secret, enrollInviteToken(secret, "wl_01abc"))).toBeUndefined();
    expect(readUnsubscribeToken(secret, token)).toBeUndefined();
  });
});
