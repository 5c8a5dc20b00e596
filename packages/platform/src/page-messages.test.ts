import { describe, expect, it } from "vitest";
import { readPageMessage, signPageMessage } from "./page-messages.ts";

const secret = "a-secret-of-at-least-thirty-two-characters";
const page = (query: Record<string, string>) => new URL(`https://coach.example/sign-in?${new URLSearchParams(query)}`);

describe("messages in a page's address", () => {
  it("shows a message the server signed", () => {
    const signed = signPageMessage(secret, "error", "That code is not right. Check the email and try again.");
    expect(readPageMessage(secret, page({ error: signed }), "error")).toBe(
      "That code is not right. Check the email and try again.",
    );
  });

  it("shows nothing for words someone else put in the link", () => {
    expect(readPageMessage(secret, page({ error: "Your account is locked. Call +1 555 0100." }), "error")).toBe(
      undefined,
    );
    const signedAsNotice = signPageMessage(secret, "notice", "Saved.");
    expect(readPageMessage(secret, page({ error: signedAsNotice }), "error")).toBe(undefined);
    expect(readPageMessage("another-secret-of-thirty-two-chars!", page({ notice: signedAsNotice }), "notice")).toBe(
      undefined,
    );
  });
});
