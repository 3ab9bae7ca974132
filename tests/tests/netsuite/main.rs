//! End-to-end tests of the NetSuite connector: the real plugin library, loaded by the host's
//! loader, talking through the host's transport to the simulator on loopback.

mod support;

mod conformance;
mod connection;
mod hostile;
mod operations;
mod round_trip;
mod safe_writes;
mod search_rows;
