import { describe, expect, it } from "vitest";
import { describeCourseProgress, findLessonNeighbours, type LessonSummary } from "./course-progress.ts";

const lesson = (slug: string, order: number, dripDays: number): LessonSummary => ({
  slug,
  title: `Lesson ${slug}`,
  description: "A lesson.",
  order,
  dripDays,
  durationMinutes: 8,
});
const lessons = [lesson("welcome", 1, 0), lesson("breathing", 2, 0), lesson("hips", 3, 3), lesson("squat", 4, 7)];

describe("describeCourseProgress", () => {
  it("opens each lesson dripDays after her start date and points at the first open one she hasn't done", () => {
    const progress = describeCourseProgress(lessons, {
      startDate: "2026-03-02",
      today: "2026-03-05",
      completed: new Set(["welcome"]),
    });
    expect(
      progress.lessons.map(({ slug, opensOn, locked, completed }) => ({ slug, opensOn, locked, completed })),
    ).toEqual([
      { slug: "welcome", opensOn: "2026-03-02", locked: false, completed: true },
      { slug: "breathing", opensOn: "2026-03-02", locked: false, completed: false },
      { slug: "hips", opensOn: "2026-03-05", locked: false, completed: false },
      { slug: "squat", opensOn: "2026-03-09", locked: true, completed: false },
    ]);
    expect(progress.completedCount).toBe(1);
    expect(progress.next?.slug).toBe("breathing");
  });

  it("points at the next lesson to open once she has done every open one, and at none when all are done", () => {
    const facts = { startDate: "2026-03-02", today: "2026-03-05" };
    const opened = describeCourseProgress(lessons, { ...facts, completed: new Set(["welcome", "breathing", "hips"]) });
    expect(opened.next).toMatchObject({ slug: "squat", locked: true, opensOn: "2026-03-09" });
    const finished = describeCourseProgress(lessons, {
      ...facts,
      completed: new Set(lessons.map((item) => item.slug)),
    });
    expect(finished.next).toBeUndefined();
  });
});

describe("findLessonNeighbours", () => {
  it("finds the lessons either side, in the course's order", () => {
    expect(findLessonNeighbours(lessons, "welcome")).toEqual({ next: lessons[1] });
    expect(findLessonNeighbours(lessons, "hips")).toEqual({ previous: lessons[1], next: lessons[3] });
    expect(findLessonNeighbours(lessons, "squat")).toEqual({ previous: lessons[2] });
    expect(findLessonNeighbours(lessons, "nope")).toEqual({});
  });
});
