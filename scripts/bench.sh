#!/usr/bin/env bash
# make bench: seed the national dataset, serve it with gunicorn on loopback, load it with wrk.
# Bounded: each URL is loaded DURATION seconds (default 10) with CONNECTIONS (default 32).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${BENCH_PORT:-8765}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
WORKERS=${WORKERS:-4}
export MILLE_VAR_DIR=${MILLE_VAR_DIR:-$PWD/var/bench}
export DEBUG=0 SECRET_KEY=bench-only-secret-key-not-for-production-0123456789abcdef EMAIL_URL=dummy://
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0
# wrk is one client: the API's per-network limit would refuse it after 300 requests a minute.
export API_RATE_LIMIT_NETWORK=100000000
mkdir -p "$MILLE_VAR_DIR"

if ! command -v wrk >/dev/null 2>&1; then
  echo "→ installing Debian's wrk (load tool)"
  apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
fi

$PY manage.py migrate --noinput -v0
$PY manage.py seed_national
$PY manage.py seed_inventory_bench
$PY manage.py collectstatic --noinput -v0

GUNICORN_BIND=127.0.0.1:$PORT WEB_CONCURRENCY=$WORKERS $PY -m gunicorn -c config/gunicorn.py config.wsgi:application \
  --log-level warning --access-logfile - >/dev/null 2>"$MILLE_VAR_DIR/gunicorn.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/sante/" >/dev/null && break; sleep 0.2; done

SLUG=$($PY manage.py shell --no-imports -c "from mille.groups.models import LocalGroup; print(LocalGroup.objects.filter(slug__startswith='bench-').order_by('pk').values_list('slug', flat=True)[500])")
LUA=$(mktemp --suffix=.lua)
cat > "$LUA" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.1f %.1f %.1f %d %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

printf "\n%-34s %9s %9s %9s %10s %9s %7s\n" "page" "p50 ms" "p95 ms" "p99 ms" "req/s" "requests" "errors"
run() {
  local name=$1 path=$2
  curl -fs -o /dev/null "http://127.0.0.1:$PORT$path" || { echo "$name: $path does not answer 200"; exit 1; }
  local line
  line=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$LUA" "http://127.0.0.1:$PORT$path" | grep '^RESULT')
  read -r _ p50 p95 p99 rps total errors <<<"$line"
  printf "%-34s %9s %9s %9s %10s %9s %7s\n" "$name" "$p50" "$p95" "$p99" "$rps" "$total" "$errors"
}
run "bare view (/sante/)" "/sante/"
run "home" "/"
run "directory" "/groupes/"
run "directory search+filter" "/groupes/?q=parents&departement=59&recognised=on"
run "directory search (page 2)" "/groupes/?q=ecole&page=2"
run "group page" "/groupes/$SLUG/"
run "map GeoJSON (1,001 groups)" "/groupes/carte.geojson"
run "départements" "/groupes/departements/"
run "resources GeoJSON, département 59 (zoom 9)" "/territoires/departements/59/ressources.geojson?zoom=9"
run "resources GeoJSON, département 59 (zoom 13)" "/territoires/departements/59/ressources.geojson?zoom=13"
run "group's resources, filtered" "/groupes/$SLUG/etat-des-lieux/?category=college&scheme=clas"
run "group's resources, search" "/groupes/$SLUG/etat-des-lieux/?q=bench"
run "observatory, national" "/observatoire/"
run "observatory, département 59" "/observatoire/59/"
run "API: groups (list)" "/api/v1/groupes"
run "API: groups of the Nord, page 3" "/api/v1/groupes?departement=59&limit=20&offset=40"
run "API: structures (list)" "/api/v1/structures?departement=59"
run "API: library (list)" "/api/v1/bibliotheque"
run "API: events (list)" "/api/v1/evenements"
run "API: observatory, département 59" "/api/v1/observatoire/59"

printf "\nThe public PDF of an état des lieux (made once per state of the data, then kept)\n"
for attempt in "first (made)" "second (kept)"; do
  printf "  %-14s %s s\n" "$attempt" "$(curl -fs -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT/groupes/$SLUG/etat-des-lieux/imprimer.pdf")"
done

# Soak: every page above in turn, for SOAK_SECONDS (default 10 minutes); the server's memory
# (master and workers, resident) at the start and the end, and the errors (any status >= 400).
SOAK_SECONDS=${SOAK_SECONDS:-600}
server_memory() { ps -o rss= -p "$SERVER" --ppid "$SERVER" | awk '{total += $1} END {printf "%.0f", total / 1024}'; }
MIXED=$(mktemp --suffix=.lua)
cat > "$MIXED" <<MIXEDLUA
paths = {"/", "/groupes/", "/groupes/?q=parents&departement=59&recognised=on", "/groupes/?q=ecole&page=2",
  "/groupes/$SLUG/", "/groupes/carte.geojson", "/groupes/departements/",
  "/territoires/departements/59/ressources.geojson?zoom=9",
  "/territoires/departements/59/ressources.geojson?zoom=13",
  "/groupes/$SLUG/etat-des-lieux/?category=college&scheme=clas", "/groupes/$SLUG/etat-des-lieux/?q=bench",
  "/bibliotheque/", "/bibliotheque/?q=parents", "/charte/", "/faq/", "/confidentialite/", "/rejoindre/",
  "/observatoire/", "/observatoire/59/"}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
MIXEDLUA
sed -n '/^done = function/,/^end/p' "$LUA" >>"$MIXED"
printf "\nSoak: mixed traffic on %s pages for %s s, %s connections\n" 19 "$SOAK_SECONDS" "$CONNECTIONS"
START_MB=$(server_memory)
line=$(wrk -t2 -c"$CONNECTIONS" -d"${SOAK_SECONDS}s" --timeout 10s -s "$MIXED" "http://127.0.0.1:$PORT" | grep '^RESULT')
END_MB=$(server_memory)
read -r _ p50 p95 p99 rps total errors <<<"$line"
printf "  p50 %s ms · p95 %s ms · p99 %s ms · %s req/s · %s requests · %s errors\n" "$p50" "$p95" "$p99" "$rps" "$total" "$errors"
printf "  server memory (gunicorn, %s workers): %s MB at the start, %s MB at the end\n" "$WORKERS" "$START_MB" "$END_MB"
rm -f "$MIXED" "$LUA"
[ "$errors" = 0 ] || { echo "!! the soak met $errors errors"; exit 1; }

printf "\nImports into the état des lieux (in process; each step as its request runs it)\n"
$PY manage.py bench_inventory_import --case data-inclusion
$PY manage.py bench_inventory_import --case annuaire
printf "\nThe newsletter: one issue to 10,000 addresses through the worker (db_worker), to a local SMTP sink\n"
$PY manage.py bench_newsletter
bash scripts/bench_workshop.sh "$PORT"
bash scripts/bench_library.sh
$PY scripts/bench_texts.py
bash scripts/bench_votes.sh
