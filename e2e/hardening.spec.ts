import { expect, test } from "@playwright/test";

test("a NUL byte or a broken character in a page's query is refused with a message, never a server error", async ({
  request,
}) => {
  for (const path of ["/admin/waitlist?q=a%00b", "/join?email=%00", "/sign-in?error=%ED%A0%BC", "/enroll?x%00=1"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(400);
    expect(await response.text(), path).toMatch(/^Remove the invisible or broken character/);
  }
});
