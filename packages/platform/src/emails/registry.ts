/**
 * Which emails the platform sends, and which named variables each one's file may use. The coach writes the
 * words in `content/emails/<name>.md`; this registry is the contract between her files and the code that
 * fills them in, checked at build and at start (see template.ts).
 */

/** A link fills a link's target (`[Enroll now]({enrollLink})`); text fills words, in the subject too. */
export type VariableKind = "text" | "link";

export interface VariableDefinition {
  kind: VariableKind;
  /** The email makes no sense without it (her personal link, her code): a file that leaves it out fails. */
  required: boolean;
  /** What it holds, shown in the fix of an error. */
  description: string;
}

export interface EmailDefinition {
  /** What the email is, for the coach (the admin and the errors). */
  purpose: string;
  /** Sent to a list rather than asked for by the person: the layout adds an unsubscribe link. */
  bulk: boolean;
  variables: Record<string, VariableDefinition>;
}

const text = (description: string, required = false): VariableDefinition => ({ kind: "text", required, description });
const link = (description: string, required = false): VariableDefinition => ({ kind: "link", required, description });

const greeting = text('"Hi Ana," with her first name, or "Hello," when we do not know it');
const firstName = text("her first name; a paragraph that uses it is left out when we do not know it");
const academyName = text("the academy's name, from site.yaml");
const coachName = text("the coach's name, from site.yaml");
/** The variables every email to a person she knows may use; the catalog fills them (see loadEmails). */
const personal = { greeting, firstName, academyName, coachName };

const launchVariables = {
  ...personal,
  enrollLink: link("her personal enroll link (signed: it lets her in before the public)", true),
  publicOpensAt: text("when enrollment opens to everyone, in the coach's time zone"),
  closesAt: text("when doors close, in the coach's time zone"),
};

export const EMAIL_DEFINITIONS = {
  "doors-open": {
    purpose: "the waitlist's early access: doors are open, with her personal enroll link",
    bulk: true,
    variables: launchVariables,
  },
  "public-open": {
    purpose: "enrollment opens to everyone",
    bulk: true,
    variables: { ...launchVariables, enrollLink: link("her enroll link", true) },
  },
  "closing-reminder": {
    purpose: "the last reminder before doors close",
    bulk: true,
    variables: { ...launchVariables, enrollLink: link("her enroll link", true) },
  },
  "waitlist-confirmation": {
    purpose: "confirm the waitlist join (whoever typed the address also typed the name, so it greets nobody)",
    bulk: false,
    variables: {
      academyName,
      coachName,
      confirmLink: link("the link that confirms her join", true),
      validDays: text("how many days the link works"),
    },
  },
  "waitlist-welcome": {
    purpose: "she is on the waitlist, once she has confirmed",
    bulk: true,
    variables: personal,
  },
  "sign-in": {
    purpose: "her sign-in link and code",
    bulk: false,
    variables: {
      academyName,
      signInLink: link("the sign-in link (it shows a button; only pressing it signs in)", true),
      code: text("the six-digit sign-in code", true),
      validMinutes: text("how many minutes the link and code work"),
    },
  },
  "member-welcome": {
    purpose: "welcome after paying: what to do first",
    bulk: false,
    variables: {
      ...personal,
      email: text("the address she signs in with"),
      planLink: link("her training plan (dashboard)", true),
      lessonsLink: link("the courses"),
      calendarLink: link("where she adds her plan to her calendar"),
      accountLink: link("her account: card, pause, cancel"),
      receiptLink: link("Stripe's receipt for the payment; a paragraph that uses it is left out when there is none"),
    },
  },
  "payment-failed": {
    purpose: "her card was declined: update it to keep her membership",
    bulk: false,
    variables: {
      ...personal,
      accountLink: link("her account, where she updates her card", true),
      accessEndsAt: text("when her access ends unless the payment goes through, in the coach's time zone"),
    },
  },
  "membership-ended": {
    purpose: "her membership has ended",
    bulk: false,
    variables: {
      ...personal,
      enrollLink: link("the enroll page, to come back"),
      accountLink: link("her account"),
    },
  },
  "email-change-confirmation": {
    purpose: "sent to the NEW address: confirm the change",
    bulk: false,
    variables: {
      academyName,
      currentEmail: text("the address she signs in with today"),
      confirmLink: link("the link that applies the change", true),
      validHours: text("how many hours the link works"),
    },
  },
  "email-changed-notice": {
    purpose: "sent to the OLD address once the change has applied",
    bulk: false,
    variables: {
      academyName,
      newEmail: text("the address she signs in with from now on", true),
    },
  },
} as const satisfies Record<string, EmailDefinition>;

export type EmailName = keyof typeof EMAIL_DEFINITIONS;
export const EMAIL_NAMES = Object.keys(EMAIL_DEFINITIONS) as EmailName[];

/** The values an email takes: every variable of its registry entry, optional ones may be missing. */
export type EmailValues<Name extends EmailName> = {
  [Key in keyof (typeof EMAIL_DEFINITIONS)[Name]["variables"]]?: string | number | null;
};

export function isEmailName(name: string): name is EmailName {
  return Object.hasOwn(EMAIL_DEFINITIONS, name);
}
