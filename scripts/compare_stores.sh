#!/usr/bin/env bash
# Run read commands against a SQLite file and a PostgreSQL database holding the same network, and
# diff their outputs (issue 19). Usage: scripts/compare_stores.sh SQLITE_FILE POSTGRESQL_URL [TODAY]
set -uo pipefail
sqlite=$1 pg=$2 today=${3:-2026-11-22}
export MENTORNET_TODAY=$today
out=$(mktemp -d)
same=0 differ=0 failed=0
while IFS= read -r command; do
    [ -z "$command" ] && continue
    read -r -a words <<<"$command"
    mentornet --db "$sqlite" "${words[@]}" >"$out/s" 2>&1; rs=$?
    mentornet --db "$pg" "${words[@]}" >"$out/p" 2>&1; rp=$?
    # the instants rows were written at differ between two builds of one network
    sed -i -E 's/"(created_at|exported_at)": "[^"]*"/"\1": "-"/g; s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\+00:00/INSTANT/g' "$out/s" "$out/p"
    if [ $rs = $rp ] && cmp -s "$out/s" "$out/p"; then
        same=$((same + 1)); echo "same      $command"
    elif [ $rp != 0 ] && [ $rs = 0 ]; then
        failed=$((failed + 1)); echo "PG FAILS  $command: $(tail -1 "$out/p" | cut -c1-160)"
    else
        differ=$((differ + 1)); echo "DIFFERS   $command (exit $rs/$rp)"; diff "$out/s" "$out/p" | head -6 | sed 's/^/          /'
    fi
done <<'COMMANDS'
outreach due --json
outreach due --goals --json
outreach due
gaps --json
gaps
contacts list --json
contacts list
contacts list --role research --json
contacts list --search mercy --json
contacts list --tag wards --json
contacts show 1 --json
contacts show 2
stats --json
stats
map --format dot
roles list --json
actions list --json
goals list --json
ask list --json
me --json
prep 1
meeting list 1 --json
export --format json
export --format csv
search santos --json
doctor
COMMANDS
echo "same: $same, differ: $differ, fail on PostgreSQL: $failed"
rm -rf "$out"
