/** `emails/<name>.md`: every email's words. `{first_name}`-style variables are filled in when it is sent. */
import { collection, fields } from "@keystatic/core";

export const emails = collection({
  label: "Emails",
  path: "emails/*",
  slugField: "subject",
  format: { contentField: "body" },
  entryLayout: "content",
  schema: {
    subject: fields.slug({
      name: { label: "Subject", validation: { length: { min: 3, max: 120 } } },
      slug: { label: "File name", description: "The platform sends each email by this name: keep it." },
    }),
    preheader: fields.text({
      label: "Preheader",
      description: "The line inboxes show after the subject.",
      validation: { length: { max: 200 } },
    }),
    body: fields.markdoc({ label: "Email", extension: "md" }),
  },
});
