//! The ABI is frozen for 1.x: the layout of the root module and of every type it reaches must
//! stay exactly as committed in `abi_snapshot.txt`.
//!
//! abi_stable refuses a plugin whose layout differs from the host's, so an accidental change
//! here (a field, a method, a variant, a type's size) would make every deployed plugin
//! unloadable. The snapshot is the layout as abi_stable records it, printed without source
//! line numbers (moving a comment is no ABI change). To change the ABI on purpose, which means
//! connector-api 2.0.0, rewrite it with `UPDATE_ABI_SNAPSHOT=1 cargo test -p connector-api`.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

use abi_stable::abi_stability::stable_abi_trait::StableAbi;
use abi_stable::type_layout::TypeLayout;
use connector_api::ConnectorMod_Ref;

const SNAPSHOT: &str = "tests/abi_snapshot.txt";

/// Every layout reachable from `root`, one block each, sorted by type so the text is stable.
fn describe(root: &'static TypeLayout) -> String {
    let mut seen = HashSet::new();
    let mut blocks = BTreeMap::new();
    let mut pending = vec![root];
    while let Some(layout) = pending.pop() {
        if !seen.insert(layout.get_utypeid()) {
            continue;
        }
        let (package, version) = layout.item_info().package_and_version();
        let mut block = String::new();
        writeln!(
            block,
            "type {}\n  package {package} {version}\n  size {} align {}\n  repr {:?}\n  prefix {}",
            layout.full_type(),
            layout.size(),
            layout.alignment(),
            layout.repr_attr(),
            layout.is_prefix_kind(),
        )
        .unwrap();
        for line in layout.data().to_string().lines() {
            writeln!(block, "  | {line}").unwrap();
        }
        let tag = layout.tag().to_string();
        if !tag.trim().is_empty() && tag.trim() != "()" {
            writeln!(block, "  tag {}", tag.trim()).unwrap();
        }
        pending.extend(layout.shared_vars().type_layouts().iter().map(|f| f()));
        if let Some(checks) = layout.extra_checks() {
            pending.extend(checks.nested_type_layouts().iter().copied());
        }
        let key = format!("{} {}", layout.full_type(), blocks.len());
        blocks.insert(key, block);
    }
    blocks.into_values().collect::<Vec<_>>().join("\n")
}

#[test]
fn the_root_module_layout_matches_the_committed_snapshot() {
    let current = describe(<ConnectorMod_Ref as StableAbi>::LAYOUT);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SNAPSHOT);
    if std::env::var_os("UPDATE_ABI_SNAPSHOT").is_some() {
        std::fs::write(&path, &current).expect("snapshot written");
        return;
    }
    let committed = std::fs::read_to_string(&path).expect("tests/abi_snapshot.txt exists");
    if committed != current {
        let first = committed
            .lines()
            .zip(current.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(current.lines().count()));
        panic!(
            "the ABI of connector-api changed (first difference at snapshot line {}):\n  \
             committed: {:?}\n  now:       {:?}\nEvery deployed 1.x plugin would be refused. \
             Undo the change, or make connector-api 2.0.0 and rewrite the snapshot with \
             UPDATE_ABI_SNAPSHOT=1.",
            first + 1,
            committed.lines().nth(first).unwrap_or("<end>"),
            current.lines().nth(first).unwrap_or("<end>"),
        );
    }
}
