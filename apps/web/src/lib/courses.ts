/**
 * Member courses and their lessons from the content collections. Lesson bodies are only ever rendered by the
 * on-demand course pages, for members; everything here is metadata (titles, teasers, order, drip).
 */
import { type CollectionEntry, getCollection, getEntry } from "astro:content";
import type { LessonSummary } from "./training/course-progress.ts";

export type Course = CollectionEntry<"courses">;
export type Lesson = CollectionEntry<"lessons">;

export function courseUrl(courseId: string): string {
  return `/courses/${courseId}`;
}

export function lessonUrl(courseId: string, slug: string): string {
  return `/courses/${courseId}/${slug}`;
}

export async function getCourse(courseId: string | undefined): Promise<Course | undefined> {
  if (!courseId || !/^[a-z0-9-]{1,80}$/.test(courseId)) return undefined;
  return getEntry("courses", courseId);
}

export async function listCourses(): Promise<Course[]> {
  return (await getCollection("courses")).sort((a, b) => a.data.title.localeCompare(b.data.title));
}

/** The course's lessons in the order its course.yaml lists them (the build checks every one exists). */
export async function listCourseLessons(course: Course): Promise<Lesson[]> {
  const lessons = await getCollection("lessons", (lesson) => lesson.id.startsWith(`${course.id}/`));
  const bySlug = new Map(lessons.map((lesson) => [lessonSlug(lesson), lesson]));
  return course.data.lessons.flatMap((slug) => {
    const lesson = bySlug.get(slug);
    return lesson ? [lesson] : [];
  });
}

/** `strong-runner-foundations/split-squat` → `split-squat`, the slug progress and plans use. */
export function lessonSlug(lesson: Lesson): string {
  return lesson.id.slice(lesson.id.indexOf("/") + 1);
}

export function summarizeLesson(lesson: Lesson): LessonSummary {
  const { title, description, order, dripDays, durationMinutes } = lesson.data;
  return { slug: lessonSlug(lesson), title, description, order, dripDays, durationMinutes };
}
