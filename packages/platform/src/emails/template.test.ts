import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readEmailTemplates } from "./catalog.ts";
import { EMAIL_DEFINITIONS, EMAIL_NAMES } from "./registry.ts";
import { type ContentProblem, formatProblem, parseEmailTemplate } from "./template.ts";

const SAMPLE_CONTENT = fileURLToPath(new URL("../../../../content", import.meta.url));

const file = (name: string) => `content/emails/${name}.md`;
const problemsOf = (source: string, name = "sign-in"): ContentProblem[] =>
  parseEmailTemplate(source, file(name)).problems;

const validSignIn = `---
subject: "Your code: {code}"
preheader: "Good for {validMinutes} minutes."
---
Here is your sign-in.

[Sign in]({signInLink})

Or type {code}.
`;

describe("the email registry", () => {
  it("has a file in the sample content for every email the platform sends, each valid", () => {
    const { templates, problems } = readEmailTemplates(SAMPLE_CONTENT);
    expect(problems.map(formatProblem)).toEqual([]);
    expect([...templates.keys()].sort()).toEqual([...EMAIL_NAMES].sort());
  });

  it("makes the links and codes that carry the email required", () => {
    expect(EMAIL_DEFINITIONS["doors-open"].variables.enrollLink.required).toBe(true);
    expect(EMAIL_DEFINITIONS["sign-in"].variables.code.required).toBe(true);
    expect(EMAIL_DEFINITIONS["sign-in"].variables.signInLink.required).toBe(true);
    expect(EMAIL_DEFINITIONS["waitlist-confirmation"].variables.confirmLink.required).toBe(true);
    expect(EMAIL_DEFINITIONS["email-change-confirmation"].variables.confirmLink.required).toBe(true);
  });

  it("gives the waitlist confirmation nobody's name: whoever typed the address typed the name too", () => {
    expect(Object.keys(EMAIL_DEFINITIONS["waitlist-confirmation"].variables)).not.toContain("firstName");
    const source =
      '---\nsubject: "Confirm"\npreheader: "One click."\n---\nHi {firstName}\n\n[Confirm]({confirmLink})\n';
    expect(problemsOf(source, "waitlist-confirmation").map(formatProblem)).toEqual([
      "content/emails/waitlist-confirmation.md:5: {firstName} is not a variable of this email. Fix: use one of {academyName}, {coachName}, {confirmLink}, {validDays}.",
    ]);
  });
});

describe("an email file", () => {
  it("parses when it uses its variables in their place", () => {
    expect(problemsOf(validSignIn)).toEqual([]);
  });

  it("names the file and line of an unknown variable, with the variables it may use", () => {
    const source = validSignIn.replace("Or type {code}.", "Or type {code}.\n\nThanks, {coachNmae}");
    expect(problemsOf(source).map(formatProblem)).toEqual([
      "content/emails/sign-in.md:11: {coachNmae} is not a variable of this email. Fix: use one of {academyName}, {signInLink}, {code}, {validMinutes}.",
    ]);
  });

  it("fails when a required variable is missing, saying what to add", () => {
    const source = validSignIn.replace("[Sign in]({signInLink})", "Sign in on the site.");
    const [problem] = problemsOf(source);
    expect(problem && formatProblem(problem)).toBe(
      "content/emails/sign-in.md:1: this email must carry {signInLink} (the sign-in link (it shows a button; only pressing it signs in)) and does not. Fix: add [the words to click]({signInLink}) to the body.",
    );
  });

  it("refuses a personal link written as words, in the subject, or a name used as a link", () => {
    const asWords = validSignIn.replace("Or type {code}.", "Or type {code} at {signInLink}.");
    expect(problemsOf(asWords).map((problem) => [problem.line, problem.message])).toEqual([
      [9, "{signInLink} is a link, written here as words"],
    ]);
    const inSubject = validSignIn.replace('subject: "Your code: {code}"', 'subject: "Sign in at {signInLink}"');
    expect(problemsOf(inSubject).map((problem) => problem.line)).toEqual([2, 2]);
    const nameAsLink = validSignIn.replace("Or type {code}.", "Or type {code} [here]({academyName}).");
    expect(problemsOf(nameAsLink)[0]?.message).toMatch(/^\{academyName\} is not a link/);
  });

  it("names the line of a bad front-matter field and of a missing subject", () => {
    const extra = validSignIn.replace('preheader: "Good', 'from: "me@example.com"\npreheader: "Good');
    expect(problemsOf(extra).map(formatProblem)).toEqual([
      'content/emails/sign-in.md:3: "from" is not a field of an email. Fix: keep only subject and preheader.',
    ]);
    const noSubject = validSignIn.replace('subject: "Your code: {code}"\n', "");
    expect(problemsOf(noSubject).map((problem) => problem.message)).toEqual(["the subject is missing or empty"]);
    expect(problemsOf("Hello\n")[0]?.message).toBe("the file does not start with front matter");
  });

  it("explains a brace that is no variable, and lets {{ }} write real braces", () => {
    const stray = validSignIn.replace("Or type {code}.", "Or type {code}. {first name}");
    expect(problemsOf(stray).map(formatProblem)).toEqual([
      "content/emails/sign-in.md:9: {first name} is not a variable name. Fix: write a name of letters and digits, like {firstName}, or {{ and }} for braces of your own.",
    ]);
    const unclosed = validSignIn.replace("Or type {code}.", "Or type {code");
    expect(problemsOf(unclosed)).toContainEqual(
      expect.objectContaining({ line: 9, message: "a { opens a variable that is never closed" }),
    );
    expect(problemsOf(validSignIn.replace("Or type {code}.", "Or type {code}. {{braces}}"))).toEqual([]);
  });

  it("is refused when its name is no email the platform sends", () => {
    expect(problemsOf(validSignIn, "doors-opne")[0]?.message).toBe('"doors-opne" is not an email the platform sends');
  });

  it("refuses images and links to nowhere", () => {
    const image = validSignIn.replace("Or type {code}.", "Or type {code}.\n\n![](/hero.jpg)");
    expect(problemsOf(image)[0]).toMatchObject({ line: 11 });
    const scriptLink = validSignIn.replace("Or type {code}.", "Or type {code} [x](javascript:void).");
    expect(problemsOf(scriptLink)[0]?.fix).toContain("https://");
  });
});
