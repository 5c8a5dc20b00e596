import type { Session, User } from "@academy/auth";
import type { Services } from "@academy/platform/services";
import type { RequestIdVariables } from "hono/request-id";
import type { RouteFormBack } from "./answer.ts";

/** What every handler finds on `c`: the services, the request id and who is signed in. */
export interface AppEnv {
  Variables: RequestIdVariables & {
    services: Services;
    user: User | undefined;
    session: Session | undefined;
    /** Where a plain HTML form goes back when this route fails (see `formErrorsTo`). */
    formBack: RouteFormBack | undefined;
  };
}
