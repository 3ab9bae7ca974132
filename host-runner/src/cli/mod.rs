//! What the user typed: the subcommands and their options (clap derive), and the dispatch.
//!
//! To add a subcommand: a variant in [`Command`] with its `Args` struct, a file in this
//! folder with `pub(crate) fn run(args) -> anyhow::Result<ExitCode>`, and one arm in [`run`].

mod browse;
mod cluster;
mod conformance;
mod connectors;
mod generate;
mod node;
mod results;
mod run;
mod run_cluster;
mod status;
mod submit;
mod test_connection;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use host_runner::exec_log::LogFormat;
use host_runner::flow::FailedFormat;
use host_runner::progress::ProgressMode;

pub(crate) use host_runner::error::{EXIT_CANNOT_RUN, EXIT_FAILED, EXIT_OK};

const EXIT_CODES: &str = "\
Exit codes:
  0    ok: every document succeeded, the connection test or every check passed
  1    ran, but some documents did not succeed (APPLICATION_ERROR or FAILURE), or a
       connection test step or conformance check failed
  2    could not run: bad arguments, a process or connection file with mistakes (reported
       as file:line:column: field: message), no loadable connector, unreadable input or
       unwritable output
  129  interrupted by SIGHUP; every document still has an outcome in the output
  130  interrupted by SIGINT (Ctrl-C); every document still has an outcome
  143  interrupted by SIGTERM; every document still has an outcome

Logs and the execution log (one line per NetSuite request) go to stderr; the command's
output goes to stdout. Filter logs with --log-level or RUST_LOG (RUST_LOG syntax, e.g.
`info` or `warn,netsuite_connector=debug`); the default shows warnings, the host's
messages and the execution log.

Connector libraries are looked for, in order, in: the connection file's `library`;
--connectors; HOST_RUNNER_CONNECTORS (folders or libraries, separated by `:`); host-runner's
own folder and its deps/; <exe dir>/../lib/host-runner/connectors (where the tarball of
scripts/dist.sh installs them).";

const CONNECTOR_PATH: &str =
    "A connector library, or a folder of them, searched first. The search path, in order: the
connection file's `library` (relative to that file; when set, the only file tried); this
option; HOST_RUNNER_CONNECTORS (folders or libraries, separated by `:`); host-runner's own
folder and its deps/ (where cargo builds them); <exe dir>/../lib/host-runner/connectors (the
installed layout of scripts/dist.sh). In each place lib<name>_connector.so (.dylib, .dll) is
tried first; when no place has it, every library is loaded and the one with the connector's
name taken.";

const RUN_HELP: &str = "\
Process file (TOML; relative paths are relative to it):
  name = \"Upsert customers\"             # optional
  connection = \"connections/demo.toml\"  # or an inline { connector = .., settings = {..} }
  input = \"data/customers.ndjson\"       # NDJSON, \"-\" = stdin; omitted: one {} document
  output = \"out/upserted.ndjson\"        # NDJSON, \"-\" = stdout (default)
  failed = \"out/failed.ndjson\"          # optional: input lines that did not succeed
  [operation]                           # the connector's operation settings
  action = \"UPSERT\"
  record_type = \"customer\"
  [flow]
  units = 4                             # 1 to 64 (default 1)
  batch_size = 25                       # 1 to 10,000 (default 100)
  individually = false
  max_line_bytes = 16777216             # longest input line (default 16 MiB)

