//! Integration tests of the simulator's wire half (server, envelope, auth, discovery, versions,
//! governance, faults, injection, recorder, WSDL, TLS), one topic per file, over real loopback
//! HTTP. Every SOAP response received is validated against the official XSD (see `support`).

#[path = "support/mod.rs"]
mod support;

#[path = "wire/api.rs"]
mod api;
#[path = "wire/auth.rs"]
mod auth;
#[path = "wire/discovery.rs"]
mod discovery;
#[path = "wire/governance.rs"]
mod governance;
#[path = "wire/inject.rs"]
mod inject;
#[path = "wire/recorder.rs"]
mod recorder;
#[path = "wire/routing.rs"]
mod routing;
#[path = "wire/schema.rs"]
mod schema;
#[path = "wire/versions.rs"]
mod versions;
