/**
 * Amazon SES bounce and complaint notifications, delivered through an SNS topic. SNS signs each message
 * with a certificate of its own: the signature (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA) covers the
 * message's fields in the order AWS documents, and the certificate is fetched only from an https URL on
 * `sns.<region>.amazonaws.com`. Only topics on the allow-list (SES_SNS_TOPIC_ARNS) are believed.
 *
 * @example
 * const message = await verifySnsMessage(body, { allowedTopicArns, fetchCertificate });
 * if (message.Type === "SubscriptionConfirmation") await confirm(message.SubscribeURL);
 * else events = readSesEvents(message.Message, now);
 */
import { createVerify } from "node:crypto";
import {
  type DeliveryEvent,
  isRecord,
  parseJson,
  readProviderTime,
  WebhookPayloadError,
  WebhookVerificationError,
} from "./events.ts";

export interface SnsMessage {
  Type: "Notification" | "SubscriptionConfirmation" | "UnsubscribeConfirmation";
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
  SignatureVersion: "1" | "2";
  Signature: string;
  SigningCertURL: string;
}

/** Reads a PEM certificate from SNS; injected so tests never touch the network. */
export type FetchCertificate = (url: string) => Promise<string>;

export interface VerifySnsOptions {
  allowedTopicArns: readonly string[];
  fetchCertificate: FetchCertificate;
}

const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/** True for an https URL on an SNS host: the only place a signing certificate or a subscribe link may be. */
export function isSnsUrl(value: string | undefined): boolean {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" && SNS_HOST.test(url.hostname) && !url.username && !url.password && !url.port;
  } catch {
    return false;
  }
}

const SIGNED_FIELDS: Record<SnsMessage["Type"], readonly (keyof SnsMessage)[]> = {
  Notification: ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
  SubscriptionConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
  UnsubscribeConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
};

/** The text SNS signs: each field present, in order, as `Name\nvalue\n`. */
export function snsStringToSign(message: SnsMessage): string {
  return SIGNED_FIELDS[message.Type]
    .filter((field) => message[field] !== undefined)
    .map((field) => `${field}\n${message[field]}\n`)
    .join("");
}

/** The SNS message in `body` once its topic, certificate URL and signature check out; throws otherwise. */
export async function verifySnsMessage(body: string, options: VerifySnsOptions): Promise<SnsMessage> {
  const message = readSnsShape(parseJson(body));
  if (!options.allowedTopicArns.includes(message.TopicArn)) {
    throw new WebhookVerificationError(
      `The SNS topic ${message.TopicArn} is not in SES_SNS_TOPIC_ARNS; add it there if it is yours.`,
    );
  }
  if (!isSnsUrl(message.SigningCertURL)) {
    throw new WebhookVerificationError(
      "The SNS signing certificate must come from https://sns.<region>.amazonaws.com.",
    );
  }
  const certificate = await options.fetchCertificate(message.SigningCertURL).catch(() => {
    throw new WebhookVerificationError("The SNS signing certificate could not be fetched; SNS will retry.");
  });
  const verifier = createVerify(message.SignatureVersion === "1" ? "RSA-SHA1" : "RSA-SHA256");
  verifier.update(snsStringToSign(message), "utf8");
  let valid = false;
  try {
    valid = verifier.verify(certificate, message.Signature, "base64");
  } catch {
    valid = false;
  }
  if (!valid) throw new WebhookVerificationError("The SNS message signature does not match its certificate.");
  if (message.Type !== "Notification" && !isSnsUrl(message.SubscribeURL)) {
    throw new WebhookVerificationError("The SNS SubscribeURL must be an https://sns.<region>.amazonaws.com link.");
  }
  return message;
}

function readSnsShape(value: unknown): SnsMessage {
  const strings = ["Type", "MessageId", "TopicArn", "Message", "Timestamp", "Signature", "SigningCertURL"] as const;
  if (!isRecord(value) || strings.some((field) => typeof value[field] !== "string")) {
    throw new WebhookVerificationError("Expected a signed SNS message (Type, TopicArn, Message, Signature…).");
  }
  if (
    !(
      value.Type === "Notification" ||
      value.Type === "SubscriptionConfirmation" ||
      value.Type === "UnsubscribeConfirmation"
    )
  ) {
    throw new WebhookVerificationError(`Unknown SNS message type ${String(value.Type)}.`);
  }
  if (value.SignatureVersion !== "1" && value.SignatureVersion !== "2") {
    throw new WebhookVerificationError("Only SNS SignatureVersion 1 and 2 are accepted.");
  }
  for (const field of ["Subject", "SubscribeURL", "Token"] as const) {
    if (value[field] !== undefined && typeof value[field] !== "string") {
      throw new WebhookVerificationError(`The SNS field ${field} must be text.`);
    }
  }
  return value as unknown as SnsMessage;
}

/**
 * The events in an SES notification (the SNS message's `Message`), as SES documents it for both
 * notifications (`notificationType`) and event publishing (`eventType`): Permanent bounces are hard,
 * Transient and Undetermined ones soft; every complaint counts.
 */
export function readSesEvents(message: string, now: Date): DeliveryEvent[] {
  const notification = parseJson(message);
  if (!isRecord(notification)) throw new WebhookPayloadError("Expected an SES notification object.");
  const type = notification.notificationType ?? notification.eventType;
  if (type === "Bounce" && isRecord(notification.bounce)) {
    const { bounce } = notification;
    const kind = bounce.bounceType === "Permanent" ? "hard_bounce" : "soft_bounce";
    const at = readProviderTime(bounce.timestamp, now);
    return addresses(bounce.bouncedRecipients).map((email) => ({ kind, email, at }));
  }
  if (type === "Complaint" && isRecord(notification.complaint)) {
    const { complaint } = notification;
    const at = readProviderTime(complaint.timestamp, now);
    return addresses(complaint.complainedRecipients).map((email) => ({ kind: "complaint", email, at }));
  }
  return [];
}

function addresses(recipients: unknown): string[] {
  if (!Array.isArray(recipients)) throw new WebhookPayloadError("Expected the SES notification's recipients.");
  return recipients.flatMap((recipient) =>
    isRecord(recipient) && typeof recipient.emailAddress === "string" ? [recipient.emailAddress] : [],
  );
}
