#!/usr/bin/env bash
# Takes a screenshot of the live dashboard during a crawl: starts `./crawl --demo` (the bundled
# offline site, slowed down so that the crawl lasts about half a minute) with --metrics-port 0,
# waits until the crawl is under way, opens the dashboard in headless Chromium and saves a PNG.
#
#   scripts/dashboard-screenshot.sh [OUT.png]      (default docs/dashboard.png)
#
# Needs Chromium (Debian: apt-get install -y chromium). Settings through the environment:
# SHOT_AFTER (seconds of crawling before the shot, default 12), SHOT_SIZE (default 1280,800),
# DEMO_DELAY (the demo's --delay, default 0.1).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(realpath -m "${1:-$here/docs/dashboard.png}")"
after="${SHOT_AFTER:-12}"
size="${SHOT_SIZE:-1280,800}"
delay="${DEMO_DELAY:-0.1}"

browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null; then browser="$b"; break; fi
done
if [[ -z "$browser" ]]; then
  echo "error: Chromium is needed (Debian: apt-get install -y chromium)" >&2
  exit 2
fi

mkdir -p "$here/target"
work="$(mktemp -d "$here/target/dashboard-shot.XXXXXX")"
crawl_pid=""
cleanup() {
  if [[ -n "$crawl_pid" ]] && kill -0 "$crawl_pid" 2>/dev/null; then
    kill -TERM "$crawl_pid" 2>/dev/null || true
    wait "$crawl_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# ./crawl builds the jar when it is missing or older than the sources, then execs java: $! is the
# crawler itself.
"$here/crawl" --demo --delay "$delay" --per-host 1 --metrics-port 0 -o "$work/demo.jsonl" \
  2>"$work/crawl.log" &
crawl_pid=$!

url=""
for _ in $(seq 1 600); do # the first run may build the jar: up to 5 minutes
  url="$(sed -n 's/^Dashboard at \(http:[^ ]*\).*/\1/p' "$work/crawl.log" | head -1)"
  if [[ -n "$url" ]]; then break; fi
  if ! kill -0 "$crawl_pid" 2>/dev/null; then
    echo "error: the crawl ended before serving its dashboard:" >&2
    cat "$work/crawl.log" >&2
    exit 1
  fi
  sleep 0.5
done
if [[ -z "$url" ]]; then
  echo "error: no dashboard address from the crawl" >&2
  exit 1
fi
echo "Dashboard at $url; taking the screenshot after ${after}s of crawling" >&2
sleep "$after"

mkdir -p "$(dirname "$out")"
# The page asks for its data at once and then every second: a few seconds of virtual time draw it.
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --user-data-dir="$work/profile" --window-size="$size" \
  --virtual-time-budget=3000 --screenshot="$out" "$url" >"$work/browser.log" 2>&1 || {
  cat "$work/browser.log" >&2
  exit 1
}
[[ -s "$out" ]] || { echo "error: no screenshot written" >&2; exit 1; }
echo "Saved $out" >&2
