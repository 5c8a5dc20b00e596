import { describe, expect, it } from "vitest";
import { AA_TEXT_RATIO, contrastRatio, suggestPassingColour } from "./contrast.ts";

describe("contrastRatio", () => {
  it("gives WCAG's figures for known pairs, either way round", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBe(21);
    expect(contrastRatio("#fff", "#000")).toBe(21);
    expect(contrastRatio("#777777", "#ffffff")).toBe(4.47);
    expect(contrastRatio("#ffffff", "#767676")).toBe(4.54);
    expect(contrastRatio("#1a5fb4", "#1a5fb4")).toBe(1);
  });

  it("never rounds a failing pair up to a pass", () => {
    expect(contrastRatio("#777777", "#ffffff")).toBeLessThan(AA_TEXT_RATIO);
  });
});

describe("suggestPassingColour", () => {
  it("darkens text on a light background just enough to pass", () => {
    const { colour, darker } = suggestPassingColour("#e5a50a", "#f6f5f4", AA_TEXT_RATIO);
    expect(darker).toBe(true);
    expect(contrastRatio(colour, "#f6f5f4")).toBeGreaterThanOrEqual(AA_TEXT_RATIO);
    expect(colour).not.toBe("#000000");
  });

  it("lightens text on a dark background", () => {
    const { colour, darker } = suggestPassingColour("#3d3846", "#241f31", AA_TEXT_RATIO);
    expect(darker).toBe(false);
    expect(contrastRatio(colour, "#241f31")).toBeGreaterThanOrEqual(AA_TEXT_RATIO);
  });
});