Output (NDJSON, as produced): {\"input\":N,\"document\":{..}} per output document, then one
{\"input\":N,\"outcome\":\"SUCCESS|APPLICATION_ERROR|FAILURE\",\"code\":..,\"message\":..} per
input document (N = its line number). --resume continues a run from its output file: inputs
with an outcome there are skipped, the others are processed again and appended.

Exit codes: 0 all succeeded, 1 some did not, 2 could not run, 130 SIGINT, 143 SIGTERM,
129 SIGHUP.";

const TEST_CONNECTION_HELP: &str = "\
Connection file (TOML):
  connector = \"netsuite\"
  [settings]
  account = \"1234567_SB1\"
  consumer_key = \"..\"
  consumer_secret = { env = \"NS_CONSUMER_SECRET\" }   # secrets are references: env or file
  token_id = \"..\"
  token_secret = { file = \"/run/secrets/ns_token_secret\" }
Without account, url or credentials, the embedded NetSuite simulator is used.

Exit codes: 0 every step passed, 1 a step failed, 2 the connection file has mistakes.";

/// Loads connector plugins and runs integration processes.
#[derive(Debug, Parser)]
#[command(name = "host-runner", version, about, after_help = EXIT_CODES)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    command: Command,

    /// How log lines look on stderr: `text` for people, `json` for one object per line.
    #[arg(long, value_enum, global = true, default_value_t = LogFormat::Text)]
    pub(crate) log_format: LogFormat,

    /// Which log events to show, RUST_LOG syntax (`info`, `warn,netsuite_connector=debug`).
    /// Overrides RUST_LOG. Default: warn,deadpool=error,host_runner=info,connector::request=info
    /// (warnings, the host's messages and every connector's execution log; `connector`
    /// selects every connector event, a connector's own target only its events).
    #[arg(long, global = true, value_name = "FILTER")]
    pub(crate) log_level: Option<String>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// List the connectors in a library file or a directory: name, version, operations.
    ///
    /// Each library that fails to load is reported on its own line on stderr. Exits 2 when
    /// nothing loaded.
    Connectors(ConnectorsArgs),
    /// Check a connector library against the conformance harness.
    ///
    /// Prints each check as PASS, FAIL or SKIP with a reason. Exits 0 only when no check
    /// failed, 1 when some did, 2 when the harness could not run.
    Conformance(ConformanceArgs),
    /// Run a process: an operation over a stream of documents, as the process file says.
    ///
    /// Reads the process file (connection, operation, input, output, flow control), loads
    /// the connector, and streams every input document through it: output documents and
    /// one outcome per input document go to the output as NDJSON as they are produced; a
    /// summary (counts per outcome, duration, documents/s) goes to stderr at the end. With
    /// no NetSuite account in the connection, runs against the embedded simulator.
    ///
    /// Ctrl-C, SIGTERM or SIGHUP stops taking new batches and lets in-flight batches finish
    /// within --grace-period; then, or at a second signal, they are aborted. Documents never
    /// started get FAILURE INTERRUPTED; the exit code is 130, 143 or 129 (the signal's).
    ///
    /// With --cluster, the run joins the cluster and every request of the connection's
    /// account also takes a permit from the cluster database, so that every process and node
    /// together keep to the account's limit (the smallest limit any of them declares).
    #[command(after_long_help = RUN_HELP)]
    Run(RunArgs),
    /// Test a connection: run the connector's step-by-step network check.
    ///
    /// For NetSuite: check the settings, discover the account's data center
    /// (getDataCenterUrls), and make one authenticated call (getServerTime). Prints each step
    /// with PASS/FAIL/SKIP, its duration and, on failure, what is wrong. Exits 0 when every
    /// step passed, 1 when one failed, 2 when the connection file has mistakes.
    #[command(after_long_help = TEST_CONNECTION_HELP)]
    TestConnection(TestConnectionArgs),
    /// Check a process without sending anything: files, settings, schema, every document.
    ///
    /// Reads the process and connection files (every mistake at once), has the connector check
    /// the connection and operation settings (record type, setting names and values, with
    /// suggestions), and runs every input document through the connector's checks and encoder
    /// as a run would, stopping where a request would be sent. Needs the schema for typed
    /// checks: the connection's schema_folder, or one cached by an earlier run. Prints each
    /// problem as `file: input line N: OUTCOME CODE: message`. Exits 0 when everything passed,
    /// 2 when anything would not.
    Validate(ValidateArgs),
    /// Browse a connection: the object types of an action, or one type's profile.
    ///
    /// Without --object-type, lists the object types available for --action (id and label).
    /// With it, prints the input and output profile of that type for that action as JSON
    /// Schema.
    Browse(BrowseArgs),
    /// Generate shell completions or the man pages.
    ///
    /// `generate completions bash|zsh|fish|elvish|powershell` prints a completion script;
    /// `generate man [DIR]` writes host-runner.1 and a page per command. scripts/dist.sh
    /// packs both into its tarball.
    Generate(generate::GenerateArgs),
    /// The cluster database: `cluster migrate` creates or upgrades its tables, `cluster
    /// prune` deletes old executions.
    Cluster(cluster::ClusterCommandArgs),
    /// Stage an execution of a process for the cluster's nodes and print its id.
    ///
    /// Checks the process file as `run` does (every mistake at once, exit 2, nothing staged),
    /// then stores in one transaction the process and connection files' text (secret
    /// references, never their values: every node resolves them from its own environment and
    /// files), the params, and the input documents in batches. With --wait, follows the
    /// execution and exits as `run` does (0 every document succeeded, 1 some did not).
    Submit(submit::SubmitArgs),
    /// Join the cluster and run its executions' batches until SIGTERM or SIGINT.
    ///
    /// Claims up to --units batches at once, runs each through the same flow control and
    /// connector as `run`, and writes its output and outcomes to the cluster database. A
    /// batch whose node stops renewing its lease (--lease-seconds) is taken over by another
    /// node, which resumes it as `run --resume` would. On SIGTERM/SIGINT the node claims
    /// nothing more, lets its batches finish within --grace-period, then releases the rest to
    /// other nodes and exits 143/130.
    Node(node::NodeArgs),
    /// Show the cluster's executions, one execution's batches, or its nodes (--nodes).
    Status(status::StatusArgs),
    /// Write an execution's NDJSON, exactly as `run` writes it, ordered by input number.
    Results(results::ResultsArgs),
}

/// Options of `run`.
#[derive(Debug, Args)]
struct RunArgs {
    /// The process file (TOML): connection, operation, input, output and flow control (see
    /// the README, "Process files").
    #[arg(value_name = "PROCESS FILE")]
    process_file: PathBuf,

    /// Units: worker threads, each calling the connector on its own (1 to 64). Overrides
    /// `[flow] units`. Units beyond the connection's maximum concurrent connections wait
    /// for a permit; they do not fail.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=64))]
    units: Option<u32>,

    /// Documents per execute call (1 to 10,000). The input is cut into batches of this size
    /// in input order; each unit takes the next batch. Overrides `[flow] batch_size`.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    batch_size: Option<u32>,

    /// Run each document individually (one execute call per document).
    #[arg(long)]
    individually: bool,

    /// Input NDJSON file, or `-` for stdin. Overrides `input` (relative to the working
    /// directory).
    #[arg(long, value_name = "PATH")]
    input: Option<String>,

    /// Output NDJSON file, or `-` for stdout. Overrides `output` (relative to the working
    /// directory).
    #[arg(long, short = 'o', value_name = "PATH")]
    output: Option<String>,

    /// Also copy the input line of every document that did not succeed to this file.
    /// Overrides `failed`.
    #[arg(long, value_name = "PATH")]
    failed: Option<PathBuf>,

    /// What the failed-documents file holds: `input` (the input line as read, to fix and run
    /// again) or `reasons` (one JSON object per line: `input`, `document`, `outcome`, `code`,
    /// `message`).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = FailedFormat::Input)]
    failed_format: FailedFormat,

    /// Write the run report to this file as JSON, for monitoring (counts per outcome and per
    /// code, duration, documents/s, batches, requests, retries, waits for permits, the output
    /// and failed files, resume, errors); also when the run is interrupted.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,

    /// A connector library, or a folder of them, searched before HOST_RUNNER_CONNECTORS and
    /// host-runner's own folders.
    #[arg(long, value_name = "PATH", long_help = CONNECTOR_PATH)]
    connectors: Option<PathBuf>,

    /// Transport options.
    #[command(flatten)]
    transport: TransportArgs,

    /// Progress on stderr: `auto` (a bar on a terminal, plain lines otherwise), `bar`,
    /// `lines` or `off`.
    #[arg(long, value_enum, default_value_t = ProgressMode::Auto)]
    progress: ProgressMode,

    /// Seconds between plain progress lines.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    progress_interval: u64,

    /// After SIGTERM, SIGINT (Ctrl-C) or SIGHUP, how long in-flight batches may take to
    /// finish before they are cancelled (a second signal cancels them at once). The default
    /// fits Kubernetes' 30 s termination grace period.
    #[arg(long, value_name = "SECONDS", default_value_t = 25)]
    grace_period: u64,

    /// Continue an interrupted or crashed run of this process file from its output file:
    /// inputs that have an outcome there are skipped, the others are processed again (marked
    /// `possibly_applied` when their earlier attempt may have been in flight), and the output
    /// is appended to.
    #[arg(long)]
    resume: bool,

    /// The longest input line in bytes; a longer line is not read and its document ends
    /// FAILURE LINE_TOO_LONG. Overrides `[flow] max_line_bytes` (default 16 MiB).
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(2..))]
    max_line_bytes: Option<u64>,

    /// The value of `${param.NAME}` in the process file, as NAME=VALUE (repeatable; the last
    /// one of a name wins), e.g. --param since=2024-01-01T00:00:00Z. A placeholder without
    /// its --param is a mistake of the file (exit 2).
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_substitution)]
    params: Vec<(String, String)>,

    /// The cluster budget (--cluster).
    #[command(flatten)]
    cluster: cluster::ClusterArgs,
}

