import { describe, expect, it } from "vitest";
import { createLogger, maskEmails } from "./logger.ts";

const ANY_ADDRESS = /[\w.+-]+@[\w-]+\.[\w.-]+/;

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: "info", format: "json", destination: { write: (line) => lines.push(line) } });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe("the logger", () => {
  it("writes one JSON object per line, with level, time and message", () => {
    const { logger, lines, parsed } = capture();
    logger.info({ queue: "launch" }, "worker started");
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith("\n")).toBe(true);
    expect(parsed()[0]).toMatchObject({ level: 30, msg: "worker started", queue: "launch" });
    expect(typeof parsed()[0]?.time).toBe("string");
  });

  it("masks email addresses in messages, fields, nested objects and errors", () => {
    const { logger, lines } = capture();
    const error = new Error("SMTP refused Ruth.Baker@Example.com");
    logger.error(
      {
        err: error,
        email: "ruth@example.com",
        to: ["a.b+c@mail.example.co.uk"],
        nested: { who: "x ruth@example.com" },
      },
      "welcome to %s failed",
      "ruth@example.com",
    );
    const [line = ""] = lines;
    // The stack's file paths (`vitest@5.1.1`) have an @ too: look for the addresses themselves.
    expect(line).not.toMatch(/ruth|baker|a\.b\+c/i);
    expect(line).toContain("[email]");
    expect(line).toContain("SMTP refused [email]");
    expect(JSON.parse(line)).toMatchObject({ msg: "welcome to [email] failed", err: { type: "Error" } });
  });

  it("never writes cookies, authorization or Stripe signatures, nor fields named like secrets", () => {
    const { logger, lines } = capture();
    logger.info(
      {
        req: {
          headers: {
            cookie: "__Host-session=abc.def",
            authorization: "Bearer tok_123",
            "stripe-signature": "t=1,v1=sig",
          },
        },
        headers: { cookie: "browser=xyz" },
        appSecret: "s3cr3t-s3cr3t",
        user: { password: "hunter2", token: "tkn-1" },
      },
      "request",
    );
    const [line = ""] = lines;
    for (const secret of ["abc.def", "tok_123", "v1=sig", "browser=xyz", "s3cr3t", "hunter2", "tkn-1"]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain("[redacted]");
  });

  it("masks addresses in a child logger's bindings", () => {
    const { logger, lines } = capture();
    logger.child({ customer: "ruth@example.com" }).info("synced");
    expect(lines[0]).not.toMatch(ANY_ADDRESS);
    expect(lines[0]).toContain('"customer":"[email]"');
  });

  it("leaves text without an address alone", () => {
    expect(maskEmails("GET /api/health 200 in 3 ms")).toBe("GET /api/health 200 in 3 ms");
    expect(maskEmails("to ruth@example.com and joe@example.org")).toBe("to [email] and [email]");
  });
});
