import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApi,
  postForm,
  postJson,
  SPRING_WINDOW_FORM,
  signIn,
  TEST_ADMIN_EMAIL,
  type TestApi,
  withCookie,
} from "../testing.ts";
import { confirmFromInbox } from "./waitlist.testing.ts";

describe("the coach's admin API", () => {
  let api: TestApi;
  let coach: string;
  let member: string;
  beforeAll(async () => {
    api = await createTestApi();
    coach = await signIn(api, TEST_ADMIN_EMAIL);
    member = await signIn(api, "member@example.com");
  });
  afterAll(() => api.close());

  const spring = SPRING_WINDOW_FORM;

  it("is closed to visitors (401) and to members who are not the coach (403)", async () => {
    expect((await api.app.request("/api/admin/windows")).status).toBe(401);
    const forbidden = await api.app.request(...withCookie(member, ["/api/admin/windows", {}]));
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).error.message).toBe("Only the coach's account can do this.");
  });

  it("creates a window from her wall-clock times in her zone", async () => {
    const response = await api.app.request(...withCookie(coach, postJson("/api/admin/windows", spring)));
    expect(response.status).toBe(201);
    const { window } = await response.json();
    expect(window).toMatchObject({
      name: "Spring 2027",
      priorityOpensAt: "2027-03-14T16:00:00.000Z",
      publicOpensAt: "2027-03-17T16:00:00.000Z",
      timeZone: "America/Denver",
      capacity: null,
    });
  });

  it("refuses an overlapping window with the reason, and a form goes back with it", async () => {
    const overlapping = {
      ...spring,
      name: "Clash",
      priorityOpensAt: "2027-03-19T10:00",
      publicOpensAt: "2027-03-20T10:00",
      closesAt: "2027-03-25T10:00",
    };
    const response = await api.app.request(...withCookie(coach, postJson("/api/admin/windows", overlapping)));
    expect(response.status).toBe(422);
    expect((await response.json()).error.message).toBe('These dates overlap "Spring 2027". Windows cannot overlap.');
    const form = await api.app.request(...withCookie(coach, postForm("/api/admin/windows", overlapping)));
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toMatch(
      /^\/admin\/windows\/new\?error=These\+dates|^\/admin\/windows\/new\?error=These%20dates/,
    );
  });

  it("explains a time the clocks skip", async () => {
    const response = await api.app.request(
      ...withCookie(
        coach,
        postJson("/api/admin/windows", {
          ...spring,
          name: "Skip",
          priorityOpensAt: "2028-03-12T02:30",
          publicOpensAt: "2028-03-13T10:00",
          closesAt: "2028-03-14T10:00",
        }),
      ),
    );
    expect(response.status).toBe(422);
    expect((await response.json()).error.fields.priorityOpensAt).toContain("does not exist in America/Denver");
  });

  it("cancels a window, which frees its dates", async () => {
    const { windows } = await (await api.app.request(...withCookie(coach, ["/api/admin/windows", {}]))).json();
    const cancel = await api.app.request(
      ...withCookie(coach, postJson(`/api/admin/windows/${windows[0].id}/cancel`, {})),
    );
    expect(cancel.status).toBe(200);
    const again = await api.app.request(
      ...withCookie(coach, postJson("/api/admin/windows", { ...spring, name: "Spring, take two" })),
    );
    expect(again.status).toBe(201);
  });

  it("exports the waitlist as CSV with spreadsheet formulas defused", async () => {
    await api.app.request(...postJson("/api/waitlist", { email: "csv@example.com", firstName: "=HYPERLINK(1)" }));
    // The export lists the people who confirmed they want to be on the list.
    await confirmFromInbox(api, "csv@example.com");
    const response = await api.app.request(...withCookie(coach, ["/api/admin/waitlist.csv", {}]));
    expect(response.headers.get("content-type")).toContain("text/csv");
    const text = await response.text();
    expect(text.split("\r\n")[0]).toBe("email,first_name,source,joined_at,unsubscribed_at");
    expect(text).toContain("csv@example.com,'=HYPERLINK(1),,");
  });
});
