import { type Browser, expect } from "@playwright/test";
import { signInWithCode } from "./mailbox.ts";

/** Wall-clock "YYYY-MM-DDTHH:MM:SS" in UTC, `offsetMs` from now. */
export function utcWallTime(offsetMs: number): string {
  return new Date(Date.now() + offsetMs).toISOString().slice(0, 19);
}

/**
 * Has the coach open an enrollment window that is public right now, and returns a function that
 * cancels it again (windows must not overlap, so every test that opens one closes it).
 */
export async function openPublicWindow(browser: Browser): Promise<() => Promise<void>> {
  const context = await browser.newContext();
  const coach = await context.newPage();
  await signInWithCode(coach, "coach@example.com");
  const origin = new URL(coach.url()).origin;
  const response = await coach.request.post("/api/admin/windows", {
    headers: { origin },
    data: {
      name: `Open now ${Date.now()}`,
      timeZone: "UTC",
      priorityOpensAt: utcWallTime(-2 * 3_600_000),
      publicOpensAt: utcWallTime(-3_600_000),
      closesAt: utcWallTime(86_400_000),
    },
  });
  expect(response.status()).toBe(201);
  const { window } = await response.json();
  return async () => {
    await coach.request.post(`/api/admin/windows/${window.id}/cancel`, { headers: { origin } });
    await context.close();
  };
}
