import { repositoryPath } from "@academy/config/env";

/** The variables the backup command reads beyond @academy/db's own (DATABASE_URL, DATA_DIR). */
export const backupEnv = {
  /** Where `pnpm backup` writes when no file is given (absolute, or relative to the repository root). */
  BACKUP_DIR: repositoryPath("backups"),
};
