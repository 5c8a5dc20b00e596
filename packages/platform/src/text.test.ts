import { describe, expect, it } from "vitest";
import { hasUnreadableText, unreadableTextMessage } from "./text.ts";

describe("unreadable text", () => {
  it.each([
    ["a NUL byte", "Ann\u0000"],
    ["a lone high surrogate", "Ann \ud83c"],
    ["a lone low surrogate", "\udfc3 Ann"],
    ["surrogates in the wrong order", "\udfc3\ud83c"],
  ])("finds %s", (_, value) => {
    expect(hasUnreadableText(value)).toBe(true);
  });

  it("lets every real character through, emoji included", () => {
    expect(hasUnreadableText("Ann-Marie Ó Súilleabháin 🏃‍♀️ 東京")).toBe(false);
  });

  it("names the field in words", () => {
    expect(unreadableTextMessage("firstName")).toBe(
      "Remove the invisible or broken character from the first name field and try again.",
    );
  });
});
