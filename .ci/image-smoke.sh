#!/usr/bin/env bash
# The image, without a Docker engine (none runs on this machine): replays the Dockerfile's stages in
# temporary directories (build; production dependencies only; runtime = dist + node_modules +
# menus), then runs the image's own CMD and HEALTHCHECK (read from the Dockerfile) against Redis,
# plays the quiz, and stops it with SIGTERM. What this cannot check: the base image itself, USER,
# file ownership, and the Docker build (see docs/operations.md).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
pid=
redis_pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# A Redis of its own, like the tests (never one a running `npm start` uses), unless REDIS_URL names one.
if [ -n "${REDIS_URL:-}" ]; then
  redis_url=$REDIS_URL
else
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
  redis_pid=$!
  redis_url=redis://127.0.0.1:$redis_port
  for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
fi

# Dockerfile instructions in exec form, printed one argument per line.
exec_form() { node -e '
  const text = require("fs").readFileSync("Dockerfile", "utf8").replace(/\\\n\s*/g, " ");
  const line = text.split("\n").filter((l) => l.startsWith(process.argv[1] + " ")).pop();
  const json = line.slice(line.indexOf("["));
  for (const a of JSON.parse(json)) console.log(a);' "$1"; }
mapfile -t cmd < <(exec_form CMD)
mapfile -t healthcheck < <(exec_form HEALTHCHECK)

echo "-- stage build: npm ci + npm run build"
mkdir "$work/build"
cp package.json package-lock.json tsconfig.json tsconfig.build.json "$work/build/"
cp -r src "$work/build/src"
cp -r bench "$work/build/bench"
(cd "$work/build" && npm ci --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error && npm run build --silent)

echo "-- stage prod-deps: npm ci --omit=dev"
mkdir "$work/app"
cp package.json package-lock.json "$work/app/"
(cd "$work/app" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error && rm -rf node_modules/typescript node_modules/.bin/tsc node_modules/.bin/tsserver)
for dev in typescript jest tsx @swc/core kubernetes-models; do
  if [ -e "$work/app/node_modules/$dev" ]; then echo "dev dependency $dev in the runtime image" >&2; exit 1; fi
done

echo "-- stage runtime: dist, menus; CMD ${cmd[*]}"
mkdir "$work/app/dist"
cp -r "$work/build/dist/src" "$work/app/dist/src"
cp -r menus "$work/app/menus"
# The image ships menus/; the smoke plays the tests' frozen quiz, so editing a shipped menu never breaks it.
cp -r test/fixtures/app-menus "$work/app/smoke-menus"
echo "runtime: $(du -sh "$work/app/node_modules" | cut -f1) node_modules, $(find "$work/app/dist" -name '*.js' | wc -l) compiled files"
port=$(free_port)
cd "$work/app"
echo "-- a worker without its providers refuses to start (NODE_ENV=production, as the image sets it)"
refusal=$(env -i PATH="$PATH" NODE_ENV=production ROLE=worker PORT="$port" REDIS_URL="$redis_url" "${cmd[@]}" 2>&1) && { echo "the worker started without BILLING_URL/SMS_URL" >&2; exit 1; }
echo "$refusal"
[ "$refusal" = "Invalid configuration: NODE_ENV=production needs BILLING_URL, SMS_URL (no sandbox stands in for a provider in production)" ] || exit 1
# The web role: callbacks need no provider (effects wait in the outbox for a worker), but the key
# that seals sensitive inputs (a production web replica refuses to start without it).
env -i PATH="$PATH" NODE_ENV=production ROLE=web PORT="$port" MENUS_DIR="$work/app/smoke-menus" REDIS_URL="$redis_url" LOG_LEVEL=warn \
  SESSION_SECRET_KEY="$(head -c 32 /dev/urandom | base64)" "${cmd[@]}" &
pid=$!
for _ in $(seq 1 100); do curl -sf "localhost:$port/healthz" >/dev/null && break; sleep 0.1; done

echo "-- HEALTHCHECK"
PORT=$port "${healthcheck[@]}"
echo "healthy"

echo "-- the quiz over Africa's Talking"
sid="smoke-$$-$RANDOM"
at() { curl -sf "localhost:$port/ussd/africastalking" -d "sessionId=$sid" --data-urlencode 'serviceCode=*384#' --data-urlencode 'phoneNumber=+254711000111' --data-urlencode "text=$1"; }
expect() { if [ "$1" != "$2" ]; then printf 'expected %q\n     got %q\n' "$2" "$1" >&2; exit 1; fi; }
expect "$(at '')" $'CON Welcome to Eneza. Choose option:\n1. Start Quiz\n2. View Score'
at 1 >/dev/null; at 1*1 >/dev/null; at 1*1*2 >/dev/null; at 1*1*2*1 >/dev/null
expect "$(at 1*1*2*1*3)" 'END You scored 3/3 in Math. Dial *384# to try again.'
echo "quiz answered to its END"

echo "-- SIGTERM"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
expect "$status" 0
echo "exited 0 on SIGTERM"
