//! A SuiteTalk SOAP endpoint on loopback, for tests, benchmarks and demos.
//!
//! # The contract
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use netsuite_sim::{AccountConfig, Simulator, TokenConfig, Version};
//!
//! let sim = Simulator::builder()
//!     .account(AccountConfig::new("123456_SB1").with_token(TokenConfig {
//!         consumer_key: "ck".into(),
//!         consumer_secret: "cs".into(),
//!         token_id: "tid".into(),
//!         token_secret: "ts".into(),
//!     }))
//!     .tls(false)
//!     .start()
//!     .await?;
//! let generic = sim.service_url(Version { year: 2023, release: 2 }); // discovery goes here
//! let domain = sim.account_base_url("123456_SB1").unwrap(); // …/a/123456-sb1
//! let peak = sim.counters().peak_in_flight("123456_SB1");
//! sim.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! - Any number of simulators run at once, each on its own random loopback port.
//! - [`Simulator::start_blocking`] runs one on its own runtime for code on plain threads.
//! - With no account configured, the demo accounts of [`config::demo_accounts`] are served.
//! - [`demo`]: the demo connection a host runs when a NetSuite connection names no account.
//! - Account-specific domains: `base_url() + "/a/<label>"` (label = lower case, `_` → `-`),
//!   or the Host header `<label>.suitetalk.api.netsuite.com`; see the `server` module.
//! - Faults, versions and authentication follow `shared/reference/suitetalk-protocol.md`; the
//!   fault catalogue is [`faults::Fault`].

#![forbid(unsafe_code)]

pub mod config;
pub mod counters;
pub mod demo;
pub mod faults;
pub(crate) mod ops;
pub mod schema_gen;
pub mod store;
pub mod version;

mod auth;
mod envelope;
mod governance;
mod inject;
mod recorder;
mod server;
mod tls;
mod wsdl;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use config::{AccountConfig, FaultPlan, SimConfig, TokenConfig, UserConfig};
pub use counters::{AccountCounters, CountersSnapshot};
pub use faults::Fault;
pub use store::customization::{CustomField, CustomFieldKind};
pub use version::Version;

/// Entry point: `Simulator::builder()`.
#[derive(Debug)]
pub struct Simulator;

impl Simulator {
    /// A builder with no accounts (the demo accounts are served if none is added), plain HTTP,
    /// and a random loopback port.
    pub fn builder() -> SimulatorBuilder {
        SimulatorBuilder {
            config: SimConfig::default(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            tls: false,
        }
    }
}

/// Settings of a simulator before it starts.
#[derive(Debug, Clone)]
pub struct SimulatorBuilder {
    config: SimConfig,
    listen: SocketAddr,
    tls: bool,
}

impl SimulatorBuilder {
    /// Replaces every setting with `config` (e.g. read from an accounts file).
    pub fn config(mut self, config: SimConfig) -> Self {
        self.config = config;
        self
    }

    /// Adds an account.
    pub fn account(mut self, account: AccountConfig) -> Self {
        self.config.accounts.push(account);
        self
    }

    /// Serves HTTPS with a self-signed certificate ([`SimHandle::certificate_pem`]).
    pub fn tls(mut self, on: bool) -> Self {
        self.tls = on;
        self
    }

    /// The address to listen on (default `127.0.0.1:0`, a random port).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Serves `/wsdl/…` and `/xsd/…` from this folder (`<folder>/<YYYY_N>/netsuite.wsdl`)
    /// instead of the simulator's own generated set ([`schema_gen`]). Fields outside the
    /// simulator's tables are then accepted and dropped rather than refused (they may be
    /// NetSuite's).
    pub fn schema_folder(mut self, folder: impl Into<PathBuf>) -> Self {
        self.config.schema_folder = Some(folder.into());
        self
    }

    /// Writes every request/response pair into this folder.
    pub fn record_folder(mut self, folder: impl Into<PathBuf>) -> Self {
        self.config.record_folder = Some(folder.into());
        self
    }

    /// Refuses non-discovery requests on the generic origin from the 2019.1 endpoint on.
    pub fn require_account_domain(mut self, on: bool) -> Self {
        self.config.require_account_domain = on;
        self
    }

    /// The accepted difference between a tokenPassport timestamp and the server clock
    /// (default 5 minutes).
    pub fn clock_skew(mut self, skew: Duration) -> Self {
        self.config.clock_skew_secs = skew.as_secs();
        self
    }

    /// The largest accepted request body (default 100 MB, NetSuite's limit).
    pub fn max_request_bytes(mut self, limit: usize) -> Self {
        self.config.max_request_bytes = limit;
        self
    }

    /// A fault plan for every account that has none of its own.
    pub fn default_faults(mut self, plan: FaultPlan) -> Self {
        self.config.default_faults = Some(plan);
        self
    }

