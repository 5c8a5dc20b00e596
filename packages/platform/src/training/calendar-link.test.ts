import { describe, expect, it } from "vitest";
import { openCalendarLink, sealCalendarLink } from "./calendar-link.ts";

const secret = "a-secret-of-at-least-thirty-two-characters";
const siteUrl = "https://coach.example";
const url = `${siteUrl}/api/calendar/abcdefghijklmnopqrstuvwx.ics`;
const now = new Date("2026-03-02T08:00:00Z");
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe("her new calendar link, handed to the dashboard once", () => {
  it("shows the link this server sealed, for the next two minutes only", () => {
    const sealed = sealCalendarLink(secret, url, now);
    expect(sealed).not.toContain("?");
    expect(openCalendarLink(secret, sealed, { siteUrl, now: later(5) })).toBe(url);
    expect(openCalendarLink(secret, sealed, { siteUrl, now: later(121) })).toBeUndefined();
  });

  it("shows nothing sealed with another secret, edited, or pointing elsewhere", () => {
    const sealed = sealCalendarLink(secret, url, now);
    expect(openCalendarLink("another-secret-of-thirty-two-chars!", sealed, { siteUrl, now })).toBeUndefined();
    expect(openCalendarLink(secret, sealed.replace("abcdef", "zzzzzz"), { siteUrl, now })).toBeUndefined();
    for (const other of [
      "https://evil.example/api/calendar/abcdefghijklmnopqrstuvwx.ics",
      `${siteUrl}/api/calendar/../../account.ics`,
      `${siteUrl}.evil.example/api/calendar/abcdefghijklmnopqrstuvwx.ics`,
    ]) {
      expect(openCalendarLink(secret, sealCalendarLink(secret, other, now), { siteUrl, now })).toBeUndefined();
    }
    expect(openCalendarLink(secret, undefined, { siteUrl, now })).toBeUndefined();
  });
});
