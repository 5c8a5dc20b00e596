import type { RequestIdVariables } from "hono/request-id";
import type { Services } from "../services.ts";

/** What every handler finds on `c`: the services and the request id. */
export interface AppEnv {
  Variables: RequestIdVariables & { services: Services };
}
