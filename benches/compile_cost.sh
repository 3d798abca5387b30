#!/usr/bin/env bash
# What the generated crates cost to compile: the crate alone, its
# dependencies already built, debug profile, timed in alternating rounds in
# one run (the machines are noisy, so compare ratios, not seconds).
#
#   - spec/'s crate from sdkgen, against openapi-generator's crate (Rust,
#     reqwest library) for the same spec;
#   - with ../shared/specs beside the repository, the 559-operation
#     SailPoint beta crate, per operation.
#
# Needs Java (openapi-generator runs on it) and network access to PyPI and
# crates.io the first time. Usage: benches/compile_cost.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
work=target/compile-cost
mkdir -p "$work"

cargo build --release --quiet -p sdkgen
sdkgen=target/release/sdkgen

# The crates, each its own package in one workspace sharing one target.
rm -rf "$work/sdkgen-spec" "$work/openapi-generator" "$work/beta"
"$sdkgen" generate --spec spec/openapi.yaml --out "$work/sdkgen-spec" --crate-name sdkgen-spec 2>/dev/null
if [ ! -x "$work/venv/bin/openapi-generator-cli" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet openapi-generator-cli==7.10.0
fi
"$work/venv/bin/openapi-generator-cli" generate -g rust -i spec/openapi.yaml -o "$work/openapi-generator" \
  --additional-properties=packageName=openapi-generator-spec,library=reqwest >/dev/null
members='"sdkgen-spec", "openapi-generator"'
crates=(sdkgen-spec openapi-generator-spec)
beta=../shared/specs/sailpoint-beta-bundled.yaml
if [ -f "$beta" ]; then
  "$sdkgen" generate --spec "$beta" --out "$work/beta" --crate-name sdkgen-beta 2>/dev/null
  members="$members, \"beta\""
  crates+=(sdkgen-beta)
fi
printf '[workspace]\nmembers = [%s]\nresolver = "2"\n' "$members" > "$work/Cargo.toml"
cp Cargo.lock "$work/Cargo.lock"
(cd "$work" && cargo build --quiet 2>/dev/null)

declare -A times
for round in $(seq "$rounds"); do
  for crate in "${crates[@]}"; do
    (cd "$work" && cargo clean --quiet -p "$crate")
    start=$(date +%s.%N)
    (cd "$work" && cargo build --quiet -p "$crate" 2>/dev/null)
    end=$(date +%s.%N)
    times[$crate]+="$(echo "$end - $start" | bc) "
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
spec=$(echo "${times[sdkgen-spec]}" | median)
og=$(echo "${times[openapi-generator-spec]}" | median)
printf 'spec/ crate, sdkgen:            %6.2f s (median of %d; %s)\n' "$spec" "$rounds" "${times[sdkgen-spec]}"
printf 'spec/ crate, openapi-generator: %6.2f s (median of %d; %s)\n' "$og" "$rounds" "${times[openapi-generator-spec]}"
printf 'sdkgen / openapi-generator:     %6.2f\n' "$(echo "$spec / $og" | bc -l)"
if [ -n "${times[sdkgen-beta]:-}" ]; then
  b=$(echo "${times[sdkgen-beta]}" | median)
  operations=$(grep -c 'const ENDPOINT' "$work/beta/src/requests.rs")
  printf 'SailPoint beta crate, sdkgen:   %6.2f s for %d operations: %.1f ms per operation (median of %d)\n' \
    "$b" "$operations" "$(echo "$b * 1000 / $operations" | bc -l)" "$rounds"
fi
