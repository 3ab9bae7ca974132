//! A root module that claims connector-api 1.0.0 but has another layout.
//!
//! The version check passes (same major), so abi_stable's layout check is what must refuse
//! it: the host must report an incompatible ABI (`AbiInstability`) instead of calling
//! `new_connector` with the wrong signature. Built as a cdylib example:
//! `cargo build -p incompatible-connector --examples`.

#![allow(non_local_definitions, non_camel_case_types)]

use abi_stable::{
    declare_root_module_statics, export_root_module,
    library::RootModule,
    prefix_type::PrefixTypeTrait,
    sabi_types::VersionStrings,
    std_types::{RStr, RString},
    StableAbi,
};

/// Named like the real root module, with a different function type.
#[repr(C)]
#[derive(StableAbi)]
#[sabi(kind(Prefix(prefix_ref = ConnectorMod_Ref)))]
#[sabi(missing_field(panic))]
pub struct ConnectorMod {
    /// Not the connector-api 1.x signature.
    #[sabi(last_prefix_field)]
    pub new_connector: extern "C" fn(config: RStr<'_>) -> RString,
}

impl RootModule for ConnectorMod_Ref {
    declare_root_module_statics! {ConnectorMod_Ref}
    const BASE_NAME: &'static str = "connector";
    const NAME: &'static str = "connector";
    const VERSION_STRINGS: VersionStrings = VersionStrings::new("1.0.0");
}

/// The exported root module.
#[export_root_module]
pub fn get_library() -> ConnectorMod_Ref {
    ConnectorMod { new_connector }.leak_into_prefix()
}

extern "C" fn new_connector(config: RStr<'_>) -> RString {
    RString::from(config.as_str())
}
