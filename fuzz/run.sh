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
# Seeds: the connector's recorded responses for the decoders, a few documents for the encoder
# (added to the corpus each run; libFuzzer keeps what it finds in the same folder).
seed() {
    mkdir -p "corpus/$1"
    if [ "$1" = encode ]; then
        printf '%s' '{"companyName":"Acme","subsidiary":{"internalId":"1"},"customFieldList":[{"scriptId":"custentity_x","type":"String","value":"v"}]}' > "corpus/$1/seed-customer.json"
        printf '%s' '{"entity":{"internalId":"7"},"itemList":{"item":[{"item":{"internalId":"1"},"quantity":2}]}}' > "corpus/$1/seed-order.json"
        printf '%s' '<record xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="l:Customer"><entityId>A</entityId></record>' > "corpus/$1/seed-raw.xml"
    else
        for f in ../netsuite-connector/testdata/*.xml; do
            cp "$f" "corpus/$1/seed-$(basename "$f")"
        done
    fi
}
for t in "${targets[@]}"; do
    echo "== $t: ${seconds}s"
    # A crash stops the loop (pipefail): its input is in artifacts/$t/.
    seed "$t"
    # One job, so the machine stays usable; -rss_limit_mb keeps a runaway input bounded.
    cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 2>&1 \
        | grep -E '^Done|DONE|ERROR|SUMMARY|panicked|Test unit written' || true
done
