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

/**
 * `load()` once per key in a built server, every time under `astro dev`. Nothing is kept for a key that
 * found nothing, so made-up addresses cannot fill the memory.
 */
async function rememberIn<T>(known: Map<string, NonNullable<T>>, key: string, load: () => Promise<T>): Promise<T> {
  const kept = known.get(key);
  if (kept !== undefined) return kept;
  const value = await load();
  if (remember && value !== undefined && value !== null) known.set(key, value);
  return value;
}

export function courseUrl(courseId: string): string {
  return `/courses/${courseId}`;
}

export function lessonUrl(courseId: string, slug: string): string {
  return `/courses/${courseId}/${slug}`;
}

export async function getCourse(courseId: string | undefined): Promise<Course | undefined> {
  if (!courseId || !/^[a-z0-9-]{1,80}$/.test(courseId)) return undefined;
  return rememberIn(coursesById, courseId, async () => getEntry("courses", courseId));
}

export async function listCourses(): Promise<Course[]> {
  return (await getCollection("courses")).sort((a, b) => a.data.title.localeCompare(b.data.title));
}

/** The course's lessons in the order its course.yaml lists them (the build checks every one exists). */
export async function listCourseLessons(course: Course): Promise<Lesson[]> {
  return rememberIn(lessonsByCourse, course.id, async () => {
    const lessons = await getCollection("lessons", (lesson) => lesson.id.startsWith(`${course.id}/`));
    const bySlug = new Map(lessons.map((lesson) => [lessonSlug(lesson), lesson]));
    return course.data.lessons.flatMap((slug) => {
      const lesson = bySlug.get(slug);
      return lesson ? [lesson] : [];
    });
  });
}

/** A lesson's body as a component (only ever rendered for members and the coach). */
export async function renderLesson(lesson: Lesson): Promise<Awaited<ReturnType<typeof render>>> {
  return rememberIn(renderedLessons, lesson.id, () => render(lesson));
}

/** `strong-runner-foundations/split-squat` → `split-squat`, the slug progress and plans use. */
export function lessonSlug(lesson: Lesson): string {
  return lesson.id.slice(lesson.id.indexOf("/") + 1);
}

export function summarizeLesson(lesson: Lesson): LessonSummary {
  const { title, description, order, dripDays, durationMinutes } = lesson.data;
  return { slug: lessonSlug(lesson), title, description, order, dripDays, durationMinutes };
}
