//! The flow with operations written here: how documents are split into batches and units,
//! and the one-outcome rule against misbehaving operations.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use connector_api::abi_stable::sabi_trait::TD_Opaque;
use connector_api::abi_stable::std_types::{RResult, RSlice};
use connector_api::{
    Cancellation, ConnectorError, Document, Operation, OperationBox, Operation_TO, Outcome,
    ResultSinkMut,
};
use serde_json::Value;

use super::input::Lines;
use super::{run, FailedFormat, Flow, FlowResult};
use crate::interrupt::RunControl;
use crate::process_file::FlowSettings;
use crate::progress::Counters;

/// One executed batch: the unit thread's name and the documents' `n`.
type Batch = (String, Vec<u64>);

/// Records every batch and echoes each document.
#[derive(Clone, Default)]
struct Recorder {
    batches: Arc<Mutex<Vec<Batch>>>,
}

impl Operation for Recorder {
    fn execute(
        &self,
        documents: RSlice<'_, Document>,
        mut sink: ResultSinkMut<'_>,
        _cancel: &Cancellation,
    ) -> RResult<(), ConnectorError> {
        let ns: Vec<u64> = documents
            .iter()
            .map(|d| {
                serde_json::from_slice::<Value>(&d.data).unwrap()["n"]
                    .as_u64()
                    .unwrap()
            })
            .collect();
        let thread = std::thread::current().name().unwrap_or("").to_string();
        self.batches.lock().unwrap().push((thread, ns));
        for (i, d) in documents.iter().enumerate() {
            sink.output(i as u32, d.clone());
            sink.outcome(i as u32, Outcome::success());
        }
        RResult::ROk(())
    }
}

/// Gives the first document two outcomes, the second none, then fails when asked.
struct Misbehaves {
    fail: bool,
}

impl Operation for Misbehaves {
    fn execute(
        &self,
        documents: RSlice<'_, Document>,
        mut sink: ResultSinkMut<'_>,
        _cancel: &Cancellation,
    ) -> RResult<(), ConnectorError> {
        sink.outcome(0, Outcome::success());
        sink.outcome(0, Outcome::failure("LATE", "a second outcome"));
        sink.outcome(documents.len() as u32 + 5, Outcome::success());
        if self.fail {
            RResult::RErr(ConnectorError::new(
                connector_api::ErrorKind::Transient,
                "WS_REQUEST_BLOCKED",
                "the account is busy",
            ))
        } else {
            RResult::ROk(())
        }
    }
}

/// A `Write` that keeps everything, shared with the test.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    fn lines(&self) -> Vec<Value> {
        String::from_utf8(self.0.lock().unwrap().clone())
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

fn input(n: u64) -> Lines {
    let text: String = (1..=n).map(|i| format!("{{\"n\":{i}}}\n")).collect();
    Lines::reader(
        Box::new(std::io::Cursor::new(text.into_bytes())),
        crate::process_file::DEFAULT_MAX_LINE_BYTES,
        None,
    )
}

fn run_with(
    operation: OperationBox,
    documents: u64,
    settings: FlowSettings,
) -> (FlowResult, Vec<Value>, Vec<Value>) {
    let out = Buffer::default();
    let failed = Buffer::default();
    let control = RunControl::new();
    let result = run(
        Flow {
            operation: &operation,
            settings,
            control: &control,
            failed_format: FailedFormat::Input,
            counters: Arc::new(Counters::default()),
            on_output: None,
        },
        input(documents),
        true,
        Box::new(out.clone()),
        Some(Box::new(failed.clone())),
    );
    (result, out.lines(), failed.lines())
}

/// The outcome line of every input, by input number (panics on a second one).
fn outcomes(lines: &[Value]) -> BTreeMap<u64, (String, String)> {
    let mut map = BTreeMap::new();
    for line in lines.iter().filter(|l| l.get("outcome").is_some()) {
        let input = line["input"].as_u64().unwrap();
        let previous = map.insert(
            input,
            (
                line["outcome"].as_str().unwrap().to_string(),
                line["code"].as_str().unwrap().to_string(),
            ),
        );
        assert!(previous.is_none(), "input {input} has two outcome lines");
    }
    map
}

