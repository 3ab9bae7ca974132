//! Authentication: the per-request credentials NetSuite reads from the SOAP header.
//!
//! SuiteTalk has no sessions here: every request carries either a `tokenPassport` (TBA, a
//! single-use signature, so each attempt, retries included, gets a fresh one) or a `passport`
//! plus `applicationInfo` (user credentials, before 2020.2 only). Never both: NetSuite answers
//! a mix with "Ambiguous authentication".

pub(crate) mod tba;

pub(crate) use tba::{Clock, NonceSource, SystemClock, SystemNonce, TokenPassport};
