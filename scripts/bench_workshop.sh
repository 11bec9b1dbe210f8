#!/usr/bin/env bash
# A workshop room at full size: 200 participants polling their wall every 3 s while each posts one
# contribution a minute. Two wrk runs at once, paced with wrk's delay(): one for the polls, one for
# the posts, so each gets its own percentiles. Called by scripts/bench.sh with the server running.
set -euo pipefail
PORT=$1
DURATION=${WORKSHOP_DURATION:-60}
PY=.venv/bin/python
DATA=$(mktemp --suffix=.lua)
$PY manage.py seed_workshop_bench "$DATA" --participants 200 >/dev/null

SCRIPT=$(mktemp --suffix=.lua)
cat > "$SCRIPT" <<LUA
local data = dofile("$DATA")
local mode = os.getenv("MODE")
local counter = 0
local people = data.people
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads * 100000)
end
function init(args)
  counter = id
  math.randomseed(id + os.time())
end
-- Phones load the page at different moments, so their 3 s timers are out of phase: a random
-- wait of 2–4 s (mean 3 s) keeps wrk's connections from firing all together.
-- Polls: 200 connections × one per 3 s. Posts: 10 connections × one per 3 s = 200 people × one a minute.
-- wrk calls delay() before every request, including a connection's first one, after connecting;
-- an idle new connection would hold a server thread, which no browser does. So the first request of
-- each connection goes at once (one burst when the run starts, counted in p99), then 2–4 s apart.
local calls = 0
function delay()
  calls = calls + 1
  if calls <= tonumber(os.getenv("PER_THREAD")) then return 0 end
  return math.random(2000, 4000)
end
function request()
  counter = counter + 1
  local person = people[(counter % #people) + 1]
  local headers = {["Cookie"] = person.cookie .. "; csrftoken=" .. person.csrf}
  if mode == "post" then
    headers["X-CSRFToken"] = person.csrf
    headers["Accept"] = "application/json"
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    local body = "text=Que+chaque+enfant+trouve+sa+place+" .. counter .. "&client_id=" ..
      string.format("%08x-%04x-4%03x-a%03x-%012x", math.random(0, 0xffffffff), math.random(0, 0xffff),
        math.random(0, 0xfff), math.random(0, 0xfff), counter)
    return wrk.format("POST", data.post, headers, body)
  end
  local version = mode == "quiet" and data.version or 0
  return wrk.format("GET", data.wall .. "?v=" .. version .. "&n=0", headers)
end
function done(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.1f %.1f %.1f %d %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

report() {
  local name=$1 file=$2
  read -r _ p50 p95 p99 rps total errors < <(grep '^RESULT' "$file")
  printf "%-34s %9s %9s %9s %10s %9s %7s\n" "$name" "$p50" "$p95" "$p99" "$rps" "$total" "$errors"
}
POLL=$(mktemp) POST=$(mktemp) QUIET=$(mktemp)
# Warm every worker and thread first (imports, templates, translations): a room's server is warm.
PER_THREAD=100 MODE=quiet wrk -t2 -c200 -d5s --timeout 10s -s "$SCRIPT" "http://127.0.0.1:$PORT" >/dev/null
PER_THREAD=100 MODE=poll wrk -t2 -c200 -d"${DURATION}s" --timeout 10s -s "$SCRIPT" "http://127.0.0.1:$PORT" >"$POLL" &
PER_THREAD=10 MODE=post wrk -t1 -c10 -d"${DURATION}s" --timeout 10s -s "$SCRIPT" "http://127.0.0.1:$PORT" >"$POST" &
wait
# A quiet room: nobody posts, every poll is answered 304.
PER_THREAD=100 MODE=quiet wrk -t2 -c200 -d"${DURATION}s" --timeout 10s -s "$SCRIPT" "http://127.0.0.1:$PORT" >"$QUIET"
printf "\nWorkshop room: 200 participants, polls every 3 s, one post per person per minute (%ss)\n" "$DURATION"
report "wall poll (changed: 200)" "$POLL"
report "contribution post" "$POST"
report "wall poll (quiet room: 304)" "$QUIET"
rm -f "$DATA" "$SCRIPT" "$POLL" "$POST" "$QUIET"
