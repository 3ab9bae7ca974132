//! The binary's command line (clap derive): only what the user typed, turned into a
//! [`SimConfig`] by [`Args::into_config`].

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use netsuite_sim::SimConfig;

/// A faithful SuiteTalk SOAP endpoint on loopback, for tests, demos and offline development.
///
/// ENDPOINTS
///
///   POST <origin>/services/NetSuitePort_<YYYY_N>          generic endpoint (2017_1 … 2025_2);
///                                                      getDataCenterUrls needs no credentials
///
///   POST <origin>/a/<label>/services/NetSuitePort_<YYYY_N>  an account's own domain, as
///                                                      getDataCenterUrls returns it
///                                                      (label = account id in lower case, _ → -)
///
///   Host: <label>.suitetalk.api.netsuite.com            the same account domain, chosen by the
///                                                      Host header on the plain path
///
///   GET  <origin>/wsdl/v<YYYY_N>_0/netsuite.wsdl         WSDL and XSDs from --schema-folder,
///                                                      else the simulator's own generated set
///
/// The generic endpoint serves every account unless --require-account-domain is given; then
/// endpoints from 2019.1 on refuse non-discovery requests there, as NetSuite does. Credentials
/// of one account sent to another account's domain are refused.
///
/// Without --accounts, two demo accounts are served; their credentials are printed at start.
/// Ctrl-C stops the server and prints the counters (JSON).
#[derive(Debug, Parser)]
#[command(name = "netsuite-sim", version, verbatim_doc_comment)]
pub struct Args {
    /// Address to listen on (use port 0 for a random port).
    #[arg(long, default_value = "127.0.0.1:8080", env = "NETSUITE_SIM_LISTEN")]
    pub listen: SocketAddr,

    /// Accounts file (TOML): accounts with tokens (consumer_key, consumer_secret, token_id,
    /// token_secret), users (email, password, role), application_ids, concurrency_limit,
    /// customers, seed and [accounts.faults] (latency and fault rates); plus
    /// require_account_domain and clock_skew_secs at the top level.
    #[arg(long, value_name = "FILE")]
    pub accounts: Option<PathBuf>,

    /// Seed size: customers per account (other record types derive from it). Overrides the
    /// accounts file.
    #[arg(long, value_name = "N")]
    pub seed_size: Option<usize>,

    /// Seed of the record generator (same seed, same records). Overrides the accounts file.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Concurrency limit of every account (requests in flight at once). Overrides the file.
    #[arg(long, value_name = "N")]
    pub concurrency_limit: Option<u32>,

    /// Folder of WSDL/XSD sets, one subfolder per version (<folder>/2023_2/netsuite.wsdl, XSDs
    /// beside it or in xsd/), served under /wsdl/… and /xsd/…. Without it, a set generated
    /// for the simulator's record types is served.
    #[arg(long, value_name = "DIR")]
    pub schema_folder: Option<PathBuf>,

    /// Folder where every request and response is written (000001-get.request.xml, …).
    #[arg(long, value_name = "DIR")]
    pub record_folder: Option<PathBuf>,

    /// Serve HTTPS with a self-signed certificate for localhost/127.0.0.1.
    #[arg(long)]
    pub tls: bool,

    /// Write the self-signed certificate (PEM) to this file, for clients to trust.
    #[arg(long, value_name = "FILE", requires = "tls")]
    pub cert_out: Option<PathBuf>,

    /// Refuse non-discovery requests on the generic endpoint from the 2019.1 endpoint on.
    #[arg(long)]
    pub require_account_domain: bool,

    /// Accepted difference, in seconds, between a tokenPassport timestamp and the clock.
    #[arg(long, value_name = "SECS")]
    pub clock_skew_secs: Option<u64>,

    /// Fixed latency added to every authenticated request, in milliseconds.
    #[arg(
        long,
        value_name = "MS",
        help_heading = "Latency and faults (accounts without their own plan)"
    )]
    pub latency_ms: Option<u64>,

    /// Extra latency drawn uniformly from 0..=MS.
    #[arg(
        long,
        value_name = "MS",
        help_heading = "Latency and faults (accounts without their own plan)"
    )]
    pub jitter_ms: Option<u64>,

    /// Fraction (0–1) of requests answered with a transient fault (WS_REQUEST_BLOCKED or
    /// UNEXPECTED_ERROR).
    #[arg(
        long,
        value_name = "RATE",
        help_heading = "Latency and faults (accounts without their own plan)"
    )]
    pub transient_fault_rate: Option<f64>,

    /// Fraction of connections closed without a response before the request is applied.
    #[arg(
        long,
        value_name = "RATE",
        help_heading = "Latency and faults (accounts without their own plan)"
    )]
    pub drop_before_rate: Option<f64>,

    /// Fraction of connections closed without a response after the request is applied.
    #[arg(
        long,
        value_name = "RATE",
        help_heading = "Latency and faults (accounts without their own plan)"
    )]
    pub drop_after_rate: Option<f64>,

    /// Fraction of responses whose body is trickled slowly.
    #[arg(
        long,
        value_name = "RATE",
        help_heading = "Latency and faults (accounts without their own plan)"
    )]
    pub slow_body_rate: Option<f64>,

    /// Pause between the pieces of a trickled body, in milliseconds (default 100).
    #[arg(
        long,
        value_name = "MS",
        help_heading = "Latency and faults (accounts without their own plan)"
    )]
    pub slow_body_interval_ms: Option<u64>,

    /// Fraction of responses cut off halfway.
    #[arg(
        long,
        value_name = "RATE",
        help_heading = "Latency and faults (accounts without their own plan)"
    )]
    pub truncate_rate: Option<f64>,

    /// Fraction of requests answered with an HTTP 503 HTML page.
    #[arg(
        long,
        value_name = "RATE",
        help_heading = "Latency and faults (accounts without their own plan)"
    )]
    pub http_503_rate: Option<f64>,

    /// Seed of the fault generator (same seed, same sequence of faults).
    #[arg(
        long,
        value_name = "N",
        help_heading = "Latency and faults (accounts without their own plan)"
    )]
    pub fault_seed: Option<u64>,
}

