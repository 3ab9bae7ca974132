//! The root module a connector library exports, and how the host recognises it.

use abi_stable::{
    declare_root_module_statics, library::RootModule, package_version_strings,
    sabi_types::VersionStrings, std_types::RResult, StableAbi,
};

use crate::{ConnectorBox, ConnectorError, HostServices};

/// The root module of a connector library.
///
/// A connector exports it with `#[export_root_module]` (or, simpler, with
/// `connector_sdk::export_connector!`). The host loads it with
/// `lib_header_from_path(path)?.init_root_module::<ConnectorMod_Ref>()`, which checks that the
/// plugin was built against a compatible `connector-api` and layout.
#[repr(C)]
#[derive(StableAbi)]
#[sabi(kind(Prefix(prefix_ref = ConnectorMod_Ref)))]
#[sabi(missing_field(panic))]
pub struct ConnectorMod {
    /// Creates the connector, handing it the host's services.
    ///
    /// Frozen for 1.x: no field is ever added below this one. New capabilities travel as JSON
    /// through the existing methods.
    #[sabi(last_prefix_field)]
    pub new_connector: extern "C" fn(host: HostServices) -> RResult<ConnectorBox, ConnectorError>,
}

impl RootModule for ConnectorMod_Ref {
    declare_root_module_statics! {ConnectorMod_Ref}
    const BASE_NAME: &'static str = "connector";
    const NAME: &'static str = "connector";
    const VERSION_STRINGS: VersionStrings = package_version_strings!();
}
