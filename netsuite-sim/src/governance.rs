//! Per-account concurrency governance: at most `concurrency_limit` requests of one account run
//! at once; one more is refused with the fault NetSuite gives for its authentication method
//! (DOC:bridgehead_1525252812): token-based → `exceededConcurrentRequestLimitFault` /
//! `WS_REQUEST_BLOCKED`; user credentials → `exceededRequestLimitFault` /
//! `WS_CONCUR_SESSION_DISALLWD`.
//!
//! An account may also give each integration its own limit (`integration_concurrency_limit`):
//! a request is then admitted by its integration's budget too (a token's consumer key, or the
//! application id sent with user credentials), refused with the same fault.
//!
//! The slot is held from admission (right after authentication) until the response is handed
//! to the connection, injected latency included, and released on drop so that a dropped
//! connection frees it too.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

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

/// Requests in flight per integration of one account.
#[derive(Debug, Default)]
pub(crate) struct Integrations {
    in_flight: Mutex<HashMap<String, u32>>,
}

/// A request's slot in its integration's budget; released on drop.
#[derive(Debug)]
pub(crate) struct IntegrationPermit {
    integrations: Arc<Integrations>,
    integration: String,
}

impl Drop for IntegrationPermit {
    fn drop(&mut self) {
        let mut map = self
            .integrations
            .in_flight
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(n) = map.get_mut(&self.integration) {
            *n = n.saturating_sub(1);
        }
    }
}

/// Admits a request of `integration` within its own `limit` (`None`: no limit of its own) or
/// answers the concurrency fault of its method.
pub(crate) fn admit_integration(
    integrations: &Arc<Integrations>,
    integration: &str,
    limit: Option<u32>,
    method: Method,
) -> Result<Option<IntegrationPermit>, Fault> {
    let Some(limit) = limit else {
        return Ok(None);
    };
    let mut map = integrations
        .in_flight
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let n = map.entry(integration.to_owned()).or_insert(0);
    if *n >= limit {
        return Err(match method {
            Method::Token => Fault::concurrent_request_limit(),
            Method::Passport => Fault::session_request_limit(),
        });
    }
    *n += 1;
    Ok(Some(IntegrationPermit {
        integrations: Arc::clone(integrations),
        integration: integration.to_owned(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_integration_limit_refuses_that_integration_only() {
        let integrations = Arc::new(Integrations::default());
        let a = admit_integration(&integrations, "ck1", Some(1), Method::Token)
            .unwrap()
            .expect("a permit");
        assert_eq!(
            admit_integration(&integrations, "ck1", Some(1), Method::Token)
                .unwrap_err()
                .code,
            "WS_REQUEST_BLOCKED"
        );
        let _other = admit_integration(&integrations, "ck2", Some(1), Method::Token).unwrap();
        assert!(admit_integration(&integrations, "ck1", None, Method::Token)
            .unwrap()
            .is_none());
        drop(a);
        assert!(admit_integration(&integrations, "ck1", Some(1), Method::Token).is_ok());
    }

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
