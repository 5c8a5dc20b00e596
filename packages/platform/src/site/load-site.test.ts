import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { contrastRatio } from "./contrast.ts";
import { TEXT_PAIRS } from "./contrast-pairs.ts";
import { loadSite, parseSite, SiteError } from "./load-site.ts";

const SAMPLE_CONTENT = new URL("../../../../content", import.meta.url).pathname;

/** A valid site.yaml for a made-up academy; tests break one thing at a time. */
function validSite() {
  return {
    academy: {
      name: "Harbour Trail Runners",
      tagline: "Trail running for people with day jobs",
      description:
        "Coached trail running for busy adults: hill strength, steady long runs and a plan that fits around work.",
      locale: "en-GB",
      timeZone: "Europe/London",
    },
    coach: { name: "Robin Example", jobTitle: "Trail running coach" },
    logo: { path: "brand/logo.svg", alt: "A wave over a hill, the club's mark", width: 40, height: 40 },
    favicon: { path: "brand/logo.svg" },
    colors: {
      light: {
        background: "#f6f5f4",
        surface: "#ffffff",
        text: "#241f31",
        muted: "#5e5c64",
        primary: "#1a5fb4",
        primaryStrong: "#0b3d91",
        onPrimary: "#ffffff",
        accent: "#a51d2d",
        border: "#deddda",
      },
      dark: {
        background: "#241f31",
        surface: "#2f2a3d",
        text: "#f6f5f4",
        muted: "#c0bfbc",
        primary: "#99c1f1",
        primaryStrong: "#c4dcf7",
        onPrimary: "#241f31",
        accent: "#ff938a",
        border: "#3d3846",
      },
    },
    sender: { name: "Harbour Trail Runners", address: "robin@harbour.example" },
    legal: { privacy: "privacy", terms: "terms" },
  };
}

let contentDir: string;

beforeEach(() => {
  contentDir = mkdtempSync(join(tmpdir(), "site-"));
  mkdirSync(join(contentDir, "brand"));
  mkdirSync(join(contentDir, "pages"));
  writeFileSync(join(contentDir, "brand/logo.svg"), "<svg/>");
  writeFileSync(join(contentDir, "pages/privacy.mdx"), "---\n---\n");
  writeFileSync(join(contentDir, "pages/terms.mdx"), "---\n---\n");
});

afterEach(() => rmSync(contentDir, { recursive: true, force: true }));

function parse(source: string) {
  return parseSite(source, { file: "content/site.yaml", contentDir });
}

function issuesOf(source: string): string[] {
  try {
    parse(source);
  } catch (error) {
    if (error instanceof SiteError) return error.message.split("\n");
    throw error;
  }
  throw new Error("expected site.yaml to be rejected");
}

