import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSmtpMailer } from "./index.ts";

describe("createSmtpMailer against a real SMTP server", () => {
  const received: ParsedMail[] = [];
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("delivers HTML and text bodies from the configured sender, with extra headers", async () => {
    const mailer = createSmtpMailer(`smtp://127.0.0.1:${port}`, "Coach Robin <coach@example.com>");
    await mailer.send({
      to: "ruth@example.com",
      subject: "Doors are open",
      text: "Plain words",
      html: "<p>Rich <strong>words</strong></p>",
      headers: { "List-Unsubscribe": "<https://academy.example.com/u/abc>" },
    });
    await mailer.close();
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail?.from?.text).toBe('"Coach Robin" <coach@example.com>');
    expect(mail?.to && "text" in mail.to ? mail.to.text : "").toBe("ruth@example.com");
    expect(mail?.subject).toBe("Doors are open");
    expect(mail?.text?.trim()).toBe("Plain words");
    expect(mail?.html).toContain("<strong>words</strong>");
    const unsubscribe = mail?.headerLines.find((line) => line.key === "list-unsubscribe")?.line;
    expect(unsubscribe).toBe("List-Unsubscribe: <https://academy.example.com/u/abc>");
  });

  it("fails loudly when the server cannot be reached, so nothing is silently lost", async () => {
    const mailer = createSmtpMailer("smtp://127.0.0.1:1", "coach@example.com");
    await expect(mailer.send({ to: "a@example.com", subject: "x", text: "x", html: "<p>x</p>" })).rejects.toThrow();
    await mailer.close();
  });
});
