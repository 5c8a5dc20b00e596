/**
 * `site.yaml`, the site settings singleton: the fields of `siteSchema` (`@academy/platform/site`). The save is
 * checked by the platform's own `parseSite` (colour contrast and files included) before anything is written.
 */
import { fields, singleton } from "@keystatic/core";

const text = (label: string, description?: string) => fields.text({ label, ...(description ? { description } : {}) });
const colour = (label: string) =>
  fields.text({
    label,
    validation: { pattern: { regex: /^#(?:[0-9a-fA-F]{3}){1,2}$/, message: 'a hex colour like "#0f5e5c"' } },
  });
const palette = (label: string) =>
  fields.object(
    {
      background: colour("Background"),
      surface: colour("Cards and forms"),
      text: colour("Text"),
      muted: colour("Secondary text"),
      primary: colour("Links and buttons"),
      primaryStrong: colour("Links and buttons on hover"),
      onPrimary: colour("Text on buttons"),
      accent: colour("Accent"),
      border: colour("Hairlines"),
    },
    { label, layout: [4, 4, 4, 4, 4, 4, 4, 4, 4] },
  );
const picture = (label: string) =>
  fields.object(
    {
      path: text("File in the content folder", "e.g. brand/logo.svg"),
      alt: text("What it shows"),
      width: fields.integer({ label: "Width (px)" }),
      height: fields.integer({ label: "Height (px)" }),
    },
    { label },
  );

export const site = singleton({
  label: "Site settings",
  path: "site",
  format: { data: "yaml" },
  schema: {
    academy: fields.object(
      {
        name: text("Academy name"),
        tagline: text("Tagline"),
        description: fields.text({ label: "Description", multiline: true }),
        locale: text("Locale", "How dates and prices are written, e.g. en-US"),
        timeZone: text("Time zone", "e.g. America/New_York"),
      },
      { label: "Academy" },
    ),
    coach: fields.object(
      { name: text("Name"), jobTitle: text("Job title"), aboutPath: text("About page", "e.g. /about") },
      { label: "Coach" },
    ),
    logo: picture("Logo"),
    favicon: fields.object(
      { path: text("File in the content folder", "e.g. brand/favicon.svg") },
      { label: "Favicon" },
    ),
    socialImage: picture("Link-card picture (1200×630)"),
    colors: fields.object({ light: palette("Light"), dark: palette("Dark") }, { label: "Colours" }),
    social: fields.array(fields.object({ label: text("Label"), url: fields.url({ label: "Address" }) }), {
      label: "Social links",
      itemLabel: (props) => props.fields.label.value,
      validation: { length: { max: 8 } },
    }),
    sender: fields.object(
      {
        name: text("Emails come from"),
        address: text("Sender address"),
        replyTo: text("Replies go to (optional)"),
        postalAddress: text("Postal address", "Shown at the foot of marketing emails."),
      },
      { label: "Sender" },
    ),
    legal: fields.object({ privacy: text("Privacy page"), terms: text("Terms page") }, { label: "Legal pages" }),
    price: fields.object(
      {
        currencyDisplay: fields.select({
          label: "Currency shown as",
          options: [
            { label: "Symbol ($29)", value: "symbol" },
            { label: "Narrow symbol", value: "narrowSymbol" },
            { label: "Code (USD 29)", value: "code" },
            { label: "Name (29 US dollars)", value: "name" },
          ],
          defaultValue: "symbol",
        }),
        interval: fields.object(
          { day: text("After a daily price"), week: text("Weekly"), month: text("Monthly"), year: text("Yearly") },
          { label: "Words after the price", layout: [3, 3, 3, 3] },
        ),
      },
      { label: "Price" },
    ),
  },
});