/// Options of `validate`.
#[derive(Debug, Args)]
struct ValidateArgs {
    /// The process file (TOML), as for `run`.
    #[arg(value_name = "PROCESS FILE")]
    process_file: PathBuf,

    /// Print the first SuiteTalk request as it would be sent (on stdout), with credentials and
    /// signatures masked.
    #[arg(long)]
    show_request: bool,

    /// Input NDJSON file, or `-` for stdin, instead of the process file's `input`.
    #[arg(long, value_name = "PATH")]
    input: Option<String>,

    /// The value of `${param.NAME}` in the process file, as NAME=VALUE (repeatable), as for
    /// `run`.
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_substitution)]
    params: Vec<(String, String)>,

    /// A connector library, or a folder of them, searched before HOST_RUNNER_CONNECTORS and
    /// host-runner's own folders.
    #[arg(long, value_name = "PATH", long_help = CONNECTOR_PATH)]
    connectors: Option<PathBuf>,
}

/// How the transport may connect (shared by run, test-connection and browse).
#[derive(Debug, Args)]
struct TransportArgs {
    /// An extra trusted root certificate (PEM file) for HTTPS, e.g. a simulator's self-signed
    /// certificate or a corporate proxy's root (repeatable). Mozilla's roots are always trusted.
    #[arg(long = "ca-cert", value_name = "PEM")]
    ca_certs: Vec<PathBuf>,

