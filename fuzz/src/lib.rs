//! What the fuzz targets share: the 2023.2 registry from the official schemas, loaded once.

use std::path::PathBuf;
use std::sync::OnceLock;

use netsuite_connector::testing::{SchemaRegistry, Version};

/// SuiteTalk 2023.2.
pub fn version() -> Version {
    Version::parse("2023_2").expect("a version")
}

/// The registry of `$NETSUITE_XSD` (default `../../shared/suitetalk/xsd`, beside the
/// repository) for 2023.2; `None` when the schemas are not there (the schemaless paths are
/// then the only ones fuzzed).
pub fn registry() -> Option<&'static SchemaRegistry> {
    static REG: OnceLock<Option<SchemaRegistry>> = OnceLock::new();
    REG.get_or_init(|| {
        let root = std::env::var_os("NETSUITE_XSD")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/suitetalk/xsd")
            });
        SchemaRegistry::load_folder(root.join("2023_2"), version()).ok()
    })
    .as_ref()
}
