//! End-to-end tests of the NetSuite connector: the real plugin library, loaded by the host's
//! loader, talking through the host's transport to the simulator on loopback.

mod support;

mod async_ops;
mod conformance;
mod connection;
mod custom_fields;
mod governance;
mod hostile;
mod more_operations;
mod operations;
mod round_trip;
mod safe_writes;
mod search_rows;