    /// Allow plain http:// to hosts other than loopback (off: requests carry credentials).
    #[arg(long)]
    allow_plain_http: bool,

    /// The largest response body read, in bytes, when the connection sets no
    /// max_response_bytes of its own (default 128 MiB); a larger response fails its request
    /// with RESPONSE_TOO_LARGE.
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..))]
    max_response_bytes: Option<u64>,
}

impl TransportArgs {
    /// The transport configuration these options ask for.
    fn config(&self) -> anyhow::Result<host_runner::transport::TransportConfig> {
        use anyhow::Context;
        let mut config = host_runner::transport::TransportConfig {
            allow_plain_http: self.allow_plain_http,
            ..Default::default()
        };
        if let Some(bytes) = self.max_response_bytes {
            config.max_response_bytes = bytes;
        }
        for path in &self.ca_certs {
            let pem = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read certificate {}", path.display()))?;
            config.extra_root_certs_pem.push(pem);
        }
        Ok(config)
    }
}

/// Options of `test-connection`.
#[derive(Debug, Args)]
struct TestConnectionArgs {
    /// The connection file (TOML): `connector`, optional `library`, and `[settings]` (see the
    /// README, "Connection files").
    #[arg(value_name = "CONNECTION FILE")]
    connection_file: PathBuf,

    /// A connector library, or a folder of them, searched before HOST_RUNNER_CONNECTORS and
    /// host-runner's own folders.
    #[arg(long, value_name = "PATH", long_help = CONNECTOR_PATH)]
    connectors: Option<PathBuf>,

    /// Transport options.
    #[command(flatten)]
    transport: TransportArgs,

    /// Give up after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    timeout: u64,

    /// Print the result as one JSON object on stdout (`ok`, the connector, the connection's
    /// summary and every step with `name`, `status`, `duration_ms` and `detail`).
    #[arg(long)]
    json: bool,
}

/// Options of `browse`.
#[derive(Debug, Args)]
struct BrowseArgs {
    /// The connection file (TOML).
    #[arg(value_name = "CONNECTION FILE")]
    connection_file: PathBuf,

    /// The action: GET, QUERY, CREATE, UPDATE, UPSERT, DELETE or EXECUTE.
    #[arg(long)]
    action: String,

    /// An object type (e.g. `customer`): print its input/output profile as JSON Schema.
    #[arg(long, value_name = "TYPE")]
    object_type: Option<String>,