describe("the sample academy", () => {
  it("loads, and every text colour meets 4.5:1 on its background in both schemes", () => {
    const site = loadSite(SAMPLE_CONTENT);
    expect(site.academy.name.length).toBeGreaterThan(1);
    for (const scheme of [site.colors.light, site.colors.dark]) {
      for (const [text, background] of TEXT_PAIRS) {
        expect(contrastRatio(scheme[text], scheme[background]), `${text} on ${background}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});

describe("parseSite", () => {
  it("fills in what a coach may leave out", () => {
    const site = parse(stringify(validSite()));
    expect(site.coach.aboutPath).toBe("/about");
    expect(site.social).toEqual([]);
    expect(site.price).toEqual({
      currencyDisplay: "symbol",
      interval: { day: "a day", week: "a week", month: "a month", year: "a year" },
    });
  });

  it("fails a colour pair below 4.5:1, naming the line, both colours, the ratio and a colour that passes", () => {
    const site = validSite();
    site.colors.light.accent = "#e5a50a";
    const source = stringify(site);
    const line = source.split("\n").findIndex((text) => text.includes("#e5a50a")) + 1;
    const issues = issuesOf(source);
    const accentOnBackground = issues.find((issue) => issue.includes("on light background"));
    expect(accentOnBackground).toMatch(
      new RegExp(
        `^content/site\\.yaml:${line}: colors\\.light\\.accent: light accent #e5a50a on light background #f6f5f4 has a contrast of 1\\.\\d\\d:1, below the 4\\.5:1 that text needs \\(WCAG AA\\)\\. Fix: change accent to (#[0-9a-f]{6}) or another colour at least that dark, or change background\\.$`,
      ),
    );
    const suggested = /change accent to (#[0-9a-f]{6})/.exec(accentOnBackground ?? "")?.[1] ?? "";
    expect(contrastRatio(suggested, "#f6f5f4")).toBeGreaterThanOrEqual(4.5);
    // The same accent also fails on the surface: each pair is its own line.
    expect(issues.some((issue) => issue.includes("light accent #e5a50a on light surface #ffffff"))).toBe(true);
  });

  it("checks the dark scheme too", () => {
    const site = validSite();
    site.colors.dark.muted = "#5e5c64";
    expect(issuesOf(stringify(site)).join("\n")).toContain("dark muted #5e5c64 on dark background #241f31");
  });

  it("names the line of a colour that is not a hex colour", () => {
    const source = stringify(validSite()).replace('primary: "#1a5fb4"', "primary: teal");
    const line = source.split("\n").findIndex((text) => text.includes("primary: teal")) + 1;
    expect(issuesOf(source)).toEqual([
      `content/site.yaml:${line}: colors.light.primary: expected a hex colour in quotes, like "#1a5fb4" or "#fff".`,
    ]);
  });

  it("reports a missing field where its section starts, and says what to add", () => {
    const site: Record<string, unknown> = validSite();
    site.sender = { address: "robin@harbour.example" };
    const source = stringify(site);
    const line = source.split("\n").indexOf("sender:") + 1;
    expect(issuesOf(source)).toEqual([
      `content/site.yaml:${line}: sender.name: missing. Fix: add name (expected the name emails come from as text).`,
    ]);
  });

  it("refuses a misspelt field instead of ignoring it", () => {
    const site: Record<string, unknown> = validSite();
    site.coach = { name: "Robin Example", jobTitle: "Trail running coach", jobtitel: "Coach" };
    expect(issuesOf(stringify(site))[0]).toMatch(
      /^content\/site\.yaml:\d+: coach: unknown field jobtitel\. Fix: remove it or check the spelling\.$/,
    );
  });

  it("refuses a time zone and a locale the server does not know", () => {
    const site = validSite();
    site.academy.timeZone = "Europe/Atlantis";
    site.academy.locale = "xx-nope-nope";
    const issues = issuesOf(stringify(site)).join("\n");
    expect(issues).toContain("academy.timeZone: expected an IANA time zone like America/New_York or Europe/Berlin.");
    expect(issues).toContain("academy.locale: expected a locale this server knows");
  });

  it("names a logo or legal page that is not in the content folder", () => {
    rmSync(join(contentDir, "pages/terms.mdx"));
    const site = validSite();
    site.logo.path = "brand/missing.svg";
    const issues = issuesOf(stringify(site)).join("\n");
    expect(issues).toMatch(
      /logo\.path: .*brand\/missing\.svg does not exist\. Fix: add the file, or correct the name here\./,
    );
    expect(issues).toMatch(/legal\.terms: .*pages\/terms\.mdx does not exist/);
  });

  it("keeps file paths inside the content folder", () => {
    const site = validSite();
    site.logo.path = "../../etc/passwd.svg";
    expect(issuesOf(stringify(site))[0]).toContain("logo.path: expected a path relative to the content folder");
  });

  it("names the line of a YAML syntax error", () => {
    const source = stringify(validSite()).replace("coach:\n", 'coach:\n  name: "Robin\n');
    expect(issuesOf(source)[0]).toMatch(
      /^content\/site\.yaml:\d+: .*Fix: check the indentation and quotes on this line \(YAML\)\.$/,
    );
  });
});

describe("loadSite", () => {
  it("says how to fix a content folder without site.yaml", () => {
    rmSync(join(contentDir, "pages"), { recursive: true });
    const empty = mkdtempSync(join(tmpdir(), "no-site-"));
    try {
      expect(() => loadSite(empty)).toThrow(
        /site\.yaml:1: not found\. Fix: create it .*or point CONTENT_DIR at the folder that holds it\./,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("reads the file it is pointed at", () => {
    writeFileSync(join(contentDir, "site.yaml"), stringify(validSite()));
    expect(loadSite(contentDir).academy.name).toBe("Harbour Trail Runners");
  });
});
