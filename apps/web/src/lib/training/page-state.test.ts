import { signPageMessage } from "@academy/platform/page-messages";
import { describe, expect, it } from "vitest";
import { buildReturnPath, readTrainingNotices } from "./page-state.ts";

const secret = "a-secret-of-at-least-thirty-two-characters";
const signed = (param: string, message: string) => encodeURIComponent(signPageMessage(secret, param, message));

describe("readTrainingNotices", () => {
  it("reads what the training API sent her back with", () => {
    const url = new URL(
      `http://x/courses/c/l?in=workout&logged=w1-strength-a&plan_error=${signed("plan_error", "Choose 2 to 6 days.")}`,
    );
    expect(readTrainingNotices(url, secret)).toEqual({
      formName: "workout",
      logged: "w1-strength-a",
      planError: "Choose 2 to 6 days.",
    });
    const error = new URL(
      `http://x/dashboard?in=week&log_error=${signed("log_error", "Check minutes: enter a number.")}&log_session=w1-run-1`,
    );
    expect(readTrainingNotices(error, secret).logError).toEqual({
      message: "Check minutes: enter a number.",
      sessionId: "w1-run-1",
    });
  });

  it("ignores values that are not a session or a form of the page", () => {
    const url = new URL(
      `http://x/dashboard?in=<script>&logged="><b>&log_error=${signed("log_error", "Oops")}&log_session=../../x`,
    );
    expect(readTrainingNotices(url, secret)).toEqual({ logError: { message: "Oops" } });
  });

  it("shows no message that the API did not write", () => {
    const url = new URL("http://x/dashboard?log_error=Your+plan+is+cancelled.+Call+us.&plan_error=Pay+again+here.");
    expect(readTrainingNotices(url, secret)).toEqual({});
  });
});

describe("buildReturnPath", () => {
  it("adds what the page should say when she comes back", () => {
    expect(buildReturnPath("/courses/c/l", { logged: "w1-run-1", in: "week" })).toBe(
      "/courses/c/l?logged=w1-run-1&in=week",
    );
    expect(buildReturnPath("/dashboard")).toBe("/dashboard");
  });
});
