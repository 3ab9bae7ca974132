//! Runs the checks in order; later checks are skipped when what they need failed.
//!
//! One connector instance serves every check except the panic checks, which run last on a
//! fresh instance because a panic poisons the instance it happened in.

mod browse;
mod cancel;
mod configure;
mod execute;
mod panic;
mod spec;

use std::path::Path;

use connector_api::{ConnectorBox, ConnectorMod_Ref, Document};

use crate::host::{ConformanceHost, InstrumentedServices};
use crate::profile::{DocumentCase, Profile};
use crate::report::Report;

/// Names of every check after `load`, in order, for skipping them all at once.
const AFTER_LOAD: &[&str] = &[
    "new_connector",
    "spec.parses",
    "spec.json_schema",
    "spec.descriptions",
    "configure.valid",
    "configure.valid_matches_schema",
    "configure.no_network",
    "test_connection.report",
    "browse",
    "execute.prepare",
    "execute.one_outcome_each",
    "execute.expected_outcomes",
    "execute.concurrent",
    "logs.forwarded",
    "cancel.stops_work",
    "panic.contained",
    "panic.poisons_instance",
];

/// Runs every check of `profile` against the connector library at `library`.
pub fn run<H: ConformanceHost>(host: &H, library: &Path, profile: &Profile) -> Report {
    let mut report = Report::new(library.to_path_buf());
    let module = match host.load(library) {
        Ok(module) => {
            report.record(
                "load",
                Ok("the library is a compatible connector".to_string()),
            );
            module
        }
        Err(reason) => {
            report.record("load", Err(reason));
            skip_all(&mut report, AFTER_LOAD, "the library did not load");
            return report;
        }
    };
    let instance = match Instance::create(host, module) {
        Ok(instance) => {
            report.record(
                "new_connector",
                Ok("new_connector returned a connector".to_string()),
            );
            instance
        }
        Err(reason) => {
            report.record("new_connector", Err(reason));
            skip_all(&mut report, &AFTER_LOAD[1..], "no connector instance");
            return report;
        }
    };

    let spec = spec::check(&instance.connector, &mut report);
    let connection = configure::check(&instance, spec.as_ref(), profile, &mut report);
    match &connection {
        Some(connection) => configure::check_test_connection(connection, profile, &mut report),
        None => report.skip("test_connection.report", "no connection"),
    }
    match &connection {
        Some(connection) => browse::check(connection, spec.as_ref(), profile, &mut report),
        None => report.skip("browse", "no connection"),
    }
    match &connection {
        Some(connection) => execute::check(connection, profile, &mut report),
        None => skip_all(
            &mut report,
            &[
                "execute.prepare",
                "execute.one_outcome_each",
                "execute.expected_outcomes",
                "execute.concurrent",
            ],
            "no connection",
        ),
    }
    execute::check_logs(&instance.services, connection.is_some(), &mut report);
    match &connection {
        Some(connection) => cancel::check(connection, profile, &mut report),
        None => report.skip("cancel.stops_work", "no connection"),
    }
    // Last, on a fresh instance: a panic poisons the instance it happened in.
    panic::check(host, module, profile, &mut report);
    report
}

fn skip_all(report: &mut Report, names: &[&str], reason: &str) {
    for name in names {
        report.skip(*name, reason);
    }
}

/// A connector instance with the instruments of its services.
pub(crate) struct Instance {
    pub(crate) connector: ConnectorBox,
    pub(crate) services: InstrumentedServices,
}

impl Instance {
    pub(crate) fn create<H: ConformanceHost>(
        host: &H,
        module: ConnectorMod_Ref,
    ) -> Result<Instance, String> {
        let services = host.services();
        let connector = module.new_connector()(services.services.clone())
            .into_result()
            .map_err(|e| format!("new_connector failed: {e}"))?;
        Ok(Instance {
            connector,
            services,
        })
    }
}

/// The documents of a list of cases (the profile was validated when it was parsed).
pub(crate) fn documents(cases: &[DocumentCase]) -> Vec<Document> {
    cases.iter().filter_map(|c| c.to_document().ok()).collect()
}

/// Settings as the JSON text the ABI takes.
pub(crate) fn json_text(value: &serde_json::Value) -> String {
    value.to_string()
}
