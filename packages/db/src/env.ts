import { repositoryPath } from "@academy/config/env";
import { z } from "zod";

/** The variables @academy/db reads. */
export const dbEnv = {
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "expected a postgres:// or postgresql:// connection URL" })
    .optional(),
  DATA_DIR: repositoryPath(".data"),
};
