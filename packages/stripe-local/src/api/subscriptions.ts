import { Hono } from "hono";
import {
  applyCancelAtPeriodEnd,
  applyPauseCollection,
  changeSubscription,
  endSubscription,
  startTrialUntil,
} from "../billing.ts";
import type { Engine } from "../engine.ts";
import { createInvalidRequestError, createMissingParamError } from "../errors.ts";
import * as http from "../http.ts";
import type { PauseBehavior, Subscription } from "../objects.ts";
import { applyMetadataUpdate, type ParamReader } from "../params.ts";
import { listNewestFirst } from "../store.ts";

const PAUSE_BEHAVIORS = ["keep_as_draft", "mark_uncollectible", "void"] as const;
const LIST_STATUSES = [
  "active",
  "all",
  "canceled",
  "ended",
  "incomplete",
  "incomplete_expired",
  "past_due",
  "paused",
  "trialing",
  "unpaid",
] as const;

export function createSubscriptionRoutes(engine: Engine) {
  return new Hono<http.ApiEnv>()
    .post("/", () => {
      throw createInvalidRequestError(
        "stripe-local creates subscriptions through Checkout: create a Checkout Session in subscription mode.",
      );
    })
    .get("/", (c) => {
      const params = http.readRequestParams(c);
      const customer = params.string("customer");
      const price = params.string("price");
      const status = params.oneOf("status", LIST_STATUSES);
      const testClock = params.string("test_clock");
      params.ignore("created", "current_period_end", "current_period_start", "collection_method");
      const subscriptions = listNewestFirst(engine.store.subscriptions).filter(
        (subscription) =>
          (customer === undefined || subscription.customer === customer) &&
          (price === undefined || subscription.items.data.some((item) => item.price.id === price)) &&
          (testClock === undefined || subscription.test_clock === testClock) &&
          matchesStatusFilter(subscription, status),
      );
      return http.respondWithPage(c, engine, params, subscriptions, "/v1/subscriptions");
    })
    .get("/:id", http.retrieveFrom(engine, engine.store.subscriptions, "subscription"))
    .post("/:id", (c) => {
      const subscription = http.findOrThrow(engine.store.subscriptions, c.req.param("id"), "subscription");
      const params = http.readRequestParams(c);
      const update = readSubscriptionUpdate(engine, subscription, params);
      const expand = params.expand();
      params.finish();
      const at = engine.timeFor(subscription.test_clock);
      changeSubscription(engine, subscription, at, (draft) => {
        if (update.cancelAtPeriodEnd !== undefined && update.cancelAtPeriodEnd !== draft.cancel_at_period_end) {
          applyCancelAtPeriodEnd(draft, update.cancelAtPeriodEnd, at);
        }
        if (update.pauseCollection !== undefined) applyPauseCollection(draft, update.pauseCollection);
        if (update.defaultPaymentMethod !== undefined) draft.default_payment_method = update.defaultPaymentMethod;
        if (update.description !== undefined) draft.description = update.description;
        if (update.trialEnd !== undefined) startTrialUntil(engine, draft, update.trialEnd, at);
        draft.metadata = applyMetadataUpdate(draft.metadata, update.metadata);
        draft.cancellation_details = { ...draft.cancellation_details, ...update.cancellationDetails };
      });
      return http.respondWithObject(c, engine, subscription, expand);
    })
    .delete("/:id", (c) => {
      const subscription = http.findOrThrow(engine.store.subscriptions, c.req.param("id"), "subscription");
      const params = http.readRequestParams(c);
      const details = readCancellationDetails(params);
      params.ignore("invoice_now", "prorate");
      const expand = params.expand();
      params.finish();
      if (subscription.status === "canceled") {
        throw createInvalidRequestError(
          `A canceled subscription can't be canceled again (${subscription.id}).`,
          undefined,
          "resource_missing",
        );
      }
      subscription.cancellation_details = { ...subscription.cancellation_details, ...details };
      endSubscription(engine, subscription, engine.timeFor(subscription.test_clock), "cancellation_requested");
      return http.respondWithObject(c, engine, subscription, expand);
    });
}

interface SubscriptionUpdate {
  cancelAtPeriodEnd?: boolean;
  pauseCollection?: { behavior: PauseBehavior; resumes_at: number | null } | null;
  defaultPaymentMethod?: string | null;
  description?: string | null;
  /** A new trial end: no charge until then, when a new billing period starts. */
  trialEnd?: number;
  metadata?: ReturnType<ParamReader["metadata"]>;
  cancellationDetails: { comment?: string | null; feedback?: string | null };
}

