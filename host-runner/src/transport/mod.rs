//! The host's HTTP transport: the [`HttpTransport`] service handed to every connector.
//!
//! The host, not the connector, owns connections and the per-account concurrency budget
//! (see ARCHITECTURE.md, "Who owns what at run time"). [`HostTransport`] provides:
//!
//! - a pooled hyper client with rustls (`client.rs`): connection reuse, Mozilla's roots plus
//!   extra trusted roots from the configuration;
//! - a URL policy checked before any network traffic: plain `http://` only to
//!   loopback unless [`TransportConfig::allow_plain_http`] is set (`policy.rs`);
//! - the concurrency budget per pool key (`permits.rs`): at most `limit` requests in flight per
//!   key across every caller in the process, the rest waiting in arrival order; with
//!   [`TransportConfig::cluster`], also at most the cluster's limit across every process;
//! - timeouts (connect, and a whole-exchange request timeout once a permit is held) and
//!   cancellation, polled while waiting for a permit and for the response;
//! - distinct error kinds (`error.rs`), so the connector can decide what to retry;
//! - a response body limit per pool key (the connection's `max_response_bytes`, else
//!   [`TransportConfig::max_response_bytes`], 128 MiB): reading stops past it and the request
//!   fails with kind `Other` and a message starting `RESPONSE_TOO_LARGE: `, in bounded memory.
//!
//! It never retries: retrying belongs to the connector, which knows whether a request is safe
//! to repeat and signs every attempt afresh.
//!
//! # Threads
//!
//! The transport owns a small multi-thread tokio runtime. [`HostTransport::send`] (and the
//! ABI's `send`) is a *blocking* call meant for plain host worker threads: the exchange runs as
//! a task on the transport's runtime and the caller sleeps until it finishes. Do not call it on
//! an async executor thread, where it would stall that executor's worker; from async code use
//! [`HostTransport::send_async`]. Running every exchange as a task of the transport's own
//! runtime also keeps a panic inside hyper from unwinding into a plugin: it becomes an `Other`
//! error instead.
//!
//! # Logging
//!
//! At debug level, one event per request: method, URL without its query, status or error
//! kind, duration, pool key and permit wait. Header values and bodies are never logged: they
//! carry credentials.

mod client;
mod error;
mod permits;
mod policy;

use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use abi_stable::sabi_trait::TD_Opaque;
use abi_stable::std_types::{RArc, RResult, RStr};
use connector_api::{
    Cancellation, HttpRequest, HttpResponse, HttpTransport, HttpTransportBox, HttpTransport_TO,
    TransportError, TransportErrorKind,
};
use tokio::runtime::Runtime;

pub use permits::PoolStats;

use client::Client;
use permits::{Permit, Pools};
use policy::PolicyError;

/// How the transport connects, how long it waits, and what it trusts.
#[derive(Clone, Debug)]
pub struct TransportConfig {
    /// How long to wait for a TCP connection (per address tried). Default 10 s.
    pub connect_timeout: Duration,
    /// How long a whole exchange (connect, TLS, send, read the whole body) may take once it holds
    /// its permit, unless the request sets its own `timeout_ms`. Default 120 s.
    pub request_timeout: Duration,
    /// Allow plain `http://` to any host. Off by default: plain http is only sent to loopback
    /// (`127.0.0.0/8`, `::1`, `localhost`), because requests carry credentials.
    pub allow_plain_http: bool,
    /// Extra trusted root certificates, each entry PEM text holding one or more certificates
    /// (e.g. the simulator's self-signed certificate). Mozilla's roots are always trusted.
    pub extra_root_certs_pem: Vec<String>,
    /// Worker threads of the transport's runtime. Default 2.
    pub worker_threads: usize,
    /// How long an idle connection is kept for reuse. Default 90 s.
    pub pool_idle_timeout: Duration,
    /// At most this many idle connections are kept per host. Default 32.
    pub pool_max_idle_per_host: usize,
    /// How often cancellation is checked while waiting for a permit or a response.
    /// Default 25 ms.
    pub cancel_poll_interval: Duration,
    /// The largest response body read, in bytes, for pool keys without a limit of their own
    /// ([`HostTransport::limit_response_bytes`]). Default [`DEFAULT_MAX_RESPONSE_BYTES`].
    pub max_response_bytes: u64,
    /// The cluster budget (`--cluster`): every request of a declared pool key also takes a
    /// permit shared by every node. `None`: the local permits only.
    pub cluster: Option<std::sync::Arc<crate::cluster::budget::Budget>>,
}

