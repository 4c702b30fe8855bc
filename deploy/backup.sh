#!/usr/bin/env bash
# A consistent backup: a PostgreSQL dump (pg_dump -Fc, one snapshot) and the uploaded files.
# Usage: DATABASE_URL=postgres://… deploy/backup.sh [folder]   (default: backups/<date-time>)
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to back up}"
media_root=${MEDIA_ROOT:-var/media}
target=${1:-backups/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$target"

pg_dump --format=custom --no-owner --no-privileges --file="$target/portal.dump" "$DATABASE_URL"
if [ -d "$media_root" ]; then
  tar -czf "$target/media.tar.gz" -C "$media_root" .
else
  tar -czf "$target/media.tar.gz" --files-from /dev/null
fi
echo "Backup written to $target"
