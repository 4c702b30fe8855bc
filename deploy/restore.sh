#!/usr/bin/env bash
# Restore a backup made by backup.sh into an EMPTY PostgreSQL database and the media folder.
# Usage: DATABASE_URL=postgres://… deploy/restore.sh backups/<date-time>
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?set DATABASE_URL to the empty PostgreSQL database to restore into}"
source=${1:?give the backup folder, e.g. backups/20261129-120000}
media_root=${MEDIA_ROOT:-var/media}
[ -f "$source/portal.dump" ] || { echo "No portal.dump in $source" >&2; exit 1; }

tables=$(psql "$DATABASE_URL" -Atc "select count(*) from pg_tables where schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "The database already has $tables tables; restore only into an empty database." >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$source/portal.dump"
mkdir -p "$media_root"
tar -xzf "$source/media.tar.gz" -C "$media_root"
echo "Restored $source"
