import { describe, expect, it } from "vitest";
import { buildCampaignMessageId } from "./campaign.ts";

describe("buildCampaignMessageId", () => {
  it("is the same on every attempt for one campaign and recipient", () => {
    expect(buildCampaignMessageId("launch", "ruth@example.com", "academy.example")).toBe(
      buildCampaignMessageId("launch", "ruth@example.com", "academy.example"),
    );
  });

  it("differs between recipients and between campaigns", () => {
    const ids = new Set([
      buildCampaignMessageId("launch", "ruth@example.com", "academy.example"),
      buildCampaignMessageId("launch", "robin@example.com", "academy.example"),
      buildCampaignMessageId("spring", "ruth@example.com", "academy.example"),
    ]);
    expect(ids.size).toBe(3);
  });

  it("is a valid msg-id that does not reveal the recipient", () => {
    const id = buildCampaignMessageId("launch", "ruth@example.com", "academy.example");
    expect(id).toMatch(/^<launch\.[0-9a-f]{32}@academy\.example>$/);
    expect(id).not.toContain("ruth");
  });
});
