/** `articles/<slug>.mdx`: the front matter `apps/web/src/content.config.ts` checks, and the article itself. */
import { collection, fields } from "@keystatic/core";

export const articles = collection({
  label: "Articles",
  path: "articles/*",
  slugField: "title",
  format: { contentField: "body" },
  entryLayout: "content",
  columns: ["publishedAt"],
  schema: {
    title: fields.slug({
      name: { label: "Title", validation: { length: { min: 8, max: 110 } } },
      slug: { label: "File name", description: "The article's address: /articles/<file name>." },
    }),
    description: fields.text({
      label: "Description",
      description: "Shown in search results and link previews: 50 to 200 characters.",
      multiline: true,
      validation: { length: { min: 50, max: 200 } },
    }),
    publishedAt: fields.date({ label: "Published on", validation: { isRequired: true } }),
    updatedAt: fields.date({ label: "Updated on", description: "Leave empty until you revise it." }),
    tags: fields.array(
      fields.text({
        label: "Tag",
        validation: { pattern: { regex: /^[a-z0-9-]+$/, message: "lower-case words joined by hyphens" } },
      }),
      { label: "Tags", itemLabel: (props) => props.value, validation: { length: { min: 1, max: 6 } } },
    ),
    hero: fields.object(
      {
        image: fields.image({
          label: "Picture",
          directory: "articles/images",
          publicPath: "./images/",
          validation: { isRequired: true },
        }),
        alt: fields.text({
          label: "What the picture shows",
          description: "Read aloud to readers who cannot see it: 10 to 250 characters.",
          validation: { length: { min: 10, max: 250 } },
        }),
      },
      { label: "Hero picture" },
    ),
    featured: fields.checkbox({ label: "Featured on the home page" }),
    draft: fields.checkbox({ label: "Draft", description: "Drafts never reach the built site." }),
    body: fields.mdx({ label: "Article", extension: "mdx" }),
  },
});
