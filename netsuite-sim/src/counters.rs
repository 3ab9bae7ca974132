//! What the simulator counts, for tests and the binary's exit report: requests by operation,
//! faults by code, injected faults by kind, and per account the requests in flight, their peak
//! and the nonces of accepted token passports.
//!
//! One mutex guards everything; it is held for a few map updates per request only.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;

use serde::Serialize;

/// How many accepted nonces each account keeps for [`AccountCounters::accepted_nonces`].
const NONCES_KEPT: usize = 10_000;

/// A copy of the counters at one moment ([`crate::SimHandle::counters`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CountersSnapshot {
    /// Every SOAP request received (POST on a service path), faults included.
    pub requests: u64,
    /// Requests by operation (the Body element's local name), faults included.
    pub requests_by_operation: BTreeMap<String, u64>,
    /// SOAP faults answered, by fault code (`WS_REQUEST_BLOCKED`, `USER_ERROR`, …);
    /// `NO_SUCH_OPERATION` counts `soapenv:Client` faults for operations the endpoint lacks.
    pub faults_by_code: BTreeMap<String, u64>,
    /// Injected transport misbehaviour by kind (`drop_before`, `drop_after`, `slow_body`,
    /// `truncate`, `http_503`); injected SOAP faults are counted in `faults_by_code` too.
    pub injected: BTreeMap<String, u64>,
    /// Per account id (upper case).
    pub accounts: BTreeMap<String, AccountCounters>,
}

/// Counters of one account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AccountCounters {
    /// Authenticated requests admitted by governance.
    pub admitted: u64,
    /// Requests of this account running now.
    pub in_flight: u32,
    /// The most requests of this account that ran at once.
    pub peak_in_flight: u32,
    /// Nonces of accepted token passports, oldest first (the last 10,000).
    pub accepted_nonces: Vec<String>,
}

impl CountersSnapshot {
    /// Faults answered with this code.
    pub fn faults(&self, code: &str) -> u64 {
        self.faults_by_code.get(code).copied().unwrap_or(0)
    }

    /// Requests of this operation.
    pub fn operation(&self, op: &str) -> u64 {
        self.requests_by_operation.get(op).copied().unwrap_or(0)
    }

    /// The peak in flight of an account (0 if it never had a request).
    pub fn peak_in_flight(&self, account: &str) -> u32 {
        self.accounts.get(account).map_or(0, |a| a.peak_in_flight)
    }

    /// The accepted nonces of an account.
    pub fn accepted_nonces(&self, account: &str) -> &[String] {
        self.accounts
            .get(account)
            .map_or(&[], |a| a.accepted_nonces.as_slice())
    }
}

#[derive(Debug, Default)]
struct AccountInner {
    admitted: u64,
    in_flight: u32,
    peak_in_flight: u32,
    accepted_nonces: VecDeque<String>,
}

#[derive(Debug, Default)]
struct Inner {
    requests: u64,
    requests_by_operation: BTreeMap<String, u64>,
    faults_by_code: BTreeMap<String, u64>,
    injected: BTreeMap<String, u64>,
    accounts: BTreeMap<String, AccountInner>,
}

/// The live counters of one simulator.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    inner: Mutex<Inner>,
}

impl Counters {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn request(&self, op: &str) {
        let mut inner = self.lock();
        inner.requests += 1;
        *inner
            .requests_by_operation
            .entry(op.to_owned())
            .or_default() += 1;
    }

    pub(crate) fn fault(&self, code: &str) {
        *self
            .lock()
            .faults_by_code
            .entry(code.to_owned())
            .or_default() += 1;
    }

    pub(crate) fn injected(&self, kind: &str) {
        *self.lock().injected.entry(kind.to_owned()).or_default() += 1;
    }

    pub(crate) fn accepted_nonce(&self, account: &str, nonce: &str) {
        let mut inner = self.lock();
        let a = inner.accounts.entry(account.to_owned()).or_default();
        a.accepted_nonces.push_back(nonce.to_owned());
        if a.accepted_nonces.len() > NONCES_KEPT {
            a.accepted_nonces.pop_front();
        }
    }

    /// Admits one more request of `account` unless `limit` are already in flight.
    /// Returns false (and changes nothing) when the limit is reached.
    pub(crate) fn try_enter(&self, account: &str, limit: u32) -> bool {
        let mut inner = self.lock();
        let a = inner.accounts.entry(account.to_owned()).or_default();
        if a.in_flight >= limit {
            return false;
        }
        a.in_flight += 1;
        a.admitted += 1;
        a.peak_in_flight = a.peak_in_flight.max(a.in_flight);
        true
    }

    pub(crate) fn leave(&self, account: &str) {
        if let Some(a) = self.lock().accounts.get_mut(account) {
            a.in_flight = a.in_flight.saturating_sub(1);
        }
    }

    pub(crate) fn snapshot(&self) -> CountersSnapshot {
        let inner = self.lock();
        CountersSnapshot {
            requests: inner.requests,
            requests_by_operation: inner.requests_by_operation.clone(),
            faults_by_code: inner.faults_by_code.clone(),
            injected: inner.injected.clone(),
            accounts: inner
                .accounts
                .iter()
                .map(|(k, a)| {
                    (
                        k.clone(),
                        AccountCounters {
                            admitted: a.admitted,
                            in_flight: a.in_flight,
                            peak_in_flight: a.peak_in_flight,
                            accepted_nonces: a.accepted_nonces.iter().cloned().collect(),
                        },
                    )
                })
                .collect(),
        }
    }

    /// Clears everything except what is in flight now.
    pub(crate) fn reset(&self) {
        let mut inner = self.lock();
        inner.requests = 0;
        inner.requests_by_operation.clear();
        inner.faults_by_code.clear();
        inner.injected.clear();
        for a in inner.accounts.values_mut() {
            a.admitted = 0;
            a.peak_in_flight = a.in_flight;
            a.accepted_nonces.clear();
        }
    }
}
