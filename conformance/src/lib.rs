//! The conformance harness: what every connector plugin must do, runnable against any plugin
//! file.
//!
//! The harness does not depend on the host runner (the host depends on it, to offer a
//! `conformance` command). It is generic over a small [`ConformanceHost`] trait: the host
//! loads libraries with its real loader and hands out services whose transport counts calls
//! ([`CountingTransport`]) and whose log sink captures records ([`LogProbe`]).
//!
//! ```ignore
//! let profile = conformance::Profile::load(path, &substitutions)?;
//! let report = conformance::run(&host, library_path, &profile);
//! for check in &report.checks { println!("{check}"); }
//! assert!(report.passed());
//! ```
//!
//! The profile (a JSON file per connector, see `tests/fixtures/README.md`) supplies the
//! settings and documents each check needs. The report is a list of named checks, each
//! PASS, FAIL or SKIP with a reason:
//!
//! | check | what it asserts |
//! |---|---|
//! | `load` | the library loads as a connector-api 1.x connector |
//! | `new_connector` | `new_connector(HostServices)` returns a connector |
//! | `spec.parses` | `spec()` is a valid `payload::Spec` with at least one operation |
//! | `spec.json_schema` | every settings schema is valid JSON Schema (checked against its meta-schema) |
//! | `spec.descriptions` | every property at every depth has a description |
//! | `configure.valid` | the valid settings configure; `info()` is a `ConnectionInfo` |
//! | `configure.valid_matches_schema` | the valid settings validate against the spec's schema |
//! | `configure.rejects.<name>` | each invalid case fails with field-level errors naming the expected fields |
//! | `configure.no_network` | configure (valid or not) made no transport call |
//! | `test_connection.report` | `test_connection` returns a consistent `TestReport` |
//! | `browse` | for each profile action: object types, then the first type's profile, input and output valid JSON Schema |
//! | `execute.prepare` | the profile's operation settings are accepted |
//! | `execute.one_outcome_each` | exactly one final outcome per input document, good and bad mixed |
//! | `execute.expected_outcomes` | each document's outcome has the class the profile expects |
//! | `execute.concurrent` | concurrent `execute` calls from several threads each get one outcome per document |
//! | `logs.forwarded` | the log sink received at least one well-formed record from the connector |
//! | `cancel.stops_work` | `execute` returns soon after cancellation, still one outcome per document |
//! | `panic.contained` | a panic inside the connector becomes FAILURE outcomes; the host keeps running |
//! | `panic.poisons_instance` | later calls on the instance that panicked are refused |

#![warn(missing_docs)]

mod checks;
mod collect;
mod host;
mod profile;
mod report;
mod schema;

pub use checks::run;
pub use host::{
    CallCounter, CapturedLog, ConformanceHost, CountingTransport, InstrumentedServices, LogProbe,
};
pub use profile::{
    BrowseCase, CancellationCase, ConcurrencyCase, DocumentCase, Expect, InvalidSettingsCase,
    PanicCase, Profile, ProfileError, TestConnectionCase,
};
pub use report::{Check, Report, Status};
