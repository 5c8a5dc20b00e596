import type { Session, User } from "@academy/auth";
import type { RequestIdVariables } from "hono/request-id";
import type { Services } from "../services.ts";

/** What every handler finds on `c`: the services, the request id and who is signed in. */
export interface AppEnv {
  Variables: RequestIdVariables & {
    services: Services;
    user: User | undefined;
    session: Session | undefined;
  };
}
