#!/usr/bin/env bash
# A room votes: 300 phones, each casting a vote every 5 s (60 votes/s) for VOTE_SECONDS (120), on a
# workshop in its crossing with 20 statements; gunicorn with 2 processes as config/gunicorn.py sets
# them, and the task worker (db_worker) beside it, analysing the votes. Reports the vote POST's
# p50/p95/p99 (wrk) and how far the results lag behind the votes (manage.py crossing_lag).
# Standalone: its own database (SQLite by default, or DATABASE_URL) under var/bench-votes.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${VOTE_PORT:-8775}
SECONDS_RUN=${VOTE_SECONDS:-120}
PHONES=${VOTE_PHONES:-300}
export MILLE_VAR_DIR=${VOTE_VAR_DIR:-$PWD/var/bench-votes}
export DEBUG=0 SECRET_KEY=bench-only-secret-key-not-for-production-0123456789abcdef EMAIL_URL=dummy://
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0
if [ -z "${DATABASE_URL:-}" ]; then rm -rf "$MILLE_VAR_DIR"; fi
mkdir -p "$MILLE_VAR_DIR"
command -v wrk >/dev/null 2>&1 || apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)

$PY manage.py migrate --noinput -v0
DEBUG=1 $PY manage.py load_demo --if-empty >/dev/null  # a throwaway database: the demo group and its coordinator
$PY manage.py collectstatic --noinput -v0
DATA=$(mktemp --suffix=.lua)
WORKSHOP=$($PY manage.py seed_vote_bench "$DATA" --participants "$PHONES" | $PY -c 'import json,sys; print(json.load(sys.stdin)["workshop"])')

GUNICORN_BIND=127.0.0.1:$PORT WEB_CONCURRENCY=${VOTE_PROCESSES:-2} $PY -m gunicorn -c config/gunicorn.py config.wsgi:application \
  --log-level warning --access-logfile - --access-logformat "%(m)s %(s)s %(M)s" >"$MILLE_VAR_DIR/access.log" 2>"$MILLE_VAR_DIR/gunicorn.log" &
SERVER=$!
WORKER=
if [ "${VOTE_WORKER:-1}" = 1 ]; then
  $PY manage.py db_worker --no-reload --interval 0.2 -v0 >"$MILLE_VAR_DIR/worker.log" 2>&1 &
  WORKER=$!
fi
trap 'kill $SERVER $WORKER 2>/dev/null || true; rm -f "$DATA" "$SCRIPT"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/sante/" >/dev/null && break; sleep 0.2; done

SCRIPT=$(mktemp --suffix=.lua)
cat > "$SCRIPT" <<LUA
local data = dofile("$DATA")
local threads, counter, calls = 0, 0, 0
function setup(thread) threads = threads + 1; thread:set("id", threads * 100000) end
function init(args) counter = id; math.randomseed(id + os.time()) end
-- Each connection is a phone: its first vote at a random moment of the first 5 s, then one every 5 s
-- (4.5–5.5 s, phones are not in step).
function delay()
  calls = calls + 1
  if calls <= tonumber(os.getenv("PER_THREAD")) then return math.random(0, 5000) end
  return math.random(4500, 5500)
end
function request()
  counter = counter + 1
  local person = data.people[(counter % #data.people) + 1]
  local statement = data.statements[math.random(1, #data.statements)]
  local value = ({"1", "-1", "0"})[math.random(1, 3)]
  local headers = {
    ["Cookie"] = person.cookie .. "; csrftoken=" .. person.csrf,
    ["X-CSRFToken"] = person.csrf,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  return wrk.format("POST", data.vote, headers, "statement=" .. statement .. "&value=" .. value)
end
function done(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.1f %.1f %.1f %d %d %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
LAG=$(mktemp)
$PY manage.py crossing_lag "$WORKSHOP" --seconds "$SECONDS_RUN" >"$LAG" &
LAGGER=$!
OUT=$(mktemp)
PER_THREAD=$((PHONES / 2)) wrk -t2 -c"$PHONES" -d"${SECONDS_RUN}s" --timeout 10s -s "$SCRIPT" "http://127.0.0.1:$PORT" >"$OUT"
wait $LAGGER
read -r _ p50 p95 p99 rps total status_errors socket_errors < <(grep '^RESULT' "$OUT")
VOTES=$($PY manage.py shell --no-imports -c "from mille.workshops.models import Vote; print(Vote.objects.filter(statement__workshop_id=$WORKSHOP).count())")
printf "\nA room votes: %s phones, one vote each per 5 s, %ss (%s)\n" "$PHONES" "$SECONDS_RUN" "${DATABASE_URL:+PostgreSQL}${DATABASE_URL:-SQLite}"
printf "  vote POST: p50 %s ms, p95 %s ms, p99 %s ms; %s req/s, %s requests, %s non-2xx/3xx, %s socket errors\n" \
  "$p50" "$p95" "$p99" "$rps" "$total" "$status_errors" "$socket_errors"
printf "  distinct votes stored: %s\n" "$VOTES"
awk '$1=="POST"{print $3}' "$MILLE_VAR_DIR/access.log" | sort -n | awk '{a[NR]=$1} END{printf "  inside the server (gunicorn access log): p50 %s ms, p95 %s ms, p99 %s ms, max %s ms\n", a[int(NR*0.5)], a[int(NR*0.95)], a[int(NR*0.99)], a[NR]}'
printf "  results lag: %s\n" "$(cat "$LAG")"
rm -f "$LAG" "$OUT"