impl Args {
    /// The simulator settings these arguments describe.
    ///
    /// # Errors
    /// The accounts file cannot be read or parsed, or a rate is outside 0–1.
    pub fn into_config(self) -> Result<SimConfig, String> {
        let mut config = match &self.accounts {
            Some(path) => SimConfig::from_toml_file(path)?,
            None => SimConfig::default(),
        };
        if config.accounts.is_empty() {
            config.accounts = netsuite_sim::config::demo_accounts();
        }
        for a in &mut config.accounts {
            if let Some(n) = self.seed_size {
                a.customers = n;
            }
            if let Some(s) = self.seed {
                a.seed = s;
            }
            if let Some(l) = self.concurrency_limit {
                a.concurrency_limit = l;
            }
        }
        if self.schema_folder.is_some() {
            config.schema_folder = self.schema_folder.clone();
        }
        if self.record_folder.is_some() {
            config.record_folder = self.record_folder.clone();
        }
        if self.require_account_domain {
            config.require_account_domain = true;
        }
        if let Some(s) = self.clock_skew_secs {
            config.clock_skew_secs = s;
        }
        let mut plan = config.default_faults.clone().unwrap_or_default();
        let before = plan.clone();
        let set_rate = |slot: &mut f64, value: Option<f64>, name: &str| -> Result<(), String> {
            if let Some(v) = value {
                if !(0.0..=1.0).contains(&v) {
                    return Err(format!("--{name} must be between 0 and 1, got {v}"));
                }
                *slot = v;
            }
            Ok(())
        };
        set_rate(
            &mut plan.transient_fault_rate,
            self.transient_fault_rate,
            "transient-fault-rate",
        )?;
        set_rate(
            &mut plan.drop_before_rate,
            self.drop_before_rate,
            "drop-before-rate",
        )?;
        set_rate(
            &mut plan.drop_after_rate,
            self.drop_after_rate,
            "drop-after-rate",
        )?;
        set_rate(
            &mut plan.slow_body_rate,
            self.slow_body_rate,
            "slow-body-rate",
        )?;
        set_rate(&mut plan.truncate_rate, self.truncate_rate, "truncate-rate")?;
        set_rate(&mut plan.http_503_rate, self.http_503_rate, "http-503-rate")?;
        plan.latency_ms = self.latency_ms.unwrap_or(plan.latency_ms);
        plan.jitter_ms = self.jitter_ms.unwrap_or(plan.jitter_ms);
        plan.slow_body_interval_ms = self
            .slow_body_interval_ms
            .unwrap_or(plan.slow_body_interval_ms);
        plan.seed = self.fault_seed.unwrap_or(plan.seed);
        if plan != before || config.default_faults.is_some() {
            config.default_faults = Some(plan);
        }
        Ok(config)
    }
}

/// True when the accounts are the built-in demo accounts (whose secrets may be printed).
pub fn is_demo(config: &SimConfig) -> bool {
    let demo = netsuite_sim::config::demo_accounts();
    config.accounts.len() == demo.len()
        && config.accounts.iter().zip(&demo).all(|(a, d)| a.id == d.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_well_formed() {
        Args::command().debug_assert();
        for arg in Args::command().get_arguments() {
            assert!(arg.get_help().is_some(), "--{} has no help", arg.get_id());
        }
    }

    #[test]
    fn options_override_the_demo_accounts_and_fault_plan() {
        let args = Args::parse_from([
            "netsuite-sim",
            "--seed-size",
            "7",
            "--concurrency-limit",
            "3",
            "--latency-ms",
            "50",
            "--truncate-rate",
            "0.5",
        ]);
        let config = args.into_config().unwrap();
        assert!(is_demo(&config));
        assert!(config
            .accounts
            .iter()
            .all(|a| a.customers == 7 && a.concurrency_limit == 3));
        let plan = config.default_faults.unwrap();
        assert_eq!((plan.latency_ms, plan.truncate_rate), (50, 0.5));
        let bad = Args::parse_from(["netsuite-sim", "--http-503-rate", "2"]);
        assert!(bad.into_config().is_err());
    }
}
