//! `host-runner browse <CONNECTION FILE> --action QUERY [--object-type customer] [--refresh]`:
//! the object types a connection offers for an action, or the input/output profile (JSON
//! Schema) of one; `--refresh` makes the connector ask again what it caches about the account.

use std::process::ExitCode;
use std::time::Duration;

use connector_api::Cancellation;
use connector_payload::{BrowseRequest, ObjectTypes};
use host_runner::connect::{self, OpenOptions};
use host_runner::error::{EXIT_FAILED, EXIT_OK};
use host_runner::log_sink::HostLogSink;
use host_runner::process_file::load_connection_file;

use super::run::{cannot_run, say_error};
use super::BrowseArgs;

pub(crate) fn run(args: BrowseArgs) -> anyhow::Result<ExitCode> {
    let spec = match load_connection_file(&args.connection_file) {
        Ok(spec) => spec,
        Err(e) => return Ok(cannot_run(&e)),
    };
    let options = OpenOptions {
        connectors: args.connectors,
        log_level: HostLogSink::from_host_filter().level(),
        transport: args.transport.config()?,
        ..OpenOptions::default()
    };
    let session = match connect::open(&spec, &options) {
        Ok(session) => session,
        Err(e) => return Ok(cannot_run(&e)),
    };
    let action = args.action.to_ascii_uppercase();
    let request = match &args.object_type {
        None => BrowseRequest::ObjectTypes {
            action: action.clone(),
            refresh: args.refresh,
        },
        Some(object_type) => BrowseRequest::Profile {
            action: action.clone(),
            object_type: object_type.clone(),
            refresh: args.refresh,
        },
    };
    let request_json = serde_json::to_string(&request)?;
    let cancel = Cancellation::with_timeout(Duration::from_secs(args.timeout.max(1)));
    let answer = match session
        .connection
        .browse(request_json.as_str().into(), &cancel)
        .into_result()
    {
        Ok(answer) => answer,
        Err(e) => {
            say_error(&format!("browse failed: {}", e.message));
            return Ok(ExitCode::from(EXIT_FAILED));
        }
    };
    let value: serde_json::Value = serde_json::from_str(&answer)?;
    if args.object_type.is_none() && !args.json {
        if let Ok(types) = serde_json::from_value::<ObjectTypes>(value.clone()) {
            let width = types
                .object_types
                .iter()
                .map(|t| t.id.len())
                .max()
                .unwrap_or(0);
            for t in &types.object_types {
                println!("{:<width$}  {}", t.id, t.label);
            }
            return Ok(ExitCode::from(EXIT_OK));
        }
    }
    println!("{}", serde_json::to_string_pretty(&value)?);
    Ok(ExitCode::from(EXIT_OK))
}