#[test]
fn batches_are_consecutive_in_input_order_and_shared_by_the_units() {
    let recorder = Recorder::default();
    let operation = Operation_TO::from_value(recorder.clone(), TD_Opaque);
    let settings = FlowSettings {
        units: 3,
        batch_size: 4,
        individually: false,
        ..FlowSettings::default()
    };
    let (result, lines, failed) = run_with(operation, 10, settings);

    let mut batches = recorder.batches.lock().unwrap().clone();
    batches.sort_by_key(|(_, ns)| ns[0]);
    let chunks: Vec<Vec<u64>> = batches.iter().map(|(_, ns)| ns.clone()).collect();
    assert_eq!(chunks, [vec![1, 2, 3, 4], vec![5, 6, 7, 8], vec![9, 10]]);
    assert!(batches
        .iter()
        .all(|(thread, _)| thread.starts_with("unit-")));
    assert_eq!(result.batches, 3);
    assert_eq!(result.counts.success, 10);
    assert_eq!(result.outputs, 10);

    // Every input exactly once, SUCCESS, after its output.
    let all = outcomes(&lines);
    assert_eq!(
        all.keys().copied().collect::<Vec<_>>(),
        (1..=10).collect::<Vec<_>>()
    );
    for n in 1..=10u64 {
        let output_at = lines
            .iter()
            .position(|l| l["input"] == n && l.get("document").is_some())
            .unwrap();
        let outcome_at = lines
            .iter()
            .position(|l| l["input"] == n && l.get("outcome").is_some())
            .unwrap();
        assert!(
            output_at < outcome_at,
            "input {n}: outcome before its output"
        );
        assert_eq!(lines[output_at]["document"]["n"], n);
    }
    assert!(failed.is_empty());
}

#[test]
fn individually_means_one_document_per_call() {
    let recorder = Recorder::default();
    let operation = Operation_TO::from_value(recorder.clone(), TD_Opaque);
    let settings = FlowSettings {
        units: 2,
        batch_size: 50,
        individually: true,
        ..FlowSettings::default()
    };
    let (result, _, _) = run_with(operation, 5, settings);
    assert_eq!(result.batches, 5);
    assert!(recorder
        .batches
        .lock()
        .unwrap()
        .iter()
        .all(|(_, ns)| ns.len() == 1));
}

#[test]
fn documents_without_an_outcome_get_no_outcome_and_a_second_is_dropped() {
    let operation = Operation_TO::from_value(Misbehaves { fail: false }, TD_Opaque);
    let settings = FlowSettings {
        units: 1,
        batch_size: 3,
        individually: false,
        ..FlowSettings::default()
    };
    let (result, lines, failed) = run_with(operation, 3, settings);
    let all = outcomes(&lines);
    assert_eq!(all[&1], ("SUCCESS".into(), "".into()));
    assert_eq!(all[&2], ("FAILURE".into(), "NO_OUTCOME".into()));
    assert_eq!(all[&3], ("FAILURE".into(), "NO_OUTCOME".into()));
    assert_eq!(result.counts.no_outcome, 2);
    // The failed file holds the input lines of the documents that did not succeed.
    assert_eq!(
        failed,
        [serde_json::json!({"n": 2}), serde_json::json!({"n": 3})]
    );
}

#[test]
fn an_execute_error_becomes_the_outcome_of_the_documents_left() {
    let operation = Operation_TO::from_value(Misbehaves { fail: true }, TD_Opaque);
    let settings = FlowSettings {
        units: 1,
        batch_size: 2,
        individually: false,
        ..FlowSettings::default()
    };
    let (_, lines, _) = run_with(operation, 2, settings);
    let all = outcomes(&lines);
    assert_eq!(all[&1], ("SUCCESS".into(), "".into()));
    assert_eq!(all[&2], ("FAILURE".into(), "WS_REQUEST_BLOCKED".into()));
}

#[test]
fn a_stopped_run_reports_every_document_never_started_as_interrupted() {
    let recorder = Recorder::default();
    let operation: OperationBox = Operation_TO::from_value(recorder.clone(), TD_Opaque);
    let out = Buffer::default();
    let control = RunControl::new();
    control.stop();
    let result = run(
        Flow {
            operation: &operation,
            settings: FlowSettings {
                units: 2,
                batch_size: 3,
                individually: false,
                ..FlowSettings::default()
            },
            control: &control,
            failed_format: FailedFormat::Input,
            counters: Arc::new(Counters::default()),
            on_output: None,
        },
        input(20),
        true,
        Box::new(out.clone()),
        None,
    );
    let all = outcomes(&out.lines());
    assert_eq!(all.len(), 20);
    assert!(all
        .values()
        .all(|(s, c)| s == "FAILURE" && c == "INTERRUPTED"));
    assert_eq!(result.counts.interrupted, 20);
    assert!(recorder.batches.lock().unwrap().is_empty());
}
