import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { listLessons, readArticlePhrase } from "./support/lessons.ts";
import { uniqueEmail } from "./support/mailbox.ts";
import { enrollAndPay } from "./support/membership.ts";
import { readStaticOutput } from "./support/static-output.ts";
import { expect, test } from "./support/test.ts";

const lessons = listLessons();
// Open on her first day, with Strength A as its workout.
const breathing = findLesson("breathing-and-pressure");

test("a signed-out visitor gets a lesson's teaser and the way in, never its body", async ({ page, request }) => {
  for (const lesson of lessons) {
    const response = await request.get(lesson.url);
    expect(response.status(), lesson.url).toBe(200);
    const html = await response.text();
    expect(html, lesson.url).toContain(lesson.title);
    expect(html, lesson.url).not.toContain(lesson.bodyPhrase);
  }

  await page.goto(breathing.url);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(breathing.title);
  await expect(page.getByText(breathing.description)).toBeVisible();
  await expect(page.getByRole("heading", { name: "This lesson is for members" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Join the waitlist" })).toHaveAttribute("href", "/join");
  await page.getByRole("link", { name: "Members: sign in" }).click();
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Fcourses%2Fstrong-runner-foundations%2Fbreathing-and-pressure$/);
});

test("no lesson text is in the static site, the feed, the sitemap or the search index", async ({ page, request }) => {
  const output = readStaticOutput();
  // The scan reads the search index: an article's words are found in it.
  const articlePhrase = readArticlePhrase("easy-running-effort-talk-test");
  expect(output.some((file) => file.path.startsWith("pagefind/") && file.text.includes(articlePhrase))).toBe(true);
  for (const lesson of lessons) {
    const leaks = output.filter((file) => file.text.includes(lesson.bodyPhrase)).map((file) => file.path);
    expect(leaks, lesson.slug).toEqual([]);
  }

  for (const path of ["/rss.xml", "/sitemap.xml"]) {
    const text = await (await request.get(path)).text();
    expect(text).toContain("/articles/");
    expect(text).not.toContain("/courses/");
  }

  await page.goto("/search");
  await page.getByLabel("What would you like to read about?").fill(breathing.bodyPhrase);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("status")).toHaveText(/No articles match/);
});

test.describe("a member on her phone", () => {
  test.use({ viewport: { width: 360, height: 780 } });

  test("opens a lesson, sets up her week, logs a strength session and sees her next load and her volume", async ({
    page,
    openWindow,
    request,
  }) => {
    // Lesson videos ask nothing of YouTube or Vimeo before she presses play (see the end of the lesson below).
    const videoHosts =
      /^https:\/\/([a-z0-9-]+\.)*(youtube-nocookie\.com|youtube\.com|ytimg\.com|vimeo\.com|vimeocdn\.com)\//;
    const videoRequests: string[] = [];
    page.on("request", (request) => {
      if (videoHosts.test(request.url())) videoRequests.push(request.url());
    });
    await page.route("https://www.youtube-nocookie.com/embed/**", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: '<!doctype html><html lang="en"><title>Player</title><p>The YouTube player</p></html>',
      }),
    );
    await openWindow();
    await enrollAndPay(page, uniqueEmail("member"));

    // A signed-out visitor just had the teaser (the server keeps it a few seconds for the next visitor):
    // the member still gets her own page with the body, and the teaser never gets the body.
    const teaser = await request.get(breathing.url);
    expect(await teaser.text()).not.toContain(breathing.bodyPhrase);
    await page.goto(breathing.url);
    await expect(page.getByText(breathing.bodyPhrase)).toBeVisible();
    expect(await (await request.get(breathing.url)).text()).not.toContain(breathing.bodyPhrase);

    // First time: a short set-up inside the lesson's "Your week".
    const week = page.locator("#this-week");
    for (const day of ["Monday", "Tuesday", "Thursday", "Saturday", "Sunday"]) await week.getByLabel(day).check();
    await week.getByLabel("Coming back to it").check();
    await week.getByLabel("Minutes you run in a typical week").fill("60");
    await week.getByRole("button", { name: "Build my plan" }).click();

    await expect(week.getByText(/^Week 1 of 12 · Foundation/)).toBeVisible();
    await expect(week.getByRole("article")).toHaveCount(5);
    const strengthB = week.getByRole("article").filter({ has: page.getByRole("heading", { name: "Strength B" }) });
    await expect(exercise(strengthB, "Dumbbell Romanian deadlift")).toContainText("Choose a challenging but safe load");

    // The workout in the lesson: her Strength A with the log form right there. Top of the range on every set.
    const form = page.getByRole("form", { name: "Log Strength A", exact: true });
    await fillSets(form.getByRole("group", { name: "90/90 breathing with reach" }), { reps: "8" });
    await fillSets(form.getByRole("group", { name: "Dumbbell split squat" }), { reps: "20", kg: "10" });
    await fillSets(form.getByRole("group", { name: "Dumbbell Romanian deadlift" }), { reps: "20", kg: "12" });
    await fillSets(form.getByRole("group", { name: "Single-leg calf raise" }), { reps: "20", kg: "8" });
    await form.getByLabel("Effort (RPE 1–10)").fill("7");
    await form.getByRole("button", { name: "Log Strength A" }).click();

    const logged = page.getByRole("status").filter({ hasText: "Logged ✓" });
    await expect(logged).toBeVisible();
    await expect(logged).toContainText("Dumbbell Romanian deadlift: 14.5 kg");
    // Her next session follows from it: Strength B's deadlift now carries the added load, with the reason.
    await expect(exercise(strengthB, "Dumbbell Romanian deadlift")).toContainText("14.5 kg");
    await expect(exercise(strengthB, "Dumbbell Romanian deadlift")).toContainText(
      "You hit 20 reps on every set at 3 RIR last time: add 2.5 kg",
    );
    await expect(
      week.getByRole("article").filter({ has: page.getByRole("heading", { name: "Strength A" }) }),
    ).toContainText("Done ✓");

    expect(await findAccessibilityProblems(page)).toEqual([]);

    // The lesson's video: a poster until she presses play, then YouTube's privacy-enhanced player in a frame that
    // the page's Content Security Policy allows (a refused frame would fail the test).
    expect(videoRequests).toEqual([]);
    await page
      .getByRole("button", { name: "Play video: 90/90 breathing with reach, one full rep from the side" })
      .click();
    const player = page.frameLocator('iframe[title="90/90 breathing with reach, one full rep from the side"]');
    await expect(player.getByText("The YouTube player")).toBeVisible();
    expect(videoRequests).toEqual(["https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1&rel=0"]);

    await page.getByRole("button", { name: "Mark complete" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Lesson complete ✓" })).toContainText(
      "Next: Hip Internal Rotation",
    );

    // The dashboard: this week's volume in the chart (40 minutes at effort 7 is a strength load of 280).
    await page.goto("/dashboard");
    await expect(page.getByText("This week: 1 of 5 sessions done")).toBeVisible();
    const chart = page.getByRole("img", { name: /Weekly training load, running and strength/ });
    await expect(chart).toBeVisible();
    await expect(chart.locator("desc")).toContainText("This week (plan week 1): running 0 minutes");
    await expect(chart.locator("desc")).toContainText("strength 6 hard sets, load 280");
    const thisWeekBar = chart.locator('[data-week="current"] [data-kind="strength"]');
    expect((await thisWeekBar.boundingBox())?.height ?? 0).toBeGreaterThan(10);

    expect(await findAccessibilityProblems(page)).toEqual([]);

    // Her calendar: a secret link, shown once and never in the address (her history keeps addresses), that serves
    // her plan; a button copies it.
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.getByRole("button", { name: "Create my calendar link" }).click();
    const calendarUrl = await page.getByLabel("Calendar link").inputValue();
    expect(page.url()).not.toContain("calendar=");
    await page.getByRole("button", { name: "Copy link" }).click();
    await expect(page.getByText("Copied.")).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(calendarUrl);
    const feed = await page.request.get(calendarUrl);
    expect(feed.headers()["content-type"]).toContain("text/calendar");
    expect(await feed.text()).toContain("SUMMARY:Strength B");
    await page.reload();
    await expect(page.getByRole("button", { name: "Make a new calendar link" })).toBeVisible();
    await expect(page.getByLabel("Calendar link")).toHaveCount(0);
  });
});

function findLesson(slug: string) {
  const lesson = lessons.find((candidate) => candidate.slug === slug);
  if (!lesson) throw new Error(`There is no lesson ${slug} in content/courses`);
  return lesson;
}

/** What axe finds wrong on the page, with every "Log this session" form unfolded. */
async function findAccessibilityProblems(page: Page): Promise<string[]> {
  await page.evaluate(() => {
    for (const details of document.querySelectorAll("details")) details.open = true;
  });
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((violation) => `${violation.id}: ${violation.help}`);
}

/** One exercise of a session card, by its name. */
function exercise(session: Locator, name: string): Locator {
  return session.getByRole("listitem").filter({ hasText: name });
}

/** Fills every set of one exercise in a log form. */
async function fillSets(group: Locator, values: { reps: string; kg?: string }) {
  for (const set of [1, 2]) {
    await group.getByLabel(`Set ${set} Reps`).fill(values.reps);
    if (values.kg) await group.getByLabel(`Set ${set} Load (kg)`).fill(values.kg);
  }
}
