#!/usr/bin/env bash
# Runs every fuzz target of the NetSuite connector for a given time (issue 11, item 9).
#
#   fuzz/run.sh [seconds per target, default 60] [target ...]
#
# Installs cargo-fuzz from crates.io when it is missing (`cargo install cargo-fuzz`) and runs
# with the nightly toolchain (`cargo +nightly fuzz run <target> -- -max_total_time=N`). The
# schemas are read from $NETSUITE_XSD (default ../shared/suitetalk/xsd beside the repository);
# without them only the schemaless paths are fuzzed. Findings land in fuzz/artifacts/<target>/;
# corpora in fuzz/corpus/<target>/ (both ignored by git). Record what ran in FUZZING.md.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(head fault write_list search_page record encode)
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz
fi
cargo +nightly fuzz build
for t in "${targets[@]}"; do
    echo "== $t: ${seconds}s"
    mkdir -p "corpus/$t"
    # One job, so the machine stays usable; -rss_limit_mb keeps a runaway input bounded.
    cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 2>&1 | tail -n 5
done
