import type { Palette, SiteSettings } from "@academy/platform/site";

/** Which CSS custom property (global.css) each brand colour fills. */
const PROPERTY_OF: Record<keyof Palette, string> = {
  background: "--bg",
  surface: "--surface",
  text: "--text",
  muted: "--muted",
  primary: "--accent",
  primaryStrong: "--accent-strong",
  onPrimary: "--accent-contrast",
  accent: "--coral",
  border: "--border",
};

function declarations(palette: Palette): string {
  return (Object.keys(PROPERTY_OF) as Array<keyof Palette>)
    .map((role) => `${PROPERTY_OF[role]}:${palette[role]}`)
    .join(";");
}

/**
 * The brand colours as custom properties, light by default and dark when the reader's system asks for it. Every
 * value passed site.yaml's hex check, so nothing else can reach the stylesheet.
 */
export function renderBrandCss(colors: SiteSettings["colors"]): string {
  return `:root{${declarations(colors.light)}}@media (prefers-color-scheme: dark){:root{${declarations(colors.dark)}}}`;
}