function readSubscriptionUpdate(engine: Engine, subscription: Subscription, params: ParamReader): SubscriptionUpdate {
  const update: SubscriptionUpdate = {
    metadata: params.metadata(),
    cancellationDetails: readCancellationDetails(params),
  };
  for (const unsupported of ["items", "billing_cycle_anchor", "cancel_at", "coupon", "discounts"]) {
    if (params.has(unsupported)) {
      throw createInvalidRequestError(
        `stripe-local does not support updating \`${unsupported}\`; see packages/stripe-local/README.md.`,
        unsupported,
      );
    }
  }
  params.ignore("proration_behavior", "payment_behavior", "off_session");
  const cancelAtPeriodEnd = params.boolean("cancel_at_period_end");
  if (cancelAtPeriodEnd !== undefined) update.cancelAtPeriodEnd = cancelAtPeriodEnd;
  if (params.isEmpty("pause_collection")) {
    params.ignore("pause_collection");
    update.pauseCollection = null;
  } else {
    const pause = params.object("pause_collection");
    if (pause !== undefined) {
      const behavior = pause.oneOf("behavior", PAUSE_BEHAVIORS);
      if (behavior === undefined) throw createMissingParamError("pause_collection[behavior]");
      const resumesAt = pause.integer("resumes_at") ?? null;
      if (resumesAt !== null && resumesAt <= engine.timeFor(subscription.test_clock)) {
        throw createInvalidRequestError("`resumes_at` must be in the future.", "pause_collection[resumes_at]");
      }
      update.pauseCollection = { behavior, resumes_at: resumesAt };
    }
  }
  if (params.has("default_payment_method")) {
    const id = params.string("default_payment_method") ?? null;
    if (id !== null && engine.store.paymentMethods.get(id)?.customer !== subscription.customer) {
      throw createInvalidRequestError(
        `The customer does not have a payment method with the ID ${id}.`,
        "default_payment_method",
        "resource_missing",
      );
    }
    update.defaultPaymentMethod = id;
  }
  if (params.has("description")) update.description = params.string("description") ?? null;
  if (params.has("trial_end")) update.trialEnd = readTrialEnd(engine, subscription, params);

  const changesBilling =
    update.trialEnd !== undefined ||
    update.cancelAtPeriodEnd !== undefined ||
    update.pauseCollection !== undefined ||
    update.defaultPaymentMethod !== undefined;
  if (subscription.status === "canceled" && changesBilling) {
    throw createInvalidRequestError(
      "A canceled subscription can only update its cancellation_details and metadata.",
      undefined,
    );
  }
  return update;
}

const MAX_TRIAL_DAYS = 730;

/**
 * An update's `trial_end`, as Stripe checks it: a Unix timestamp in the future, at most two years away.
 * (`now`, which ends a trial at once, is not supported here.)
 */
function readTrialEnd(engine: Engine, subscription: Subscription, params: ParamReader): number {
  if (params.string("trial_end") === "now") {
    throw createInvalidRequestError(
      "stripe-local does not support `trial_end=now`; see packages/stripe-local/README.md.",
      "trial_end",
    );
  }
  const trialEnd = params.integer("trial_end");
  const now = engine.timeFor(subscription.test_clock);
  if (trialEnd === undefined || trialEnd <= now) {
    throw createInvalidRequestError("Invalid timestamp: must be an integer Unix timestamp in the future.", "trial_end");
  }
  if (trialEnd > now + MAX_TRIAL_DAYS * 86_400) {
    throw createInvalidRequestError(
      `Invalid timestamp: can be no more than ${MAX_TRIAL_DAYS} days in the future.`,
      "trial_end",
    );
  }
  return trialEnd;
}

function readCancellationDetails(params: ParamReader): { comment?: string | null; feedback?: string | null } {
  const details = params.object("cancellation_details");
  if (details === undefined) return {};
  const read: { comment?: string | null; feedback?: string | null } = {};
  if (details.has("comment")) read.comment = details.string("comment", { maxLength: 5000 }) ?? null;
  if (details.has("feedback")) {
    read.feedback =
      details.oneOf("feedback", [
        "customer_service",
        "low_quality",
        "missing_features",
        "other",
        "switched_service",
        "too_complex",
        "too_expensive",
        "unused",
      ] as const) ?? null;
  }
  return read;
}

/** Stripe's `status` filter: by default every subscription that has not ended. */
function matchesStatusFilter(subscription: Subscription, status: (typeof LIST_STATUSES)[number] | undefined): boolean {
  if (status === "all") return true;
  if (status === "ended") return subscription.status === "canceled";
  if (status === undefined) return subscription.status !== "canceled";
  return subscription.status === status;
}
