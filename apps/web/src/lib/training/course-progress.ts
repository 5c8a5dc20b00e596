/**
 * A member's way through a course: which lessons are open (drip: `dripDays` after her start date), which she has
 * completed, the next one to read, and a lesson's neighbours. Pure: the dates come in as arguments.
 */
import { addDays, type IsoDate } from "@academy/programming";

export interface LessonSummary {
  slug: string;
  title: string;
  description: string;
  order: number;
  dripDays: number;
  durationMinutes: number;
}

export interface LessonProgress extends LessonSummary {
  /** The day it opens for her. */
  opensOn: IsoDate;
  locked: boolean;
  completed: boolean;
}

export interface CourseProgress {
  lessons: LessonProgress[];
  completedCount: number;
  /** The first open lesson she hasn't completed, else the next one to open; undefined once all are done. */
  next?: LessonProgress;
}

/**
 * `lessons` in the course's order. Drip counts from `startDate`: her plan's start date, or the day she joined
 * before she has set up a plan.
 */
export function describeCourseProgress(
  lessons: readonly LessonSummary[],
  facts: { startDate: IsoDate; today: IsoDate; completed: ReadonlySet<string> },
): CourseProgress {
  const progress = lessons.map((lesson) => {
    const opensOn = addDays(facts.startDate, lesson.dripDays);
    return { ...lesson, opensOn, locked: facts.today < opensOn, completed: facts.completed.has(lesson.slug) };
  });
  const next =
    progress.find((lesson) => !lesson.locked && !lesson.completed) ??
    progress.find((lesson) => lesson.locked && !lesson.completed);
  return {
    lessons: progress,
    completedCount: progress.filter((lesson) => lesson.completed).length,
    ...(next === undefined ? {} : { next }),
  };
}

/** The lessons before and after `slug` in the course's order. */
export function findLessonNeighbours<Lesson extends { slug: string }>(
  lessons: readonly Lesson[],
  slug: string,
): { previous?: Lesson; next?: Lesson } {
  const index = lessons.findIndex((lesson) => lesson.slug === slug);
  if (index === -1) return {};
  const previous = lessons[index - 1];
  const next = lessons[index + 1];
  return { ...(previous === undefined ? {} : { previous }), ...(next === undefined ? {} : { next }) };
}
