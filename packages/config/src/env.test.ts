import { describe, expect, it } from "vitest";
import { z } from "zod";
import { commaList, EnvError, httpUrl, loadEnv, port } from "./env.ts";

describe("loadEnv", () => {
  const shape = { PORT: port(4321), SITE_URL: httpUrl().default("http://localhost:4321"), ADMINS: commaList() };

  it("applies defaults and coerces values", () => {
    expect(loadEnv(shape, { PORT: "8080", ADMINS: " a@x.co, ,b@x.co " })).toEqual({
      PORT: 8080,
      SITE_URL: "http://localhost:4321",
      ADMINS: ["a@x.co", "b@x.co"],
    });
  });

  it("treats an empty value as unset", () => {
    expect(loadEnv(shape, { PORT: "  " }).PORT).toBe(4321);
  });

  it.each([
    [{ PORT: "99999" }, 'Invalid environment variable PORT: expected a port number from 1 to 65535 (got "99999").'],
    [{ PORT: "web" }, 'Invalid environment variable PORT: expected a port number from 1 to 65535 (got "web").'],
    [
      { SITE_URL: "ftp://x" },
      'Invalid environment variable SITE_URL: expected an absolute http:// or https:// URL (got "ftp://x").',
    ],
  ])("stops with one line naming the variable for %j", (source, message) => {
    expect(() => loadEnv(shape, source)).toThrow(new EnvError(message));
    try {
      loadEnv(shape, source);
    } catch (error) {
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("says when a required variable is missing", () => {
    expect(() => loadEnv({ SECRET: z.string({ error: "expected a secret" }) }, {})).toThrow(
      "Invalid environment variable SECRET: expected a secret (it is not set).",
    );
  });
});
