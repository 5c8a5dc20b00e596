import { describe, expect, it } from "vitest";
import { WebhookVerificationError } from "./events.ts";
import {
  newResendTestSecret,
  postmarkHardBounce,
  postmarkSoftBounce,
  postmarkSpamComplaint,
  RESEND_TEST_SECRET,
  resendBounced,
  resendComplained,
  SES_TOPIC_ARN,
  SNS_TEST_CERTIFICATE,
  sesComplaint,
  sesPermanentBounce,
  sesTransientBounce,
  signedSnsMessage,
  snsSubscriptionConfirmation,
} from "./fixtures/payloads.ts";
import { readPostmarkEvents, verifyPostmarkAuthorization } from "./postmark.ts";
import { readResendEvents, signSvix, verifySvixSignature } from "./resend.ts";
import { isSnsUrl, readSesEvents, verifySnsMessage } from "./sns.ts";

const NOW = new Date("2026-05-03T23:45:30Z");
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("Postmark", () => {
  const credentials = { user: "postmark", password: "a-long-random-password" };

  it("accepts the webhook URL's user name and password and refuses anything else", () => {
    expect(() => verifyPostmarkAuthorization(basic("postmark", "a-long-random-password"), credentials)).not.toThrow();
    for (const header of [
      undefined,
      "",
      basic("postmark", "a-long-random-passwore"),
      basic("other", "a-long-random-password"),
      "Bearer x",
    ]) {
      expect(() => verifyPostmarkAuthorization(header, credentials)).toThrow(WebhookVerificationError);
    }
  });

  it("reads a hard bounce, a soft bounce and a spam complaint from the documented records", () => {
    expect(readPostmarkEvents(JSON.stringify(postmarkHardBounce), NOW)).toEqual({
      eventId: "Bounce:4323372036854775",
      events: [{ kind: "hard_bounce", email: "gone.runner@example.com", at: new Date("2026-05-03T16:33:54.907Z") }],
    });
    expect(readPostmarkEvents(JSON.stringify(postmarkSoftBounce), NOW).events).toEqual([
      { kind: "soft_bounce", email: "full.mailbox@example.com", at: expect.any(Date) },
    ]);
    expect(readPostmarkEvents(JSON.stringify(postmarkSpamComplaint), NOW)).toEqual({
      eventId: "SpamComplaint:42",
      events: [{ kind: "complaint", email: "annoyed.reader@example.com", at: new Date("2026-05-03T16:40:00Z") }],
    });
  });
});

describe("Resend (Svix signatures)", () => {
  const body = JSON.stringify(resendBounced);
  const id = "msg_2pNZ7Lq6Gv5rV4zwE0Jd3Yk1aXb";
  const timestamp = String(Math.floor(NOW.getTime() / 1000));
  const signature = `v1,${signSvix(RESEND_TEST_SECRET, id, timestamp, body)}`;
  const request = { id, timestamp, signature, body, secret: RESEND_TEST_SECRET, now: NOW };

  it("accepts a genuine signature, also among several (a secret being rotated)", () => {
    expect(() => verifySvixSignature(request)).not.toThrow();
    expect(() => verifySvixSignature({ ...request, signature: `v1,bm90IGl0 ${signature}` })).not.toThrow();
  });

  it("refuses a changed body, a wrong secret, missing headers and a stale or future timestamp", () => {
    expect(() => verifySvixSignature({ ...request, body: body.replace("gone.runner", "someone.else") })).toThrow(
      /does not match/,
    );
    expect(() => verifySvixSignature({ ...request, secret: newResendTestSecret() })).toThrow(/RESEND_WEBHOOK_SECRET/);
    expect(() => verifySvixSignature({ ...request, id: undefined })).toThrow(/svix-id/);
    const late = new Date(NOW.getTime() + 6 * 60_000);
    const early = new Date(NOW.getTime() - 6 * 60_000);
    expect(() => verifySvixSignature({ ...request, now: late })).toThrow(/5 minutes/);
    expect(() => verifySvixSignature({ ...request, now: early })).toThrow(/5 minutes/);
  });

  it("reads email.bounced as a hard bounce and email.complained as a complaint; other events give none", () => {
    expect(readResendEvents(body, NOW)).toEqual([
      { kind: "hard_bounce", email: "gone.runner@example.com", at: new Date("2026-05-03T23:41:12.126Z") },
    ]);
    expect(readResendEvents(JSON.stringify(resendComplained), NOW)).toEqual([
      { kind: "complaint", email: "annoyed.reader@example.com", at: new Date("2026-05-03T23:45:00Z") },
    ]);
    const transient = { ...resendBounced, data: { ...resendBounced.data, bounce: { type: "Transient" } } };
    expect(readResendEvents(JSON.stringify(transient), NOW)[0]?.kind).toBe("soft_bounce");
    expect(readResendEvents(JSON.stringify({ ...resendComplained, type: "email.delivered" }), NOW)).toEqual([]);
  });
});

