import { fileURLToPath } from "node:url";
import type { EnrollmentWindowRow } from "@academy/db/queries/enrollment";
import { describe, expect, it } from "vitest";
import { renderLaunchFor } from "../launch/launches.ts";
import { loadSite } from "../site/index.ts";
import { loadEmails } from "./catalog.ts";
import { LAUNCH_EMAIL_KINDS } from "./launch.ts";
import { waitlistConfirmationEmail, waitlistWelcomeEmail } from "./waitlist.ts";

const window: EnrollmentWindowRow = {
  id: "win_test",
  // The coach's own label for the window: buyers never see it.
  name: "Sample enrollment",
  priorityOpensAt: new Date("2027-03-17T16:00:00Z"),
  publicOpensAt: new Date("2027-03-19T16:00:00Z"),
  closesAt: new Date("2027-03-24T16:00:00Z"),
  timeZone: "America/Denver",
  capacity: null,
  cancelledAt: null,
  createdAt: new Date("2027-01-01T00:00:00Z"),
  updatedAt: new Date("2027-01-01T00:00:00Z"),
};
const contentDir = fileURLToPath(new URL("../../../../content", import.meta.url));
const emails = loadEmails({ contentDir, site: loadSite(contentDir), siteUrl: "https://academy.example" });
const services = { siteUrl: "https://academy.example", appSecret: "test-secret-test-secret-test-secret-123", emails };

describe("launch emails", () => {
  it("never show the window's internal name, and greet her by name or with a plain Hello", () => {
    for (const kind of LAUNCH_EMAIL_KINDS) {
      const anonymous = renderLaunchFor(services, window, kind, {
        entryId: "wl_1",
        email: "a@example.com",
        firstName: null,
      });
      const named = renderLaunchFor(services, window, kind, {
        entryId: "wl_2",
        email: "b@example.com",
        firstName: "Ana",
      });
      for (const message of [anonymous, named]) {
        expect(`${message.subject} ${message.text} ${message.html}`).not.toContain("Sample enrollment");
      }
      expect(anonymous.text.startsWith("Hello,\n")).toBe(true);
      expect(named.text.startsWith("Hi Ana,\n")).toBe(true);
    }
  });
});

describe("waitlist emails", () => {
  it("say Hello, never a bare Hi, when they greet nobody by name", () => {
    const links = {
      unsubscribePage: "https://academy.example/u",
      unsubscribeEndpoint: "https://academy.example/api/u",
    };
    const welcome = waitlistWelcomeEmail(emails, { to: "a@example.com", firstName: undefined, ...links });
    const confirm = waitlistConfirmationEmail(emails, {
      to: "a@example.com",
      confirmLink: "https://academy.example/c",
      validDays: 7,
    });
    for (const message of [welcome, confirm]) {
      expect(message.text.startsWith("Hello,\n")).toBe(true);
      expect(message.html).toContain(">Hello,</p>");
      expect(message.text).not.toMatch(/\bHi,/);
    }
    expect(
      waitlistWelcomeEmail(emails, { to: "a@example.com", firstName: "Ana", ...links }).text.startsWith("Hi Ana,\n"),
    ).toBe(true);
  });
});
