import { fileURLToPath } from "node:url";
import { z } from "zod";

const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** The variables @academy/db reads. */
export const dbEnv = {
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "expected a postgres:// or postgresql:// connection URL" })
    .optional(),
  DATA_DIR: z
    .string()
    .default(`${repositoryRoot}.data`)
    .transform((value) => (value.startsWith("/") ? value : `${repositoryRoot}${value}`)),
};
