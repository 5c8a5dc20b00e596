import { newsletterSubscriptions } from "@academy/db/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApi,
  pageMessageFrom,
  postForm,
  signIn,
  TEST_ADMIN_EMAIL,
  TEST_SITE_URL,
  type TestApi,
  withCookie,
} from "../testing.ts";

function upload(csv: string, fields: Record<string, string> = {}, fileName = "list.csv"): [string, RequestInit] {
  const form = new FormData();
  form.set("file", new File([csv], fileName, { type: "text/csv" }));
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return ["/api/admin/audience/imports", { method: "POST", headers: { origin: TEST_SITE_URL }, body: form }];
}

const KIT = "id,first_name,email_address,state,created_at\n1,Helen,helen@example.com,active,2024-01-15T09:30:00Z\n";

describe("the coach's audience API", () => {
  let api: TestApi;
  let coach: string;
  let reader: string;

  beforeAll(async () => {
    api = await createTestApi();
    coach = await signIn(api, TEST_ADMIN_EMAIL);
    reader = await signIn(api, "reader@example.com");
  });
  afterAll(() => api.close());

  it("lets only the coach upload, and only from the site", async () => {
    const asReader = await api.app.request(...withCookie(reader, upload(KIT)));
    expect(asReader.status).toBe(403);
    const [path, init] = withCookie(coach, upload(KIT));
    const crossSite = await api.app.request(path, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(403);
  });

  it("uploads, previews, imports once from the form, and lands on the preview page with the result", async () => {
    const uploaded = await api.app.request(...withCookie(coach, upload(KIT)));
    expect(uploaded.status).toBe(303);
    const page = uploaded.headers.get("location") ?? "";
    expect(page).toMatch(/^\/admin\/audience\/imports\/imp_[0-9a-z]{26}$/);
    const id = page.split("/").at(-1) ?? "";
    const preview = await api.app.request(...withCookie(coach, [`/api/admin/audience/imports/${id}`, {}]));
    expect(await preview.json()).toMatchObject({ kind: "ready", service: "kit", counts: { new: 1 } });
    const run = await api.app.request(...withCookie(coach, postForm(`/api/admin/audience/imports/${id}/run`, {})));
    expect(run.status).toBe(303);
    expect(pageMessageFrom(api, run, "notice")).toBe("Imported: 1 new, 0 updated, 0 kept as suppressed.");
    const again = await api.app.request(...withCookie(coach, postForm(`/api/admin/audience/imports/${id}/run`, {})));
    expect(pageMessageFrom(api, again, "notice")).toBe("This file was already imported; nothing was imported twice.");
    expect(await api.services.database.db.select().from(newsletterSubscriptions)).toHaveLength(1);
  });

  it("refuses a malformed file with its line and keeps nothing", async () => {
    const [path, init] = withCookie(coach, upload('email,name\na@example.com,"open\n'));
    const response = await api.app.request(path, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), accept: "application/json" },
    });
    expect(response.status).toBe(303);
    expect(pageMessageFrom(api, response)).toBe(
      "Line 2: a quoted value is never closed. Nothing was imported: fix the file (or export it again) and upload it once more.",
    );
    const asJson = await api.app.request("/api/admin/audience/imports?list=newsletter", {
      method: "POST",
      headers: { origin: TEST_SITE_URL, cookie: coach, "content-type": "text/csv" },
      body: 'email\nok@example.com\nbad"quote@example.com\n',
    });
    expect(asJson.status).toBe(422);
    expect((await asJson.json()).error).toMatchObject({
      code: "malformed_csv",
      message: expect.stringMatching(/^Line 3: /),
    });
  });

  it("refuses a file over 20 MB with a message saying what to do", async () => {
    const big = `email\n${"x".repeat(21 * 1024 * 1024)}\n`;
    const response = await api.app.request("/api/admin/audience/imports", {
      method: "POST",
      headers: {
        origin: TEST_SITE_URL,
        cookie: coach,
        "content-type": "text/csv",
        "content-length": String(big.length),
      },
      body: big,
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error.message).toMatch(/larger than 20 MB\. Split it into smaller files/);
    const other = await api.app.request("/api/auth/sign-in", {
      method: "POST",
      headers: { origin: TEST_SITE_URL, "content-type": "application/json", "content-length": String(100 * 1024) },
      body: JSON.stringify({ email: "x".repeat(100 * 1024) }),
    });
    expect(other.status).toBe(413);
  });

  it("asks for the columns of an unknown format, then imports with them", async () => {
    const uploaded = await api.app.request(...withCookie(coach, upload("Adresse,Prénom\nzoe@example.com,Zoé\n")));
    const id = (uploaded.headers.get("location") ?? "").split("/").at(-1) ?? "";
    const before = await (
      await api.app.request(...withCookie(coach, [`/api/admin/audience/imports/${id}`, {}]))
    ).json();
    expect(before).toMatchObject({ kind: "needs_mapping", columns: ["Adresse", "Prénom"] });
    const mapped = await api.app.request(
      ...withCookie(
        coach,
        postForm(`/api/admin/audience/imports/${id}`, { email: "Adresse", firstName: "Prénom", list: "waitlist" }),
      ),
    );
    expect(mapped.status).toBe(303);
    const after = await (await api.app.request(...withCookie(coach, [`/api/admin/audience/imports/${id}`, {}]))).json();
    expect(after).toMatchObject({ kind: "ready", service: "custom", list: "waitlist", counts: { new: 1 } });
  });

  it("exports everyone as CSV, as a download", async () => {
    const response = await api.app.request(...withCookie(coach, ["/api/admin/audience/export", {}]));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="audience-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const text = await response.text();
    expect(text.split("\r\n")[0]).toBe(
      "email,first_name,last_name,status,newsletter,waitlist,suppressed,source,joined_at",
    );
    expect(text).toContain("helen@example.com,Helen,,subscriber,subscribed,,,import:kit,");
    const asReader = await api.app.request(...withCookie(reader, ["/api/admin/audience/export", {}]));
    expect(asReader.status).toBe(403);
  });
});