/// The largest response body read by default: 128 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 128 * 1024 * 1024;

impl Default for TransportConfig {
    fn default() -> Self {
        TransportConfig {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(120),
            allow_plain_http: false,
            extra_root_certs_pem: Vec::new(),
            worker_threads: 2,
            pool_idle_timeout: Duration::from_secs(90),
            pool_max_idle_per_host: 32,
            cancel_poll_interval: Duration::from_millis(25),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            cluster: None,
        }
    }
}

/// Why a [`HostTransport`] could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TransportBuildError {
    /// An entry of `extra_root_certs_pem` is not valid PEM (the configuration is at fault).
    #[error("extra root certificate entry {index} is not valid PEM")]
    RootPem {
        /// Position in `extra_root_certs_pem`.
        index: usize,
        /// The PEM parser's complaint.
        #[source]
        source: rustls::pki_types::pem::Error,
    },
    /// An entry of `extra_root_certs_pem` holds no certificate (the configuration is at fault).
    #[error("extra root certificate entry {index} holds no certificate")]
    RootPemEmpty {
        /// Position in `extra_root_certs_pem`.
        index: usize,
    },
    /// A certificate of `extra_root_certs_pem` cannot serve as a trust anchor.
    #[error("extra root certificate entry {index} was rejected as a trust anchor")]
    RootRejected {
        /// Position in `extra_root_certs_pem`.
        index: usize,
        /// Why rustls rejected it.
        #[source]
        source: rustls::Error,
    },
    /// rustls refused the TLS configuration (a bug in this crate rather than in the input).
    #[error("TLS configuration rejected")]
    Tls(#[source] rustls::Error),
    /// The transport's tokio runtime could not start (out of threads or memory).
    #[error("could not start the transport runtime")]
    Runtime(#[source] std::io::Error),
}

/// The host's HTTP transport. Cheap to clone: clones share the runtime, the connection pool
/// and the concurrency budget.
///
/// See the [module documentation](self) for threads, policy and logging.
#[derive(Clone, Debug)]
pub struct HostTransport {
    inner: Arc<Inner>,
}

/// Owns the runtime; dropping the last [`HostTransport`] shuts it down.
#[derive(Debug)]
struct Inner {
    runtime: Option<Runtime>,
    shared: Arc<Shared>,
}

/// What a running exchange needs. Tasks hold this, never [`Inner`], so the runtime is never
/// dropped from one of its own threads.
#[derive(Debug)]
struct Shared {
    client: Client,
    pools: Pools,
    request_timeout: Duration,
    allow_plain_http: bool,
    cancel_poll_interval: Duration,
    max_response_bytes: u64,
    /// The cluster budget, when the process takes part in a cluster.
    cluster: Option<Arc<crate::cluster::budget::Budget>>,
    /// Response body limits per pool key (from the connections' `max_response_bytes`).
    response_limits: std::sync::RwLock<std::collections::HashMap<String, u64>>,
}

impl HostTransport {
    /// Builds the transport and starts its runtime.
    ///
    /// # Errors
    ///
    /// When an extra root certificate is unusable, or the runtime cannot start.
    pub fn new(config: TransportConfig) -> Result<HostTransport, TransportBuildError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(config.worker_threads.max(1))
            .thread_name("host-http")
            .enable_all()
            .build()
            .map_err(TransportBuildError::Runtime)?;
        let shared = Shared {
            client: Client::new(&config)?,
            pools: Pools::default(),
            request_timeout: config.request_timeout,
            allow_plain_http: config.allow_plain_http,
            cancel_poll_interval: config.cancel_poll_interval.max(Duration::from_millis(1)),
            max_response_bytes: config.max_response_bytes,
            cluster: config.cluster.clone(),
            response_limits: std::sync::RwLock::default(),
        };
        Ok(HostTransport {
            inner: Arc::new(Inner {
                runtime: Some(runtime),
                shared: Arc::new(shared),
            }),
        })
    }

    /// Sets the largest response body read for requests with this `pool_key` (a connection's
    /// `max_response_bytes`); other keys keep the configuration's default.
    pub fn limit_response_bytes(&self, key: &str, bytes: u64) {
        tracing::debug!(pool_key = key, bytes, "response body limit set");
        self.inner
            .shared
            .response_limits
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(key.to_string(), bytes);
    }

    /// Declares (or changes) the concurrency budget of `key`: at most `limit` requests with
    /// this `pool_key` in flight at once. A limit of 0 is treated as 1. Growing a live key takes
    /// effect at once; shrinking takes effect as in-flight requests finish.
    pub fn declare_pool(&self, key: &str, limit: u32) {
        if limit == 0 {
            tracing::warn!(
                pool_key = key,
                "pool limit 0 would block every request; using 1"
            );
        }
        tracing::debug!(pool_key = key, limit, "pool declared");
        self.inner.shared.pools.declare(key, limit);
    }

    /// The budget of `key` right now, or `None` when it was never declared.
    pub fn pool_stats(&self, key: &str) -> Option<PoolStats> {
        self.inner.shared.pools.stats(key)
    }

    /// The budget of every declared key, sorted by key (for the execution log).
    pub fn all_pool_stats(&self) -> Vec<(String, PoolStats)> {
        self.inner.shared.pools.all_stats()
    }

    /// Sends one request and reads the whole response, blocking the calling thread.
    ///
    /// Call it from a plain thread (a host worker), never from an async executor thread (use
    /// [`send_async`](Self::send_async) there). Waits for a permit when the request's pool key
    /// is at its limit; gives up with `Cancelled` as soon as `cancel` fires.
    ///
    /// # Errors
    ///
    /// A [`TransportError`] whose kind says what failed: `Refused` (policy, nothing sent),
    /// `InvalidRequest`, `Connect`, `Tls`, `Timeout`, `Reset`, `Cancelled` or `Other`.
    pub fn send(
        &self,
        request: HttpRequest,
        cancel: &Cancellation,
    ) -> Result<HttpResponse, TransportError> {
        let (tx, rx) = mpsc::sync_channel(1);
        let shared = Arc::clone(&self.inner.shared);
        let cancel = cancel.clone();
        self.handle().spawn(async move {
            // The receiver only goes away if the caller's thread died.
            let _ = tx.send(shared.exchange(request, &cancel).await);
        });
        rx.recv().unwrap_or_else(|_| Err(task_lost()))
    }

    /// Like [`send`](Self::send), for async callers: the exchange runs on the transport's
    /// runtime whatever runtime awaits it. Dropping the returned future abandons the exchange
    /// (and returns its permit).
    ///
    /// # Errors
    ///
    /// As for [`send`](Self::send).
    pub async fn send_async(
        &self,
        request: HttpRequest,
        cancel: Cancellation,
    ) -> Result<HttpResponse, TransportError> {
        let shared = Arc::clone(&self.inner.shared);
        let mut task = AbortOnDrop(
            self.handle()
                .spawn(async move { shared.exchange(request, &cancel).await }),
        );
        (&mut task.0).await.unwrap_or_else(|_| Err(task_lost()))
    }

    /// The transport as the ABI object handed to connectors in `HostServices`.
    pub fn into_box(self) -> HttpTransportBox {
        HttpTransport_TO::from_ptr(RArc::new(self), TD_Opaque)
    }

    fn handle(&self) -> &tokio::runtime::Handle {
        match &self.inner.runtime {
            Some(runtime) => runtime.handle(),
            // Only `Inner::drop` takes the runtime, and then no `HostTransport` is left.
            None => unreachable!("transport runtime taken before drop"),
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            // Dropping a runtime blocks until its tasks stop, which tokio forbids (panics) on
            // an async thread; there, let it wind down in the background instead.
            if tokio::runtime::Handle::try_current().is_ok() {
                runtime.shutdown_background();
            } else {
                drop(runtime);
            }
        }
    }
}

