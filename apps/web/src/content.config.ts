import { defineCollection } from "astro:content";
import { glob, type Loader } from "astro/loaders";
import { z } from "astro/zod";
import { articlesDir, contentFolder } from "./lib/content-env.ts";
import { lessonId, withCourseChecks } from "./lib/lesson-loader.ts";
import { planLoader } from "./lib/plan-files.ts";

/**
 * Drafts are loaded by `astro dev` only. Filtering here, not just in page queries, keeps a draft's text
 * out of everything a build writes, including the server bundle that on-demand pages (search) read.
 */
function withoutDraftsInBuild(inner: Loader): Loader {
  return {
    name: "academy:public-articles",
    load: async (context) => {
      // Astro hands loaders a file watcher only under `astro dev`.
      if (context.watcher) return inner.load(context);
      const { store } = context;
      const isDraft = (entry: { data: Record<string, unknown> } | undefined) => entry?.data.draft === true;
      const publicStore: typeof store = {
        ...store,
        // A draft cached by an earlier `astro dev` run looks unchanged to the glob loader, which would keep
        // it; hiding it makes the loader parse the file again and hand it to `set`, which drops it.
        get: <Data extends Record<string, unknown>>(id: string) => {
          const entry = store.get<Data>(id);
          return isDraft(entry) ? undefined : entry;
        },
        set: (entry) => {
          if (isDraft(entry)) {
            store.delete(entry.id);
            return false;
          }
          return store.set(entry);
        },
      };
      return inner.load({ ...context, store: publicStore });
    },
  };
}

/**
 * Public articles: `content/articles/<slug>.mdx` (or ARTICLES_DIR, for the build benchmark). A field
 * that breaks this schema fails the build with the file and the field named.
 */
const articles = defineCollection({
  loader: withoutDraftsInBuild(glob({ pattern: "*.mdx", base: articlesDir })),
  schema: ({ image }) =>
    z
      .object({
        title: z.string().min(8).max(110),
        description: z.string().min(50).max(200),
        publishedAt: z.coerce.date(),
        updatedAt: z.coerce.date().optional(),
        tags: z
          .array(z.string().regex(/^[a-z0-9-]+$/, "tags are lower-case words joined by hyphens"))
          .min(1)
          .max(6),
        hero: z.object({ image: image(), alt: z.string().min(10).max(250) }).strict(),
        featured: z.boolean().default(false),
        draft: z.boolean().default(false),
      })
      .strict()
      .refine((data) => !data.updatedAt || data.updatedAt >= data.publishedAt, {
        message: "updatedAt must be on or after publishedAt",
        path: ["updatedAt"],
      }),
});

const locale = z.string().refine((tag) => {
  try {
    return Intl.NumberFormat.supportedLocalesOf(tag).length === 1;
  } catch {
    return false;
  }
}, "expected a locale this server knows, like en-US or en-GB");

/**
 * The sales part of a page (`content/pages/enroll.mdx`): what the membership includes, the questions buyers ask,
 * and the words on cancelling. The price is not here: the page reads it from Stripe, written the `locale`'s way.
 */
const salesSchema = z
  .object({
    headline: z.string().min(8).max(110),
    /** How the price is written: "$29 a month" (en-US), "US$29 a month" (en-GB). */
    locale,
    includes: z.array(z.string().min(10).max(240)).min(1).max(12),
    faq: z
      .array(z.object({ question: z.string().min(8).max(140), answer: z.string().min(20).max(900) }).strict())
      .min(1)
      .max(15),
    /** Cancel any time, in her words: shown beside the price and under the questions. */
    guarantee: z.string().min(20).max(400),
  })
  .strict();

/** Standalone public pages such as About and the sales page: `content/pages/<slug>.mdx`. */
const pages = defineCollection({
  loader: glob({ pattern: "*.mdx", base: contentFolder("pages") }),
  schema: z
    .object({
      title: z.string().min(8).max(110),
      description: z.string().min(50).max(200),
      sales: salesSchema.optional(),
    })
    .strict(),
});

const coursesFolder = contentFolder("courses");
const plansFolder = contentFolder("plans");
const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "expected a lowercase slug like hip-hinge");

/**
 * Training plans, `content/plans/<id>.yaml`, validated by the programming package's `parsePlan` (and its ramp
 * check): a bad plan fails the build with the file and the path inside it, e.g.
 * `content/plans/strong-runner-foundations.yaml: phases[1].weeks[3].sessions[0].exercises[2].reps: min must be ≤ max`.
 * The server reads the same files at start (apps/api `loadPlans`).
 */
const plans = defineCollection({ loader: planLoader(plansFolder) });

/** Member courses: `content/courses/<course>/course.yaml` (see content/courses/README.md). */
const courses = defineCollection({
  loader: glob({
    pattern: "*/course.yaml",
    base: coursesFolder,
    generateId: ({ entry }) => entry.split("/")[0] ?? entry,
  }),
  schema: z
    .object({
      title: z.string().min(8).max(110),
      description: z.string().min(50).max(200),
      plan: slug,
      lessons: z
        .array(slug)
        .min(1)
        .refine((lessons) => new Set(lessons).size === lessons.length, "each lesson only once"),
    })
    .strict(),
});

/**
 * Member-only lessons: `content/courses/<course>/lessons/<lesson>.mdx`, id `<course>/<lesson>`. Only pages rendered
 * on demand for members read their bodies; courses, lessons and plans are checked against each other on load.
 */
const lessons = defineCollection({
  loader: withCourseChecks(
    glob({
      pattern: "*/lessons/*.mdx",
      base: coursesFolder,
      // Nothing reads the raw text at run time: keep it out of the data store.
      retainBody: false,
      generateId: ({ entry }) => lessonId(entry),
    }),
    { courses: coursesFolder, plans: plansFolder },
  ),
  schema: z
    .object({
      title: z.string().min(8).max(110),
      description: z.string().min(50).max(200),
      order: z.number().int().min(1),
      dripDays: z.number().int().min(0).max(3650),
      durationMinutes: z.number().int().min(1).max(240),
      sessions: z.array(slug).optional(),
    })
    .strict(),
});

export const collections = { articles, pages, plans, courses, lessons };
