#!/usr/bin/env bash
# The entrypoint of the postgres:17 stand-in (scripts/docker/stand-in-images.sh): the part of the official
# image's docker-entrypoint.sh that compose.yaml relies on. On the first start (no PG_VERSION in PGDATA) it
# runs initdb with POSTGRES_USER (default postgres) and POSTGRES_PASSWORD (required), lets every host in with
# that password (scram-sha-256) while local socket connections are trusted, creates POSTGRES_DB (default: the
# user's name), runs /docker-entrypoint-initdb.d/*.sql and *.sh, then starts `postgres` as the postgres user.
# Any other command (psql, pg_dump, bash) runs as given.
set -Eeuo pipefail

if [[ ${1:-} == -* ]]; then set -- postgres "$@"; fi

if [[ ${1:-} == postgres && $(id -u) == 0 ]]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
  chown postgres:postgres /var/run/postgresql
  chmod 700 "$PGDATA"
  chmod 3777 /var/run/postgresql
  exec gosu postgres "${BASH_SOURCE[0]}" "$@"
fi

if [[ ${1:-} == postgres && ! -s $PGDATA/PG_VERSION ]]; then
  if [[ -z ${POSTGRES_PASSWORD:-} ]]; then
    echo "Database is uninitialized and POSTGRES_PASSWORD is not set: set it to a password for POSTGRES_USER." >&2
    exit 1
  fi
  user=${POSTGRES_USER:-postgres}
  database=${POSTGRES_DB:-$user}
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of words, as in the official image.
  initdb --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 ${POSTGRES_INITDB_ARGS:-} >/dev/null
  printf '\nhost all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  # A server on the socket only, so nobody connects before the database is ready.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p ${PGPORT:-5432}" -w start >/dev/null
  if [[ $database != postgres ]]; then
    psql -v ON_ERROR_STOP=1 --username "$user" --dbname postgres --set db="$database" \
      <<<'CREATE DATABASE :"db";' >/dev/null
  fi
  for file in /docker-entrypoint-initdb.d/*; do
    case $file in
      *.sh) echo "running $file" && . "$file" ;;
      *.sql) echo "running $file" && psql -v ON_ERROR_STOP=1 --username "$user" --dbname "$database" -f "$file" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "PostgreSQL init process complete; ready for start up."
fi

exec "$@"
