import { existsSync, readdirSync, readFileSync } from "node:fs";
import type { Loader } from "astro/loaders";
import { parse as parseYaml } from "yaml";
import { type CourseSource, checkCourseContent, type LessonSource, splitFrontmatter } from "./course-checks.ts";
import { PlanContentError, readPlanFiles } from "./plan-files.ts";

export interface CourseContentFolders {
  /** `content/courses/`: one folder per course with `course.yaml` and `lessons/*.mdx`. */
  courses: URL;
  /** `content/plans/`. */
  plans: URL;
}

/** Lesson ids are `<course>/<lesson>`: two courses may each have a lesson called "welcome". */
export function lessonId(entry: string): string {
  return entry.replace(/\/lessons\//, "/").replace(/\.mdx$/, "");
}

/**
 * Wraps the lessons' loader: once the lessons are loaded (each against its strict frontmatter schema), checks
 * that courses, lessons and plans refer to each other correctly (see checkCourseContent). A problem fails
 * `astro build` with the file and the place in it; under `astro dev` it is logged.
 */
export function withCourseChecks(inner: Loader, folders: CourseContentFolders): Loader {
  return {
    name: "academy:lessons",
    load: async (context) => {
      await inner.load(context);
      let problems: string[];
      try {
        problems = checkCourseContent({
          courses: readCourses(folders.courses),
          lessons: readLessons(folders.courses, context.store.entries()),
          plans: readPlanFiles(folders.plans),
        });
      } catch (error) {
        // The plans collection reports its own problems; the cross-checks need valid plans.
        if (error instanceof PlanContentError) return;
        throw error;
      }
      if (problems.length === 0) return;
      const message = `Courses, lessons and plans disagree:\n${problems.join("\n")}`;
      if (context.watcher) context.logger.error(message);
      else throw new Error(message);
    },
  };
}

function readCourses(folder: URL): CourseSource[] {
  return listCourseFolders(folder).flatMap((id) => {
    const url = new URL(`${id}/course.yaml`, folder);
    if (!existsSync(url)) return [];
    const data = parseYaml(readFileSync(url, "utf8")) as Record<string, unknown> | null;
    return [{ id, file: `content/courses/${id}/course.yaml`, plan: data?.plan, lessons: data?.lessons }];
  });
}

function readLessons(
  folder: URL,
  entries: ReturnType<Parameters<Loader["load"]>[0]["store"]["entries"]>,
): LessonSource[] {
  return entries.flatMap(([id, entry]) => {
    const [course, slug] = id.split("/");
    if (course === undefined || slug === undefined) return [];
    const data = entry.data as { order?: number; sessions?: string[] };
    const { body, bodyStartLine } = splitFrontmatter(
      readFileSync(new URL(`${course}/lessons/${slug}.mdx`, folder), "utf8"),
    );
    return [
      {
        course,
        slug,
        file: `content/courses/${course}/lessons/${slug}.mdx`,
        order: data.order ?? 0,
        sessions: data.sessions ?? [],
        body,
        bodyStartLine,
      },
    ];
  });
}

function listCourseFolders(folder: URL): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}
