/**
 * Member courses and their lessons from the content collections. Lesson bodies are only ever rendered by the
 * on-demand course pages, for members; everything here is metadata (titles, teasers, order, drip).
 */
import { type CollectionEntry, getCollection, getEntry, render } from "astro:content";
import type { LessonSummary } from "./training/course-progress.ts";

export type Course = CollectionEntry<"courses">;
export type Lesson = CollectionEntry<"lessons">;

// Built content does not change while the server runs, so courses, their lesson lists and rendered lesson
// bodies are looked up once per process; under `astro dev`, where content changes live, every time.
const remember = !import.meta.env.DEV;
const coursesById = new Map<string, Course>();
const lessonsByCourse = new Map<string, Lesson[]>();
const renderedLessons = new Map<string, Awaited<ReturnType<typeof render>>>();

export function courseUrl(courseId: string): string {
  return `/courses/${courseId}`;
}

export function lessonUrl(courseId: string, slug: string): string {
  return `/courses/${courseId}/${slug}`;
}

export async function getCourse(courseId: string | undefined): Promise<Course | undefined> {
  if (!courseId || !/^[a-z0-9-]{1,80}$/.test(courseId)) return undefined;
  const known = coursesById.get(courseId);
  if (known) return known;
  const course = await getEntry("courses", courseId);
  if (course && remember) coursesById.set(courseId, course);
  return course;
}

export async function listCourses(): Promise<Course[]> {
  return (await getCollection("courses")).sort((a, b) => a.data.title.localeCompare(b.data.title));
}

/** The course's lessons in the order its course.yaml lists them (the build checks every one exists). */
export async function listCourseLessons(course: Course): Promise<Lesson[]> {
  const known = lessonsByCourse.get(course.id);
  if (known) return known;
  const lessons = await getCollection("lessons", (lesson) => lesson.id.startsWith(`${course.id}/`));
  const bySlug = new Map(lessons.map((lesson) => [lessonSlug(lesson), lesson]));
  const ordered = course.data.lessons.flatMap((slug) => {
    const lesson = bySlug.get(slug);
    return lesson ? [lesson] : [];
  });
  if (remember) lessonsByCourse.set(course.id, ordered);
  return ordered;
}

/** A lesson's body as a component (only ever rendered for members and the coach). */
export async function renderLesson(lesson: Lesson): Promise<Awaited<ReturnType<typeof render>>> {
  const known = renderedLessons.get(lesson.id);
  if (known) return known;
  const rendered = await render(lesson);
  if (remember) renderedLessons.set(lesson.id, rendered);
  return rendered;
}

/** `strong-runner-foundations/split-squat` → `split-squat`, the slug progress and plans use. */
export function lessonSlug(lesson: Lesson): string {
  return lesson.id.slice(lesson.id.indexOf("/") + 1);
}

export function summarizeLesson(lesson: Lesson): LessonSummary {
  const { title, description, order, dripDays, durationMinutes } = lesson.data;
  return { slug: lessonSlug(lesson), title, description, order, dripDays, durationMinutes };
}
