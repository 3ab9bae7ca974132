#!/usr/bin/env bash
# Builds host-runner and the NetSuite connector and packs them, with the man pages, shell
# completions, README, licences and examples, into dist/host-runner-<version>-<target>.tar.gz,
# laid out as a prefix (bin/, lib/, share/) to unpack into ~/.local or /usr/local. This is the
# install route: `cargo install --path host-runner` brings only the binary, never the
# connector library it loads.
#
#   scripts/dist.sh                      # cargo build --release, then pack
#   scripts/dist.sh --no-build --profile debug --target-dir target --out /tmp/dist
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/dist.sh [--no-build] [--profile NAME] [--target-dir DIR] [--out DIR]

Builds (cargo build -p host-runner -p netsuite-connector) and writes
<out>/host-runner-<version>-<target>.tar.gz:
  bin/host-runner
  lib/host-runner/connectors/libnetsuite_connector.so
  share/man/man1/host-runner*.1
  share/bash-completion/completions/host-runner
  share/zsh/site-functions/_host-runner
  share/fish/vendor_completions.d/host-runner.fish
  share/doc/host-runner/{README.md,LICENSE-MIT,LICENSE-APACHE,examples/}

Options:
  --no-build         pack what is already built
  --profile NAME     cargo profile: release (default), debug/dev, or a custom one
  --target-dir DIR   cargo's target folder (default: $CARGO_TARGET_DIR or ./target)
  --out DIR          where the tarball goes (default: ./dist)
EOF
}

root="$(cd "$(dirname "$0")/.." && pwd)"
build=1
profile=release
target_dir="${CARGO_TARGET_DIR:-$root/target}"
out="$root/dist"
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --profile) profile="${2:?--profile needs a name}"; shift ;;
    --target-dir) target_dir="${2:?--target-dir needs a folder}"; shift ;;
    --out) out="${2:?--out needs a folder}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "scripts/dist.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

# cargo calls the debug profile `dev` and builds it into target/debug.
case "$profile" in
  debug|dev) cargo_profile=dev; profile_dir=debug ;;
  *) cargo_profile="$profile"; profile_dir="$profile" ;;
esac

if [ "$build" -eq 1 ]; then
  (cd "$root" && cargo build --profile "$cargo_profile" --target-dir "$target_dir" \
    -p host-runner -p netsuite-connector)
fi

case "$(uname -s)" in
  Darwin) library_name=libnetsuite_connector.dylib ;;
  *) library_name=libnetsuite_connector.so ;;
esac
built="$target_dir/$profile_dir"
bin="$built/host-runner"
[ -x "$bin" ] || { echo "scripts/dist.sh: $bin is not built (drop --no-build)" >&2; exit 2; }
# cargo puts the connector in deps/ and, for a package it was asked to build, copies it next to
# the binary; a copy there may be older than deps/ (e.g. after `cargo test`): take the newest.
library=""
for candidate in "$built/$library_name" "$built/deps/$library_name"; do
  if [ -f "$candidate" ] && { [ -z "$library" ] || [ "$candidate" -nt "$library" ]; }; then
    library="$candidate"
  fi
done
[ -n "$library" ] || { echo "scripts/dist.sh: $library_name is not built in $built (drop --no-build)" >&2; exit 2; }

version="$("$bin" --version | awk '{print $2}')"
target="$(rustc -vV 2>/dev/null | sed -n 's/^host: //p')"
[ -n "$target" ] || target="$(uname -m)-$(uname -s | tr '[:upper:]' '[:lower:]')"
name="host-runner-$version-$target"

umask 022
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/lib/host-runner/connectors" "$stage/share/man/man1" \
  "$stage/share/bash-completion/completions" "$stage/share/zsh/site-functions" \
  "$stage/share/fish/vendor_completions.d" "$stage/share/doc/host-runner"

install -m 755 "$bin" "$stage/bin/host-runner"
install -m 644 "$library" "$stage/lib/host-runner/connectors/$library_name"
"$bin" generate man "$stage/share/man/man1" >/dev/null
"$bin" generate completions bash > "$stage/share/bash-completion/completions/host-runner"
"$bin" generate completions zsh > "$stage/share/zsh/site-functions/_host-runner"
"$bin" generate completions fish > "$stage/share/fish/vendor_completions.d/host-runner.fish"
for doc in README.md LICENSE-MIT LICENSE-APACHE; do
  install -m 644 "$root/$doc" "$stage/share/doc/host-runner/$doc"
done
# The examples without what running them left behind (their out/ folders).
tar -C "$root" --exclude=out -cf - examples | tar -C "$stage/share/doc/host-runner" -xf -

# Files only, no directory entries: unpacking into ~/.local or /usr/local must not change the
# modes of bin/, lib/ or share/ that are already there.
mkdir -p "$out"
tarball="$(cd "$out" && pwd)/$name.tar.gz"
(cd "$stage" && find bin lib share -type f | LC_ALL=C sort > files.list)
tar -C "$stage" --owner=0 --group=0 -czf "$tarball" -T "$stage/files.list"

cat <<EOF
$tarball

Install it for yourself (host-runner lands in ~/.local/bin, which should be on PATH):
  tar -xzf $tarball -C ~/.local
or for everyone:
  sudo tar -xzf $tarball -C /usr/local

host-runner finds its connectors in ../lib/host-runner/connectors beside its bin/ folder, so
keep the layout (a symbolic link to bin/host-runner is fine). Then:
  host-runner connectors
  cp -r ~/.local/share/doc/host-runner/examples ~/host-runner-examples
  host-runner run ~/host-runner-examples/query-customers.toml
EOF
