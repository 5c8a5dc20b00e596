import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { z } from "astro/zod";

/**
 * Public articles: `content/articles/<slug>.mdx`. A field that breaks this schema fails the build
 * with the file and the field named.
 */
const articles = defineCollection({
  loader: glob({ pattern: "*.mdx", base: new URL("../../../content/articles", import.meta.url) }),
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
        hero: z.object({ image: image(), alt: z.string().min(10).max(250) }),
        featured: z.boolean().default(false),
        draft: z.boolean().default(false),
      })
      .strict(),
});

/** Standalone public pages such as About: `content/pages/<slug>.mdx`. */
const pages = defineCollection({
  loader: glob({ pattern: "*.mdx", base: new URL("../../../content/pages", import.meta.url) }),
  schema: z.object({ title: z.string().min(8).max(110), description: z.string().min(50).max(200) }).strict(),
});

export const collections = { articles, pages };
