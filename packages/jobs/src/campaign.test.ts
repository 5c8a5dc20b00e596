import { describe, expect, it } from "vitest";
import { buildCampaignMessageId } from "./campaign.ts";

describe("buildCampaignMessageId", () => {
  it("is the same on every attempt for one campaign and recipient", () => {
    expect(buildCampaignMessageId("launch", "ruth@example.com", "strongstride.example")).toBe(
      buildCampaignMessageId("launch", "ruth@example.com", "strongstride.example"),
    );
  });

  it("differs between recipients and between campaigns", () => {
    const ids = new Set([
      buildCampaignMessageId("launch", "ruth@example.com", "strongstride.example"),
      buildCampaignMessageId("launch", "maren@example.com", "strongstride.example"),
      buildCampaignMessageId("spring", "ruth@example.com", "strongstride.example"),
    ]);
    expect(ids.size).toBe(3);
  });

  it("is a valid msg-id that does not reveal the recipient", () => {
    const id = buildCampaignMessageId("launch", "ruth@example.com", "strongstride.example");
    expect(id).toMatch(/^<launch\.[0-9a-f]{32}@strongstride\.example>$/);
    expect(id).not.toContain("ruth");
  });
});
