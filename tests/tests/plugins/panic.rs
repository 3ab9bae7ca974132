//! A panic inside a connector: contained, the document FAILURE, the instance poisoned, the
//! host (this test process) still running.

use connector_api::abi_stable::sabi_trait::TD_Opaque;
use connector_api::abi_stable::std_types::RSlice;
use connector_api::{
    Cancellation, Document, LogLevel, Outcome, OutcomeStatus, ResultSink, ResultSink_TO,
};
use connector_payload::HostConfig;
use host_runner::host::host_services;
use host_runner::log_sink::HostLogSink;
use host_runner::plugin;
use host_runner::transport::{HostTransport, TransportConfig};

use crate::support;

#[derive(Default)]
struct Outcomes(Vec<(u32, OutcomeStatus, String)>);

impl ResultSink for Outcomes {
    fn output(&mut self, _: u32, _: Document) {}
    fn outcome(&mut self, index: u32, outcome: Outcome) {
        self.0
            .push((index, outcome.status, outcome.code.to_string()));
    }
}

#[test]
fn panic_is_contained_and_poisons_only_its_instance() {
    let library = support::echo_copy("panic");
    let transport = HostTransport::new(TransportConfig::default()).unwrap();
    let services = || {
        host_services(
            transport.clone().into_box(),
            HostLogSink::with_max_level(LogLevel::Warn),
            &HostConfig::default(),
        )
    };
    let loaded = plugin::load_connector(&library, services()).unwrap();
    let connection = loaded
        .connector
        .configure(r#"{"prefix":"p"}"#.into())
        .into_result()
        .unwrap();
    let operation = connection
        .prepare(r#"{"action":"GET"}"#.into())
        .into_result()
        .unwrap();

    let batch = [
        Document::json(r#"{"id":1}"#),
        Document::json(r#"{"panic":true}"#),
        Document::json(r#"{"id":3}"#),
    ];
    let mut outcomes = Outcomes::default();
    let result = operation
        .execute(
            RSlice::from_slice(&batch),
            ResultSink_TO::from_ptr(&mut outcomes, TD_Opaque),
            &Cancellation::new(),
        )
        .into_result();

    let err = result.expect_err("a panicking batch fails as a whole");
    assert_eq!(err.code.as_str(), "CONNECTOR_PANIC");
    let statuses: Vec<_> = outcomes.0.iter().map(|(i, s, _)| (*i, *s)).collect();
    assert_eq!(
        statuses,
        [
            (0, OutcomeStatus::Success),
            (1, OutcomeStatus::Failure),
            (2, OutcomeStatus::Failure)
        ]
    );

    // The instance is poisoned: every later call is refused.
    let refused = loaded
        .connector
        .configure(r#"{"prefix":"p"}"#.into())
        .into_result();
    let Err(refused) = refused else {
        panic!("a poisoned instance configured")
    };
    assert_eq!(refused.code.as_str(), "CONNECTOR_POISONED");

    // A fresh instance of the same library is unaffected.
    let fresh = plugin::load_connector(&library, services()).unwrap();
    let connection = fresh
        .connector
        .configure(r#"{"prefix":"p"}"#.into())
        .into_result()
        .unwrap();
    let operation = connection
        .prepare(r#"{"action":"GET"}"#.into())
        .into_result()
        .unwrap();
    let mut outcomes = Outcomes::default();
    operation
        .execute(
            RSlice::from_slice(&batch[..1]),
            ResultSink_TO::from_ptr(&mut outcomes, TD_Opaque),
            &Cancellation::new(),
        )
        .into_result()
        .unwrap();
    assert_eq!(outcomes.0[0].1, OutcomeStatus::Success);
}