impl HttpTransport for HostTransport {
    fn declare_pool(&self, key: RStr<'_>, limit: u32) {
        HostTransport::declare_pool(self, key.as_str(), limit);
    }

    fn send(
        &self,
        request: HttpRequest,
        cancel: &Cancellation,
    ) -> RResult<HttpResponse, TransportError> {
        HostTransport::send(self, request, cancel).into()
    }
}

impl Shared {
    /// One exchange: policy, permit, then the request under its timeout, all racing `cancel`.
    async fn exchange(
        &self,
        request: HttpRequest,
        cancel: &Cancellation,
    ) -> Result<HttpResponse, TransportError> {
        let started = Instant::now();
        let method = request.method.to_string();
        let url = policy::without_query(request.url.as_str()).to_owned();
        let pool_key = request.pool_key.to_string();
        let mut wait = Duration::ZERO;
        let result = self.exchange_inner(request, cancel, &mut wait).await;
        let elapsed_ms = started.elapsed().as_millis() as u64;
        let wait_ms = wait.as_millis() as u64;
        match &result {
            Ok(response) => tracing::debug!(
                method,
                url,
                status = response.status,
                elapsed_ms,
                pool_key,
                wait_ms,
                "http request"
            ),
            Err(e) => tracing::debug!(
                method, url, error = ?e.kind, elapsed_ms, pool_key, wait_ms,
                "http request failed"
            ),
        }
        result
    }

