import { describe, expect, it } from "vitest";
import { listUnsubscribeHeaders } from "./list-unsubscribe.ts";
import { mayReceive } from "./send-policy.ts";

describe("who may receive what", () => {
  it("skips every suppressed address for bulk email", () => {
    for (const reason of ["hard_bounce", "complaint", "unsubscribed", "cleaned", "manual"] as const) {
      expect(mayReceive("bulk", reason)).toBe(false);
    }
    expect(mayReceive("bulk", undefined)).toBe(true);
  });

  it("lets someone who unsubscribed confirm a new join, but not an address that bounced or complained", () => {
    expect(mayReceive("confirmation", "unsubscribed")).toBe(true);
    expect(mayReceive("confirmation", "hard_bounce")).toBe(false);
    expect(mayReceive("confirmation", "complaint")).toBe(false);
  });

  it("always sends what she asked for this minute: a complaint never locks her out of signing in", () => {
    for (const reason of ["hard_bounce", "complaint", "unsubscribed", "cleaned", "manual"] as const) {
      expect(mayReceive("requested", reason)).toBe(true);
    }
  });
});

describe("one-click unsubscribe headers (RFC 8058)", () => {
  const endpoint = "https://academy.example/api/waitlist/unsubscribe?token=abc.def";

  it("offers the https endpoint first and the one-click POST, with a mailto only when configured", () => {
    expect(listUnsubscribeHeaders({ endpoint })).toEqual({
      "List-Unsubscribe": `<${endpoint}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    const withMailto = listUnsubscribeHeaders({ endpoint, mailto: "leave@academy.example" })["List-Unsubscribe"];
    expect(withMailto).toMatch(
      /^<https:\/\/academy\.example\/api\/waitlist\/unsubscribe\?token=abc\.def>, <mailto:leave@academy\.example\?subject=unsubscribe%20https/,
    );
  });
});
