import { describe, expect, it } from "vitest";
import { signValue, verifySignedValue } from "./signed-links.ts";

describe("signed links", () => {
  const secret = "a-long-test-secret-of-at-least-32-chars";

  it("gives back the value it signed", () => {
    const token = signValue(secret, "unsubscribe", "wl_01abc");
    expect(token.startsWith("wl_01abc.")).toBe(true);
    expect(verifySignedValue(secret, "unsubscribe", token)).toBe("wl_01abc");
  });

  it("refuses a changed value, another purpose, another secret and garbage", () => {
    const token = signValue(secret, "unsubscribe", "wl_01abc");
    expect(verifySignedValue(secret, "unsubscribe", token.replace("wl_01abc", "wl_01abd"))).toBeUndefined();
    expect(verifySignedValue(secret, "enroll", token)).toBeUndefined();
    expect(verifySignedValue(`${secret}!`, "unsubscribe", token)).toBeUndefined();
    expect(verifySignedValue(secret, "unsubscribe", "nodot")).toBeUndefined();
    expect(verifySignedValue(secret, "unsubscribe", ".sig")).toBeUndefined();
  });
});
