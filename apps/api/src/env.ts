import { httpUrl, nodeEnv, port } from "@academy/config/env";
import { dbEnv } from "@academy/db/env";
import { z } from "zod";

/** The variables the API reads, whichever process hosts it. */
export const apiEnv = {
  ...nodeEnv,
  ...dbEnv,
  SITE_URL: httpUrl().default("http://localhost:4321"),
  HOST: z.string().min(1).default("127.0.0.1"),
};

/** When the API runs standalone, it listens on its own port. */
export const standaloneApiEnv = {
  ...apiEnv,
  API_PORT: port(4322),
};

export type ApiEnv = z.infer<z.ZodObject<typeof apiEnv>>;