    /// Print the list of object types as the connector's JSON instead of a table.
    #[arg(long)]
    json: bool,

    /// Ask the service again for what the connector caches about the account (NetSuite:
    /// its custom fields and custom record types) instead of answering from the cache.
    #[arg(long)]
    refresh: bool,

    /// A connector library, or a folder of them, searched before HOST_RUNNER_CONNECTORS and
    /// host-runner's own folders.
    #[arg(long, value_name = "PATH", long_help = CONNECTOR_PATH)]
    connectors: Option<PathBuf>,

    /// Transport options.
    #[command(flatten)]
    transport: TransportArgs,

    /// Give up after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    timeout: u64,
}

/// Options of `connectors`.
#[derive(Debug, Args)]
struct ConnectorsArgs {
    /// A connector library, or a directory whose *.so / *.dylib / *.dll files are loaded.
    /// Default: every place of the search path (--connectors aside): HOST_RUNNER_CONNECTORS,
    /// host-runner's own folder and its deps/, <exe dir>/../lib/host-runner/connectors.
    path: Option<PathBuf>,

    /// Print the connectors as JSON on stdout: an array of `name`, `version`, `actions` and
    /// `path`.
    #[arg(long)]
    json: bool,
}

/// Options of `conformance`.
#[derive(Debug, Args)]
struct ConformanceArgs {
    /// The connector library to check.
    library: PathBuf,

    /// The connector's conformance profile (JSON; see tests/fixtures/README.md).
    #[arg(long, value_name = "PROFILE")]
    profile: PathBuf,

    /// A value for a `{{NAME}}` placeholder in the profile, as NAME=VALUE (repeatable), e.g.
    /// --set SIM_URL=http://127.0.0.1:8080.
    #[arg(long = "set", value_name = "NAME=VALUE", value_parser = parse_substitution)]
    substitutions: Vec<(String, String)>,

    /// An extra trusted root certificate (PEM file) for the transport, e.g. the simulator's
    /// self-signed certificate (repeatable).
    #[arg(long = "ca-cert", value_name = "PEM")]
    ca_certs: Vec<PathBuf>,

    /// Allow plain http:// to hosts other than loopback (off: requests carry credentials).
    #[arg(long)]
    allow_plain_http: bool,

    /// Start the built-in simulator on loopback for the run: it fills the profile's
    /// placeholders it knows (`{{SIM_URL}}`: its origin) and exports what the profile's
    /// `{"env": …}` references read (for tests/fixtures/netsuite.profile.json: the demo token's
    /// secrets as NETSUITE_SIM_CONSUMER_SECRET and NETSUITE_SIM_TOKEN_SECRET). Needs the
    /// `embedded-demo` feature (on by default).
    #[arg(long)]
    simulator: bool,

    /// With --simulator: a folder of official SuiteTalk WSDL/XSD sets (`<DIR>/<YYYY_N>/netsuite.wsdl`)
    /// the simulator serves, so the connector can learn record schemas (the browse check).
    #[arg(long, value_name = "DIR", requires = "simulator")]
    simulator_schemas: Option<PathBuf>,

    /// With --simulator: simulated latency per request in milliseconds (default 40, enough to
    /// keep the cancellation check busy with real requests).
    #[arg(long, value_name = "MS", default_value_t = 40, requires = "simulator")]
    simulator_latency_ms: u64,
}

fn parse_substitution(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_string(), value.to_string())),
        _ => Err(format!("expected NAME=VALUE, got {text:?}")),
    }
}

/// Runs the chosen subcommand.
///
/// # Errors
///
/// When the command could not run at all (exit code 2).
pub(crate) fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Connectors(args) => connectors::run(args),
        Command::Conformance(args) => conformance::run(args),
        Command::Run(args) => run::run(args),
        Command::TestConnection(args) => test_connection::run(args),
        Command::Browse(args) => browse::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Cluster(args) => cluster::run(args),
        Command::Submit(args) => submit::run(args),
        Command::Node(args) => node::run(args),
        Command::Status(args) => status::run(args),
        Command::Results(args) => results::run(args),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn substitutions_split_at_the_first_equals_sign() {
        assert_eq!(
            parse_substitution("URL=http://x/?a=b"),
            Ok(("URL".to_string(), "http://x/?a=b".to_string()))
        );
        assert!(parse_substitution("=x").is_err());
        assert!(parse_substitution("novalue").is_err());
    }
}
