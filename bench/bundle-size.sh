#!/usr/bin/env bash
# Prints the size of the handler bundle that ships in the npm package (raw and gzipped),
# and how long the example app takes to synthesize. Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
npx projen bundle >/dev/null
f=assets/lambda/index/index.js
echo "handler bundle: $(wc -c <"$f") bytes, $(gzip -9c "$f" | wc -c) bytes gzipped"
start=$(date +%s%N)
npx ts-node --project test/tsconfig.json examples/main.ts >/dev/null
end=$(date +%s%N)
echo "example synth: $(( (end - start) / 1000000 )) ms (ts-node compile included)"