describe("Amazon SES through SNS", () => {
  const options = { allowedTopicArns: [SES_TOPIC_ARN], fetchCertificate: async () => SNS_TEST_CERTIFICATE };
  const notification = (version: "1" | "2") =>
    signedSnsMessage({ Message: JSON.stringify(sesPermanentBounce) }, version);

  it("verifies SignatureVersion 1 (SHA1withRSA) and 2 (SHA256withRSA)", async () => {
    for (const version of ["1", "2"] as const) {
      const message = await verifySnsMessage(JSON.stringify(notification(version)), options);
      expect(readSesEvents(message.Message, NOW)).toEqual([
        { kind: "hard_bounce", email: "gone.runner@example.com", at: new Date("2026-05-03T14:05:46Z") },
      ]);
    }
  });

  it("refuses a tampered message, a version-1 signature claimed as version 2, and an unknown topic", async () => {
    const genuine = notification("1");
    const tampered = { ...genuine, Message: genuine.Message.replace("gone.runner", "someone.else") };
    await expect(verifySnsMessage(JSON.stringify(tampered), options)).rejects.toThrow(/signature does not match/);
    await expect(verifySnsMessage(JSON.stringify({ ...genuine, SignatureVersion: "2" }), options)).rejects.toThrow(
      /signature does not match/,
    );
    const otherTopic = signedSnsMessage({ Message: "{}", TopicArn: "arn:aws:sns:eu-west-1:999999999999:theirs" });
    await expect(verifySnsMessage(JSON.stringify(otherTopic), options)).rejects.toThrow(/SES_SNS_TOPIC_ARNS/);
  });

  it("fetches certificates only from https://sns.<region>.amazonaws.com", async () => {
    const fetched: string[] = [];
    const spying = {
      ...options,
      fetchCertificate: async (url: string) => {
        fetched.push(url);
        return SNS_TEST_CERTIFICATE;
      },
    };
    for (const url of [
      "http://sns.eu-west-1.amazonaws.com/cert.pem",
      "https://sns.eu-west-1.amazonaws.com.evil.example/cert.pem",
      "https://evil.example/sns.eu-west-1.amazonaws.com/cert.pem",
      "https://user@sns.eu-west-1.amazonaws.com/cert.pem",
    ]) {
      const message = signedSnsMessage({ Message: "{}", SigningCertURL: url });
      await expect(verifySnsMessage(JSON.stringify(message), spying)).rejects.toThrow(/certificate must come from/);
    }
    expect(fetched).toEqual([]);
    expect(isSnsUrl("https://sns.us-gov-west-1.amazonaws.com/x.pem")).toBe(true);
  });

  it("verifies a subscription confirmation with its own field list", async () => {
    const message = await verifySnsMessage(JSON.stringify(snsSubscriptionConfirmation()), options);
    expect(message.Type).toBe("SubscriptionConfirmation");
    expect(message.SubscribeURL).toMatch(/^https:\/\/sns\.eu-west-1\.amazonaws\.com\//);
  });

  it("reads transient bounces as soft and complaints as complaints", () => {
    expect(readSesEvents(JSON.stringify(sesTransientBounce), NOW)).toEqual([
      { kind: "soft_bounce", email: "full.mailbox@example.com", at: new Date("2026-05-03T14:06:00Z") },
    ]);
    expect(readSesEvents(JSON.stringify(sesComplaint), NOW)).toEqual([
      { kind: "complaint", email: "annoyed.reader@example.com", at: new Date("2026-05-03T14:09:01Z") },
    ]);
    expect(readSesEvents(JSON.stringify({ notificationType: "Delivery", delivery: {} }), NOW)).toEqual([]);
  });
});
