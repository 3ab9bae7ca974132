//! Per-account concurrency governance: at most `concurrency_limit` requests of one account run
//! at once; one more is refused with the fault NetSuite gives for its authentication method
//! (DOC:bridgehead_1525252812): token-based → `exceededConcurrentRequestLimitFault` /
//! `WS_REQUEST_BLOCKED`; user credentials → `exceededRequestLimitFault` /
//! `WS_CONCUR_SESSION_DISALLWD`.
//!
//! The slot is held from admission (right after authentication) until the response is handed
//! to the connection, injected latency included, and released on drop so that a dropped
//! connection frees it too.

use std::sync::Arc;

use crate::auth::Method;
use crate::counters::Counters;
use crate::faults::Fault;

/// A request's slot in its account's budget; released on drop.
#[derive(Debug)]
pub(crate) struct Permit {
    counters: Arc<Counters>,
    account: String,
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.counters.leave(&self.account);
    }
}

/// Admits a request of `account` or answers the concurrency fault of its method.
pub(crate) fn admit(
    counters: &Arc<Counters>,
    account: &str,
    limit: u32,
    method: Method,
) -> Result<Permit, Fault> {
    if counters.try_enter(account, limit) {
        Ok(Permit {
            counters: Arc::clone(counters),
            account: account.to_owned(),
        })
    } else {
        Err(match method {
            Method::Token => Fault::concurrent_request_limit(),
            Method::Passport => Fault::session_request_limit(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_past_the_limit_and_frees_on_drop() {
        let counters = Arc::new(Counters::default());
        let a = admit(&counters, "A", 2, Method::Token).unwrap();
        let _b = admit(&counters, "A", 2, Method::Token).unwrap();
        assert_eq!(
            admit(&counters, "A", 2, Method::Token).unwrap_err().code,
            "WS_REQUEST_BLOCKED"
        );
        assert_eq!(
            admit(&counters, "A", 2, Method::Passport).unwrap_err().code,
            "WS_CONCUR_SESSION_DISALLWD"
        );
        drop(a);
        let _c = admit(&counters, "A", 2, Method::Token).unwrap();
        let snap = counters.snapshot();
        assert_eq!(snap.peak_in_flight("A"), 2);
        assert_eq!(snap.accounts["A"].in_flight, 2);
    }
}
