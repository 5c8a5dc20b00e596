/**
 * Which brand colours are read as text on which backgrounds, and the check that each pair meets WCAG AA.
 * The CSS (apps/web/src/styles/global.css) uses the colours exactly this way.
 */
import { AA_TEXT_RATIO, contrastRatio, suggestPassingColour } from "./contrast.ts";
import type { Palette, SiteSettings } from "./schema.ts";

type Role = keyof Palette;

/** [text colour, the background it is read on]. */
export const TEXT_PAIRS: ReadonlyArray<readonly [Role, Role]> = [
  ["text", "background"],
  ["text", "surface"],
  ["muted", "background"],
  ["muted", "surface"],
  ["primary", "background"],
  ["primary", "surface"],
  ["primaryStrong", "background"],
  ["primaryStrong", "surface"],
  ["onPrimary", "primary"],
  ["onPrimary", "primaryStrong"],
  ["accent", "background"],
  ["accent", "surface"],
];

export interface ContrastFailure {
  /** Where the text colour sits in site.yaml, e.g. `["colors", "light", "accent"]`. */
  path: string[];
  message: string;
}

/** Every text pair below 4.5:1, each with a message naming both colours, the ratio and a colour that passes. */
export function findContrastFailures(colors: SiteSettings["colors"]): ContrastFailure[] {
  const failures: ContrastFailure[] = [];
  for (const scheme of ["light", "dark"] as const) {
    const palette = colors[scheme];
    for (const [foreground, background] of TEXT_PAIRS) {
      const ratio = contrastRatio(palette[foreground], palette[background]);
      if (ratio >= AA_TEXT_RATIO) continue;
      const { colour: fix, darker } = suggestPassingColour(palette[foreground], palette[background], AA_TEXT_RATIO);
      failures.push({
        path: ["colors", scheme, foreground],
        message:
          `${scheme} ${foreground} ${palette[foreground]} on ${scheme} ${background} ${palette[background]} has a ` +
          `contrast of ${ratio.toFixed(2)}:1, below the 4.5:1 that text needs (WCAG AA). ` +
          `Fix: change ${foreground} to ${fix} or another colour at least that ${darker ? "dark" : "light"}` +
          `, or change ${background}.`,
      });
    }
  }
  return failures;
}
