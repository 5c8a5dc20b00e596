/**
 * WCAG 2.x contrast between two sRGB colours, and the nearest colour that passes: pure arithmetic, no I/O.
 *
 * @example
 * contrastRatio("#1a5fb4", "#ffffff"); // 7.4
 * suggestPassingColour("#c97a5f", "#f6f5f4", 4.5); // { colour: a darker shade of the same hue, darker: true }
 */

/** WCAG AA for normal-size text. */
export const AA_TEXT_RATIO = 4.5;

/** `#rgb` or `#rrggbb`, any case. */
export const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

type Rgb = [number, number, number];

function toRgb(hex: string): Rgb {
  const digits = hex.slice(1);
  const full =
    digits.length === 3
      ? digits
          .split("")
          .map((digit) => digit + digit)
          .join("")
      : digits;
  return [0, 2, 4].map((start) => Number.parseInt(full.slice(start, start + 2), 16)) as Rgb;
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((channel) => Math.round(channel).toString(16).padStart(2, "0")).join("")}`;
}

function relativeLuminance(hex: string): number {
  const [r, g, b] = toRgb(hex).map((channel) => {
    const value = channel / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, 1 to 21, rounded down to two decimals (so 4.499 never reads as 4.5). */
export function contrastRatio(foreground: string, background: string): number {
  const [lighter, darker] = [relativeLuminance(foreground), relativeLuminance(background)].sort((a, b) => b - a) as [
    number,
    number,
  ];
  return Math.floor(((lighter + 0.05) / (darker + 0.05)) * 100) / 100;
}

/**
 * The foreground colour mixed toward black or white (whichever the background allows) by the smallest step that
 * reaches `ratio`: the same hue, as close to the coach's choice as possible.
 */
export function suggestPassingColour(
  foreground: string,
  background: string,
  ratio: number,
): { colour: string; darker: boolean } {
  const start = toRgb(foreground);
  const towardBlack = relativeLuminance(background) > 0.18;
  const target = towardBlack ? 0 : 255;
  for (let step = 1; step <= 100; step += 1) {
    const mixed = start.map((channel) => channel + ((target - channel) * step) / 100) as Rgb;
    const candidate = toHex(mixed);
    if (contrastRatio(candidate, background) >= ratio) return { colour: candidate, darker: towardBlack };
  }
  return { colour: towardBlack ? "#000000" : "#ffffff", darker: towardBlack };
}