    async fn exchange_inner(
        &self,
        request: HttpRequest,
        cancel: &Cancellation,
        wait: &mut Duration,
    ) -> Result<HttpResponse, TransportError> {
        let uri =
            policy::check(request.url.as_str(), self.allow_plain_http).map_err(|e| match e {
                PolicyError::Invalid(msg) => {
                    TransportError::new(TransportErrorKind::InvalidRequest, msg)
                }
                PolicyError::Refused(msg) => TransportError::new(TransportErrorKind::Refused, msg),
            })?;
        let peer = uri.authority().map(|a| a.to_string()).unwrap_or_default();
        let timeout = match request.timeout_ms {
            0 => self.request_timeout,
            ms => Duration::from_millis(ms),
        };
        let pool = self.pools.get(request.pool_key.as_str());
        let pool_key = request.pool_key.to_string();
        let max_body = self
            .response_limits
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&pool_key)
            .copied()
            .unwrap_or(self.max_response_bytes);
        let request = client::to_hyper_request(request, uri)?;
        if cancel.is_cancelled() {
            return Err(cancelled(cancel, "before sending"));
        }

        // Held until the whole body is read (or the exchange fails): that is what "in flight"
        // means for the budget.
        let _permit: Option<Permit> = match pool {
            Some(pool) => {
                // Cancellation is checked first so that a cancelled caller never takes a
                // permit, even one that became free at the same moment.
                let permit = tokio::select! {
                    biased;
                    () = self.cancelled(cancel) => {
                        return Err(cancelled(
                            cancel,
                            &format!("while waiting for a permit on pool {pool_key:?}"),
                        ));
                    }
                    permit = pool.acquire(
                        self.cluster.as_deref().map(|budget| (budget, pool_key.as_str())),
                    ) => permit,
                };
                *wait = permit.wait();
                Some(permit)
            }
            None => None,
        };

        tokio::select! {
            // A response that is complete wins over a cancellation that arrives with it.
            biased;
            result = tokio::time::timeout(timeout, self.client.exchange(request, &peer, max_body)) => {
                result.unwrap_or_else(|_| Err(error::timeout(&peer, timeout)))
            }
            () = self.cancelled(cancel) => Err(cancelled(cancel, "while waiting for the response")),
        }
    }

    /// Resolves once `cancel` fires (flag or deadline), checking every poll interval.
    async fn cancelled(&self, cancel: &Cancellation) {
        while !cancel.is_cancelled() {
            tokio::time::sleep(self.cancel_poll_interval).await;
        }
    }
}

/// Aborts a task whose result nobody will read.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn cancelled(cancel: &Cancellation, when: &str) -> TransportError {
    let why = if cancel.is_cancel_requested() {
        "cancelled"
    } else {
        "deadline passed"
    };
    TransportError::new(TransportErrorKind::Cancelled, format!("{why} {when}"))
}

fn task_lost() -> TransportError {
    TransportError::new(
        TransportErrorKind::Other,
        "the transport task ended without a result (panic or shutdown)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_budget() {
        let t = HostTransport::new(TransportConfig::default()).unwrap();
        t.clone().declare_pool("acct", 3);
        assert_eq!(t.pool_stats("acct").unwrap().limit, 3);
        assert!(t.pool_stats("other").is_none());
    }
}
