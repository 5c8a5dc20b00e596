#!/usr/bin/env bash
# The backup service of compose.yaml, run in the postgres image: a pg_dump of the academy's database in
# custom format (restore with pg_restore, or `pnpm restore`) every BACKUP_INTERVAL_HOURS, the first one at
# start; dumps older than BACKUP_KEEP_DAYS are deleted after each new one is complete. A dump is written to a
# .partial file and renamed once whole, so /backups only ever holds complete dumps.
#
#   backup.sh            the loop (the service's command)
#   backup.sh --once     one dump now, then exit (docker-compose exec backup backup.sh --once)
#
# Reads the connection from libpq's variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).
set -euo pipefail

dir=${BACKUP_DIR:-/backups}
keep_days=${BACKUP_KEEP_DAYS:-14}
interval_hours=${BACKUP_INTERVAL_HOURS:-24}

back_up() {
  local file
  file="$dir/academy-$(date -u +%Y%m%dT%H%M%SZ).dump"
  mkdir -p "$dir"
  pg_dump --format=custom --no-owner --file="$file.partial"
  sync "$file.partial"
  mv "$file.partial" "$file"
  # Rotation: whole days, counted from each file's time; never the dump just made.
  find "$dir" -maxdepth 1 -name 'academy-*.dump' -mmin "+$((keep_days * 24 * 60))" ! -path "$file" -print -delete |
    sed 's/^/deleted old backup /'
  echo "backed up ${PGDATABASE:-?} to $file ($(du -h "$file" | cut -f1)); keeping $keep_days days"
}

if [[ ${1:-} == --once ]]; then
  back_up
  exit 0
fi

# As PID 1 of its container, bash ignores SIGTERM unless it says what to do with it.
trap 'exit 0' TERM INT
until pg_isready --quiet; do sleep 2; done
while true; do
  # A failed dump is reported and tried again at the next interval; the service keeps running.
  back_up || echo "backup failed; next try in ${interval_hours}h" >&2
  sleep "$((interval_hours * 3600))" &
  # `wait` returns on SIGTERM at once, so `docker stop` does not wait out the sleep.
  wait $!
done
