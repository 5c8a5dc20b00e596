import { Hono } from "hono";
import type { Engine } from "../engine.ts";
import { createInvalidRequestError, createMissingParamError, createResourceMissingError } from "../errors.ts";
import { type ApiEnv, readRequestParams, respondWithObject } from "../http.ts";
import { createId } from "../ids.ts";
import type { PortalSession } from "../objects.ts";

export function createBillingPortalRoutes(engine: Engine) {
  return new Hono<ApiEnv>().post("/sessions", (c) => {
    const params = readRequestParams(c);
    const customerId = params.string("customer");
    if (customerId === undefined) throw createMissingParamError("customer");
    const returnUrl = params.string("return_url") ?? null;
    if (returnUrl !== null && !URL.canParse(returnUrl)) {
      throw createInvalidRequestError("Not a valid URL", "return_url", "url_invalid");
    }
    if (params.has("flow_data")) {
      throw createInvalidRequestError(
        "stripe-local's portal has no deep-link flows; send the customer to the portal's main page.",
        "flow_data",
      );
    }
    const locale = params.string("locale") ?? null;
    params.ignore("configuration", "on_behalf_of");
    const expand = params.expand();
    params.finish();
    const customer = engine.store.customers.get(customerId);
    if (customer === undefined) throw createResourceMissingError("customer", customerId, "customer");
    const id = createId("bps");
    const session: PortalSession = {
      id,
      object: "billing_portal.session",
      configuration: "bpc_stripe_local",
      created: engine.timeFor(customer.test_clock),
      customer: customer.id,
      flow: null,
      livemode: false,
      locale,
      on_behalf_of: null,
      return_url: returnUrl,
      url: `${engine.baseUrl}/portal/${id}`,
    };
    engine.store.portalSessions.set(id, session);
    return respondWithObject(c, engine, session, expand);
  });
}
