//! The one test kit of the workspace: what every crate's tests would otherwise write again.
//!
//! - [`hostile`]: a tiny HTTP server answering what a test says (deep nesting, endless paging);
//! - [`xsd`]: validation against the official NetSuite schemas in `../shared/suitetalk/xsd`,
//!   one `xmllint` call per batch, failures named by document;
//! - [`transport`]: a scripted [`HttpTransport`](connector_sdk::HttpTransport) that answers
//!   from a queue and keeps what it was sent;
//! - [`log`]: a log sink that keeps records (or drops them, quietly);
//! - [`results`]: collectors of outputs and outcomes, for the SDK's `Results` and the ABI's
//!   `ResultSink`;
//! - [`sim`]: the simulator recording every exchange into a fresh folder, with the check that
//!   each recorded request and response validates.
//!
//! Tests that go *through the simulator* use the host's real transport (`host_runner`), never
//! a client of their own; the scripted transport is for unit tests that need exact answers.

pub mod hostile;
pub mod log;
pub mod results;
pub mod sim;
pub mod transport;
pub mod xsd;
