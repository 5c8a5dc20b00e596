import { describe, expect, it } from "vitest";
import { canOpenDevMailbox } from "./dev-mailbox.ts";

const development = { development: true };
const local = (overrides: { clientAddress?: string; host?: string; headers?: Record<string, string> } = {}) => ({
  clientAddress: overrides.clientAddress ?? "127.0.0.1",
  url: new URL(`http://${overrides.host ?? "localhost:4321"}/dev/mail`),
  headers: new Headers(overrides.headers ?? {}),
});

describe("the development mailbox", () => {
  it("opens to a browser on this machine", () => {
    expect(canOpenDevMailbox(development, local())).toBe(true);
    expect(canOpenDevMailbox(development, local({ clientAddress: "::1", host: "[::1]:4321" }))).toBe(true);
    expect(canOpenDevMailbox(development, local({ clientAddress: "::ffff:127.0.0.1", host: "127.0.0.1:4321" }))).toBe(
      true,
    );
  });

  it("never opens in production, even on this machine", () => {
    expect(canOpenDevMailbox({ development: false }, local())).toBe(false);
  });

  it.each([
    ["another machine", local({ clientAddress: "203.0.113.9" })],
    ["a request through a proxy on this machine", local({ headers: { "x-forwarded-for": "203.0.113.9" } })],
    ["a request with a Forwarded header", local({ headers: { forwarded: "for=203.0.113.9" } })],
    ["a page of another site rebinding its name to loopback", local({ host: "evil.example:4321" })],
  ])("stays shut to %s", (_, request) => {
    expect(canOpenDevMailbox(development, request)).toBe(false);
  });
});
