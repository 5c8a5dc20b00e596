import { port } from "@academy/config/env";
import { platformEnv } from "@academy/platform/env";

/** When the API runs standalone, it listens on its own port. */
export const standaloneApiEnv = {
  ...platformEnv,
  API_PORT: port(4322),
};
