import { describe, expect, it } from "vitest";
import { describeSiteUrlMismatch, withDefaultSiteUrl } from "./env.ts";

describe("the site's address when SITE_URL is unset", () => {
  it("follows the port the server listens on", () => {
    expect(withDefaultSiteUrl({ PORT: "5000" }, 4321).SITE_URL).toBe("http://localhost:5000");
    expect(withDefaultSiteUrl({}, 4321).SITE_URL).toBe("http://localhost:4321");
    expect(withDefaultSiteUrl({ HOST: "0.0.0.0", PORT: "8080" }, 4321).SITE_URL).toBe("http://localhost:8080");
    expect(withDefaultSiteUrl({ HOST: "192.0.2.10", PORT: "8080" }, 4321).SITE_URL).toBe("http://192.0.2.10:8080");
  });

  it("leaves a PORT that is no port for the env check to name", () => {
    expect(withDefaultSiteUrl({ PORT: "70000" }, 4321).SITE_URL).toBeUndefined();
    expect(withDefaultSiteUrl({ PORT: "http" }, 4321).SITE_URL).toBeUndefined();
  });

  it("keeps a SITE_URL that is set", () => {
    expect(withDefaultSiteUrl({ SITE_URL: "https://academy.example", PORT: "5000" }, 4321).SITE_URL).toBe(
      "https://academy.example",
    );
  });

  it("warns when SITE_URL names this machine but another port, and not for a public address", () => {
    expect(describeSiteUrlMismatch("http://localhost:4321", 5000)).toMatch(
      /^SITE_URL is http:\/\/localhost:4321 but the server listens on port 5000/,
    );
    expect(describeSiteUrlMismatch("http://localhost:5000", 5000)).toBeUndefined();
    expect(describeSiteUrlMismatch("https://academy.example", 5000)).toBeUndefined();
  });
});
