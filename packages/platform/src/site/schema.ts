/**
 * The shape of `content/site.yaml`: who the academy is, how it looks and how it writes prices. Every message
 * says what to write instead, because the coach reads it, not a developer.
 */
import { z } from "zod";
import { HEX_COLOUR } from "./contrast.ts";

const text = (min: number, max: number, what: string) =>
  z
    .string({ error: `expected ${what} as text` })
    .trim()
    .min(min, { error: `expected ${what} of at least ${min} characters` })
    .max(max, { error: `expected ${what} of at most ${max} characters` });

const colour = z
  .string({ error: 'expected a colour in quotes, like "#1a5fb4"' })
  .regex(HEX_COLOUR, { error: 'expected a hex colour in quotes, like "#1a5fb4" or "#fff"' })
  .transform((value) => value.toLowerCase());

const locale = z.string({ error: "expected a locale like en-US" }).refine(
  (tag) => {
    try {
      return Intl.NumberFormat.supportedLocalesOf(tag).length === 1;
    } catch {
      return false;
    }
  },
  { error: "expected a locale this server knows, like en-US, en-GB or de-DE" },
);

const timeZone = z.string({ error: "expected an IANA time zone like America/New_York" }).refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { error: "expected an IANA time zone like America/New_York or Europe/Berlin" },
);

const sitePath = z
  .string({ error: 'expected a path on this site, like "/about"' })
  .regex(/^\/(?:[a-z0-9-]+(?:\/[a-z0-9-]+)*)?$/, {
    error: 'expected a path on this site, like "/about" (lower-case words and hyphens)',
  });

/** A file inside the content folder, e.g. `brand/logo.svg`: no leading slash, no `..`. */
const contentFile = (extensions: readonly string[]) =>
  z
    .string({ error: `expected a file in the content folder, like "brand/logo.${extensions[0]}"` })
    .regex(/^(?!\/)(?!.*\.\.)[\w./-]+$/, {
      error: `expected a path relative to the content folder, like "brand/logo.${extensions[0]}" (no leading / or ..)`,
    })
    .refine((path) => extensions.some((extension) => path.toLowerCase().endsWith(`.${extension}`)), {
      error: `expected a .${extensions.join(", .")} file`,
    });

const pageSlug = z
  .string({ error: 'expected the name of a page in content/pages, like "privacy"' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'expected a page name like "privacy" (content/pages/privacy.mdx)' });

/** One colour scheme. Text colours are checked against the backgrounds they sit on (see `contrastPairs`). */
const palette = z
  .object({
    background: colour,
    /** Cards, forms and the header sit on this. */
    surface: colour,
    text: colour,
    /** Secondary text: dates, captions, hints. */
    muted: colour,
    /** Links, buttons and headings' accents. */
    primary: colour,
    /** Links and buttons on hover. */
    primaryStrong: colour,
    /** Text on a primary-coloured button. */
    onPrimary: colour,
    /** The second brand colour: kickers, focus rings, highlights. Also used for small text. */
    accent: colour,
    /** Hairlines between cards and sections (decorative, not checked for contrast). */
    border: colour,
  })
  .strict();

export type Palette = z.infer<typeof palette>;

const socialLink = z
  .object({
    label: text(2, 40, "a link label"),
    url: z.url({ protocol: /^https?$/, error: "expected a full https:// address" }),
  })
  .strict();

const image = (extensions: readonly string[]) =>
  z
    .object({
      path: contentFile(extensions),
      alt: text(10, 250, "alt text describing the picture"),
      width: z.number({ error: "expected the width in pixels" }).int().min(16).max(4096),
      height: z.number({ error: "expected the height in pixels" }).int().min(16).max(4096),
    })
    .strict();

const email = z.email({ error: "expected an email address like coach@example.com" });

export const siteSchema = z
  .object({
    academy: z
      .object({
        name: text(2, 60, "the academy's name"),
        tagline: text(8, 120, "a tagline"),
        description: text(50, 200, "a description (it becomes the home page's meta description)"),
        /** How dates, numbers and prices are written. */
        locale,
        /** The time zone dates and countdowns are shown in unless a member picks her own. */
        timeZone,
      })
      .strict(),
    coach: z
      .object({
        name: text(2, 60, "the coach's name"),
        jobTitle: text(4, 80, "a job title"),
        aboutPath: sitePath.default("/about"),
      })
      .strict(),
    logo: image(["svg", "png", "webp"]),
    favicon: z.object({ path: contentFile(["svg", "png", "ico"]) }).strict(),
    /** The link-card picture of pages that have none of their own (1200×630 is what the networks expect). */
    socialImage: image(["jpg", "jpeg", "png"]).optional(),
    colors: z.object({ light: palette, dark: palette }).strict(),
    social: z.array(socialLink).max(8).default([]),
    sender: z
      .object({
        name: text(2, 60, "the name emails come from"),
        address: email,
        /** Where replies go, when not the sender's address. */
        replyTo: email.optional(),
        /** The postal address marketing emails must show (CAN-SPAM, GDPR imprint). */
        postalAddress: text(10, 200, "a postal address").optional(),
      })
      .strict(),
    legal: z
      .object({
        privacy: pageSlug.default("privacy"),
        terms: pageSlug.default("terms"),
      })
      .strict(),
    price: z
      .object({
        /** `symbol` "$29", `narrowSymbol` "$29" everywhere, `code` "USD 29", `name` "29 US dollars". */
        currencyDisplay: z
          .enum(["symbol", "narrowSymbol", "code", "name"], {
            error: "expected symbol, narrowSymbol, code or name",
          })
          .default("symbol"),
        /** What follows the amount: "a month", "per month", "/mo". */
        interval: z
          .object({
            day: text(1, 30, "the words after a daily price").default("a day"),
            week: text(1, 30, "the words after a weekly price").default("a week"),
            month: text(1, 30, "the words after a monthly price").default("a month"),
            year: text(1, 30, "the words after a yearly price").default("a year"),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** Everything the academy says about itself, as `content/site.yaml` describes it once validated. */
export type SiteSettings = z.infer<typeof siteSchema>;
