import { defineCollection } from "astro:content";
import { glob, type Loader } from "astro/loaders";
import { z } from "astro/zod";
import { articlesDir } from "./lib/content-env.ts";

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

/** Standalone public pages such as About: `content/pages/<slug>.mdx`. */
const pages = defineCollection({
  loader: glob({ pattern: "*.mdx", base: new URL("../../../content/pages", import.meta.url) }),
  schema: z.object({ title: z.string().min(8).max(110), description: z.string().min(50).max(200) }).strict(),
});

export const collections = { articles, pages };
