import type { Session, User } from "@academy/auth";
import type { Services } from "@academy/platform/services";
import type { FormBack } from "./answer.ts";
import type { RequestIdVariables } from "hono/request-id";

/** What every handler finds on `c`: the services, the request id and who is signed in. */
export interface AppEnv {
  Variables: RequestIdVariables & {
    services: Services;
    user: User | undefined;
    session: Session | undefined;
    /** Where a plain HTML form goes back when this route fails (see `formErrorsTo`). */
    formBack: FormBack | undefined;
  };
}