    /// Binds, seeds every account's store and starts serving on the current tokio runtime.
    ///
    /// # Errors
    /// The address cannot be bound, the record folder cannot be created, or the certificate
    /// cannot be generated.
    pub async fn start(self) -> std::io::Result<SimHandle> {
        let mut config = self.config;
        if config.accounts.is_empty() {
            config.accounts = config::demo_accounts();
        }
        let listener = server::bind(self.listen).await?;
        let addr = listener.local_addr()?;
        let scheme = if self.tls { "https" } else { "http" };
        let origin = format!("{scheme}://{addr}");
        let tls = if self.tls {
            let mut names = vec!["localhost".to_owned(), addr.ip().to_string()];
            names.extend(
                config
                    .accounts
                    .iter()
                    .map(|a| format!("{}.suitetalk.api.netsuite.com", a.label())),
            );
            Some(tls::generate(names).map_err(std::io::Error::other)?)
        } else {
            None
        };
        // Seeding a large store takes a while: keep it off the async workers.
        let shared = tokio::task::spawn_blocking(move || server::Shared::new(config, origin))
            .await
            .map_err(std::io::Error::other)??;
        let shared = Arc::new(shared);
        let (tx, rx) = tokio::sync::watch::channel(false);
        let acceptor = tls
            .as_ref()
            .map(|t| tokio_rustls::TlsAcceptor::from(Arc::clone(&t.config)));
        let task = tokio::spawn(server::serve(listener, Arc::clone(&shared), acceptor, rx));
        Ok(SimHandle {
            addr,
            shared,
            certificate: tls.map(|t| (t.pem, t.der)),
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    /// Starts on a runtime of its own (two worker threads), for callers on plain threads.
    ///
    /// # Errors
    /// As [`SimulatorBuilder::start`], or the runtime cannot be built.
    ///
    /// # Panics
    /// If called from inside a tokio runtime.
    pub fn start_blocking(self) -> std::io::Result<BlockingSimHandle> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("netsuite-sim")
            .enable_all()
            .build()?;
        let handle = runtime.block_on(self.start())?;
        Ok(BlockingSimHandle {
            handle: Some(handle),
            runtime: Some(runtime),
        })
    }
}

/// A running simulator. Dropping it stops the server (without waiting).
#[derive(Debug)]
pub struct SimHandle {
    addr: SocketAddr,
    shared: Arc<server::Shared>,
    certificate: Option<(String, Vec<u8>)>,
    shutdown: Option<tokio::sync::watch::Sender<bool>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl SimHandle {
    /// The listening address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The generic origin, `http://127.0.0.1:PORT` (or `https://…`): where getDataCenterUrls goes.
    pub fn base_url(&self) -> String {
        self.shared.origin.clone()
    }

    /// The generic service URL of a version: `<base_url>/services/NetSuitePort_YYYY_N`.
    pub fn service_url(&self, version: Version) -> String {
        format!(
            "{}/services/NetSuitePort_{}",
            self.shared.origin,
            version.tag()
        )
    }

    /// The WSDL URL of a version (`<base_url>/wsdl/vYYYY_N_0/netsuite.wsdl`): the schema
    /// folder's set, else the simulator's own ([`schema_gen`]).
    pub fn wsdl_url(&self, version: Version) -> String {
        format!(
            "{}/wsdl/v{}_0/netsuite.wsdl",
            self.shared.origin,
            version.tag()
        )
    }

    /// The account-specific origin (`<base_url>/a/<label>`), as getDataCenterUrls returns it in
    /// `webservicesDomain`; `None` for an unknown account (matched without regard to case).
    pub fn account_base_url(&self, account: &str) -> Option<String> {
        self.shared
            .config
            .accounts
            .iter()
            .find(|a| a.id.eq_ignore_ascii_case(account))
            .map(|a| self.shared.account_base_url(&a.label()))
    }

    /// The Host header that routes to an account's domain (`<label>.suitetalk.api.netsuite.com`).
    pub fn account_host(&self, account: &str) -> String {
        format!("{}.suitetalk.api.netsuite.com", config::host_label(account))
    }

    /// The accounts served (ids and credentials; `Debug` redacts secrets).
    pub fn accounts(&self) -> &[AccountConfig] {
        &self.shared.config.accounts
    }

    /// An account's record store (e.g. to check what a dropped request applied).
    pub fn store(&self, account: &str) -> Option<&store::AccountStore> {
        let i = self
            .shared
            .config
            .accounts
            .iter()
            .position(|a| a.id == account)?;
        Some(&self.shared.accounts[i].store)
    }

    /// A copy of the counters now.
    pub fn counters(&self) -> CountersSnapshot {
        self.shared.counters.snapshot()
    }

    /// Zeroes the counters (requests in flight stay counted).
    pub fn reset_counters(&self) {
        self.shared.counters.reset();
    }

    /// The self-signed certificate in PEM, when serving HTTPS.
    pub fn certificate_pem(&self) -> Option<&str> {
        self.certificate.as_ref().map(|(pem, _)| pem.as_str())
    }

    /// The self-signed certificate in DER, when serving HTTPS.
    pub fn certificate_der(&self) -> Option<&[u8]> {
        self.certificate.as_ref().map(|(_, der)| der.as_slice())
    }

    /// Stops accepting, lets open connections finish their current request, and waits for the
    /// accept loop to end.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(true);
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(true);
        }
    }
}

/// A simulator on its own runtime ([`SimulatorBuilder::start_blocking`]). Derefs to
/// [`SimHandle`]; dropping it stops the server and its runtime.
#[derive(Debug)]
pub struct BlockingSimHandle {
    handle: Option<SimHandle>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl std::ops::Deref for BlockingSimHandle {
    type Target = SimHandle;
    fn deref(&self) -> &SimHandle {
        self.handle.as_ref().expect("handle present until drop")
    }
}

impl BlockingSimHandle {
    /// Stops the server and waits for it.
    pub fn shutdown(mut self) {
        if let (Some(handle), Some(rt)) = (self.handle.take(), self.runtime.as_ref()) {
            rt.block_on(handle.shutdown());
        }
    }
}

impl Drop for BlockingSimHandle {
    fn drop(&mut self) {
        drop(self.handle.take());
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}
