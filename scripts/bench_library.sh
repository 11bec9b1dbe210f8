#!/usr/bin/env bash
# The library at national size: 20,000 published items on PostgreSQL (the production database).
# 1. In process: the search with the cache off (p50/p95/p99, SQL queries per search).
# 2. Over HTTP with wrk: search pages with varied queries, cache off (every request searches) and
#    cache on (Redis, as in production: results are kept until the library changes).
# Uses LIBRARY_BENCH_DATABASE_URL (default: database mille_bench on the local PostgreSQL); falls back
# to the SQLite bench database when no PostgreSQL answers. Called by scripts/bench.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${LIBRARY_BENCH_PORT:-8766}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
WORKERS=${WORKERS:-4}
export MILLE_VAR_DIR=${MILLE_VAR_DIR:-$PWD/var/bench}
export DEBUG=0 SECRET_KEY=bench-only-secret-key-not-for-production-0123456789abcdef EMAIL_URL=dummy://
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0
mkdir -p "$MILLE_VAR_DIR"

URL=${LIBRARY_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/mille_bench}
if psql "${URL%/*}/postgres" -qtAc "SELECT 1" >/dev/null 2>&1; then
  psql "${URL%/*}/postgres" -qtAc "SELECT 1 FROM pg_database WHERE datname = '${URL##*/}'" | grep -q 1 \
    || psql "${URL%/*}/postgres" -qc "CREATE DATABASE ${URL##*/}"
  export DATABASE_URL=$URL
else
  echo "!! PostgreSQL does not answer at $URL: the library bench runs on SQLite."
  unset DATABASE_URL
fi

$PY manage.py migrate --noinput -v0
$PY manage.py seed_library_bench
$PY manage.py collectstatic --noinput -v0
echo
$PY manage.py bench_library

LUA=$(mktemp --suffix=.lua)
cat > "$LUA" <<'LUA'
local queries = {
  "q=parents+%C3%A9loign%C3%A9s", "q=%C3%A9l%C3%A8ves", "q=eleve", "q=%C3%A9cole", "q=centre+social",
  "q=confiance", "q=enseignants+parents", "q=d%C3%A9crochage+scolaire", "q=caf%C3%A9",
  "q=r%C3%A9ussite+%C3%A9ducative", "q=parents&type=experience", "q=%C3%A9cole&level=maximal",
  "q=parents&theme=parentalite", "q=quartier&departement=59", "q=partenariat&audience=enseignants",
  "q=m%C3%A9diation", "q=accompagnement+scolarit%C3%A9", "q=co%C3%A9ducation", "q=d%C3%A9crochge",
  "q=parents&page=5", "", "type=testimony", "theme=decrochage&type=experience", "departement=13",
  "page=40",
}
local counter = 0
function request()
  counter = counter + 1
  return wrk.format("GET", "/bibliotheque/?" .. queries[(counter % #queries) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.1f %.1f %.1f %d %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

serve_and_load() {
  local name=$1 cache=$2 path=$3
  CACHE_URL=$cache GUNICORN_BIND=127.0.0.1:$PORT WEB_CONCURRENCY=$WORKERS $PY -m gunicorn -c config/gunicorn.py \
    config.wsgi:application --log-level warning >/dev/null 2>"$MILLE_VAR_DIR/gunicorn-library.log" &
  local server=$!
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/sante/" >/dev/null && break; sleep 0.2; done
  curl -fs -o /dev/null "http://127.0.0.1:$PORT$path" || { echo "$path does not answer 200"; kill $server; exit 1; }
  # Warm every process and thread first (imports, templates; with the cache on, every answer).
  wrk -t2 -c"$CONNECTIONS" -d15s -s "$LUA" "http://127.0.0.1:$PORT" >/dev/null
  local line
  line=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$LUA" "http://127.0.0.1:$PORT" | grep '^RESULT')
  read -r _ p50 p95 p99 rps total errors <<<"$line"
  printf "%-44s %9s %9s %9s %10s %9s %7s\n" "$name" "$p50" "$p95" "$p99" "$rps" "$total" "$errors"
  kill $server; wait $server 2>/dev/null || true
}
printf "\nLibrary search pages over HTTP (25 kinds of query in turn, %s connections, %ss)\n" "$CONNECTIONS" "$DURATION"
printf "%-44s %9s %9s %9s %10s %9s %7s\n" "page" "p50 ms" "p95 ms" "p99 ms" "req/s" "requests" "errors"
serve_and_load "search, cache off (every request searches)" "dummy://" "/bibliotheque/?q=parents"
if redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  redis-cli -h 127.0.0.1 -n 3 flushdb >/dev/null
  serve_and_load "search, cache on (Redis)" "redis://127.0.0.1:6379/3" "/bibliotheque/?q=parents"
else
  serve_and_load "search, cache on (files)" "file://$MILLE_VAR_DIR/cache" "/bibliotheque/?q=parents"
fi
rm -f "$LUA"
