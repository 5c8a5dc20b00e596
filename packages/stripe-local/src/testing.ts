/**
 * Helpers for tests that use stripe-local: a webhook receiver that records what arrives, and form posts
 * that do what a customer does on the hosted Checkout and portal pages, for tests that run without a
 * browser.
 *
 * @example
 * const receiver = await startWebhookReceiver();
 * const local = await startStripeLocal({ webhookUrl: receiver.url, webhookSecret: "whsec_test" });
 * const response = await payCheckout(session.url, { cardNumber: TEST_CARDS.success });
 * // response.status === 303, response.headers.get("location") === the success URL
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { TEST_CARDS } from "./cards.ts";

export interface ReceivedWebhook {
  /** The raw body, exactly as sent (verify signatures against this, not a re-serialisation). */
  body: string;
  signature: string;
  headers: IncomingHttpHeaders;
  /** The status the receiver answered with. */
  status: number;
  /** The event, parsed from the body. */
  event: { id: string; type: string; data: { object: Record<string, unknown> } };
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** Answer the next `count` webhooks with `status` (default 500) instead of 200. */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const failures: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let event: ReceivedWebhook["event"];
      try {
        event = JSON.parse(body);
      } catch {
        response.writeHead(400).end();
        return;
      }
      const status = failures.shift() ?? 200;
      received.push({
        body,
        signature: String(request.headers["stripe-signature"] ?? ""),
        headers: request.headers,
        status,
        event,
      });
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ received: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    failNext(count, status = 500) {
      for (let index = 0; index < count; index++) failures.push(status);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface CardFormInput {
  cardNumber?: string;
  expiry?: string;
  cvc?: string;
  name?: string;
  /** Needed when the session has neither a customer nor a customer_email. */
  email?: string;
}

/** Submits the hosted Checkout form. Success is a 303 to the success URL; a decline is a 402 page. */
export async function payCheckout(sessionUrl: string, input: CardFormInput = {}): Promise<Response> {
  return postForm(sessionUrl, toCardForm(input));
}

/** Presses a subscription button in the hosted portal: cancel (at period end), renew, pause or resume. */
export async function pressPortalButton(
  portalUrl: string,
  subscriptionId: string,
  action: "cancel" | "pause" | "renew" | "resume",
): Promise<Response> {
  return postForm(`${portalUrl}/subscriptions/${subscriptionId}/${action}`, {});
}

/** Submits the portal's "update card" form. */
export async function updatePortalCard(portalUrl: string, input: CardFormInput = {}): Promise<Response> {
  return postForm(`${portalUrl}/payment-method`, toCardForm(input));
}

function toCardForm(input: CardFormInput): Record<string, string> {
  const form: Record<string, string> = {
    cardNumber: input.cardNumber ?? TEST_CARDS.success,
    cardExpiry: input.expiry ?? "12 / 34",
    cardCvc: input.cvc ?? "123",
    billingName: input.name ?? "Ruth Runner",
  };
  if (input.email !== undefined) form.email = input.email;
  return form;
}

async function postForm(url: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, { method: "POST", body: new URLSearchParams(form), redirect: "manual" });
}
