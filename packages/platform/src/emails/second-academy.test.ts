/**
 * The second-academy test, for email: every email the platform sends, written in `fixtures/second-academy` and sent
 * through a real SMTP server from that academy's sender, carries none of the sample academy's names, addresses,
 * links or colours (the site's build is checked the same way in apps/web/src/second-academy.build.test.ts).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSmtpMailer } from "@academy/mail";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { brandTraitsOf, loadSite } from "../site/index.ts";
import { loadEmails } from "./catalog.ts";
import { EMAIL_DEFINITIONS, EMAIL_NAMES, type EmailName } from "./registry.ts";
import { senderOf } from "./sender.ts";

const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const fixtureDir = join(repositoryRoot, "fixtures/second-academy");
const sample = loadSite(join(repositoryRoot, "content"));
const second = loadSite(fixtureDir);
const SITE_URL = "https://harbourhill.example";

/** A value for every variable of an email: her links on the second academy's site, her name, its own names. */
function valuesFor(name: EmailName): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [variable, definition] of Object.entries(EMAIL_DEFINITIONS[name].variables)) {
    if (variable === "academyName") values[variable] = second.academy.name;
    else if (variable === "coachName") values[variable] = second.coach.name;
    else if (variable === "greeting") values[variable] = "Hi Ruth,";
    else if (variable === "firstName") values[variable] = "Ruth";
    else if (definition.kind === "link") values[variable] = `${SITE_URL}/${variable}?token=t0k3n`;
    else values[variable] = `${variable}-value`;
  }
  return values;
}

describe("every email of a second academy, sent through SMTP", () => {
  const received: string[] = [];
  let server: SMTPServer;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          received.push(Buffer.concat(chunks).toString("utf8"));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.server.address() as { port: number };
    const emails = loadEmails({ contentDir: fixtureDir, site: second, siteUrl: SITE_URL });
    const mailer = createSmtpMailer(`smtp://127.0.0.1:${port}`, senderOf(second));
    for (const name of EMAIL_NAMES) {
      const unsubscribe = EMAIL_DEFINITIONS[name].bulk
        ? { page: `${SITE_URL}/unsubscribe?token=u`, endpoint: `${SITE_URL}/api/waitlist/unsubscribe?token=u` }
        : undefined;
      await mailer.send(emails.message(name, "ruth@example.com", valuesFor(name), unsubscribe));
    }
    await mailer.close();
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends each email, from the second academy's sender, in its brand", () => {
    expect(received).toHaveLength(EMAIL_NAMES.length);
    for (const message of received) {
      // Nodemailer quotes the name only when it must.
      expect(message).toMatch(new RegExp(`^From: "?${second.sender.name}"? <${second.sender.address}>`, "m"));
      expect(message).toContain(second.colors.light.primary);
    }
  });

  it("leaves no trace of the sample academy in any header, HTML or text part", () => {
    // Quoted-printable and soft line breaks undone, so a name split across lines is still found.
    const decoded = received.map((message) =>
      message
        .replace(/=\r?\n/g, "")
        .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16))),
    );
    const traces = brandTraitsOf(sample).flatMap(({ label, pattern }) =>
      decoded.flatMap((message, index) =>
        pattern.test(message) ? [`${EMAIL_NAMES[index]}: ${label} (${pattern.source})`] : [],
      ),
    );
    expect(traces).toEqual([]);
  });
});
