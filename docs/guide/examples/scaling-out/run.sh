#!/usr/bin/env bash
# One machine standing in for several: a Redis, two workers and the program, each a process of
# its own. On real machines, start the workers there with a Redis URL they can reach.
set -euo pipefail
cd "$(dirname "$0")"
port="${PORT:-6379}"
url="redis://127.0.0.1:$port"
worker="${AIO_WORKER:-npx aio-worker}" # the command of @aio/executor-bullmq
tsx="${TSX:-npx tsx}"

# 1. Redis, in memory only.
redis-server --port "$port" --save '' --appendonly no > /dev/null &
redis=$!
# 2. Two workers serving the queue "guide", two jobs at a time each.
$worker --redis "$url" --queue guide --concurrency 2 > /dev/null &
first=$!
$worker --redis "$url" --queue guide --concurrency 2 > /dev/null &
second=$!
# Afterwards: SIGTERM lets each worker finish its jobs and exit; then Redis goes.
trap 'kill $first $second; wait $first $second; kill $redis; wait' EXIT

# 3. The program. Its jobs wait in Redis until a worker takes them, so nothing has to start first.
REDIS_URL="$url" $tsx main.ts
