//! The result sink of one batch: the host's side of the one-outcome rule.
//!
//! The connector reports outputs and outcomes by index within the batch; this sink maps them
//! to input numbers and forwards them to the writer as they come (nothing is held). It keeps
//! track of which documents have their outcome: a second outcome for a document is dropped
//! and logged, an index outside the batch is dropped and logged, and [`BatchSink::finish`]
//! gives every document still without one a FAILURE — the execute error's code and message
//! when execute failed, `INTERRUPTED` when the run was aborted, `NO_OUTCOME` otherwise (and
//! logs the connector's mistake).

use std::sync::mpsc::SyncSender;

use connector_api::{ConnectorError, Document, Outcome, OutcomeStatus, ResultSink};

use super::input::{input_line, Meta};
use super::writer::Message;

pub(crate) struct BatchSink<'a> {
    items: &'a [Meta],
    documents: &'a [Document],
    done: Vec<bool>,
    tx: &'a SyncSender<Message>,
    keep_failed: bool,
}

impl<'a> BatchSink<'a> {
    pub(crate) fn new(
        items: &'a [Meta],
        documents: &'a [Document],
        tx: &'a SyncSender<Message>,
        keep_failed: bool,
    ) -> BatchSink<'a> {
        BatchSink {
            items,
            documents,
            done: vec![false; items.len()],
            tx,
            keep_failed,
        }
    }

    /// Gives every document without an outcome one, as the module docs say.
    pub(crate) fn finish(&mut self, result: Result<(), ConnectorError>, aborted: bool) {
        let missing: Vec<usize> = (0..self.done.len()).filter(|i| !self.done[*i]).collect();
        if missing.is_empty() {
            if let Err(e) = result {
                tracing::warn!(error = %e, "execute failed after giving every document its outcome");
            }
            return;
        }
        let outcome = match (&result, aborted) {
            (_, true) => Outcome {
                // In flight: a resumed run sends it again marked possibly applied.
                detail_json: super::IN_FLIGHT_DETAIL.into(),
                ..Outcome::failure(
                    super::INTERRUPTED,
                    "aborted (a second signal or the end of the grace period) before the \
                     connector reported an outcome",
                )
            },
            (Err(e), false) => Outcome {
                status: OutcomeStatus::Failure,
                code: if e.code.is_empty() {
                    "EXECUTE_FAILED".into()
                } else {
                    e.code.clone()
                },
                message: e.message.clone(),
                detail_json: e.detail_json.clone(),
            },
            (Ok(()), false) => {
                tracing::error!(
                    documents = missing.len(),
                    first_input = self.items[missing[0]].number,
                    "the connector returned without an outcome for some documents; they are \
                     reported as FAILURE NO_OUTCOME (a connector bug)"
                );
                Outcome::failure(
                    super::NO_OUTCOME,
                    "the connector did not report an outcome for this document",
                )
            }
        };
        for i in missing {
            self.outcome(i as u32, outcome.clone());
        }
    }
}

impl ResultSink for BatchSink<'_> {
    fn output(&mut self, input_index: u32, document: Document) {
        let Some(item) = self.items.get(input_index as usize) else {
            tracing::error!(
                index = input_index,
                batch = self.items.len(),
                "output for an input outside the batch dropped (a connector bug)"
            );
            return;
        };
        if self.done[input_index as usize] {
            tracing::warn!(
                input = item.number,
                "output after the document's outcome (written anyway)"
            );
        }
        let _ = self.tx.send(Message::Output {
            input: item.number,
            document,
        });
    }

    fn outcome(&mut self, input_index: u32, outcome: Outcome) {
        let index = input_index as usize;
        let Some(item) = self.items.get(index) else {
            tracing::error!(
                index = input_index,
                batch = self.items.len(),
                "outcome for an input outside the batch dropped (a connector bug)"
            );
            return;
        };
        if self.done[index] {
            tracing::error!(
                input = item.number,
                status = outcome.status.as_str(),
                code = outcome.code.as_str(),
                "second outcome for one document dropped (a connector bug)"
            );
            return;
        }
        self.done[index] = true;
        let failed_line = (self.keep_failed && outcome.status != OutcomeStatus::Success)
            .then(|| input_line(&self.documents[index]));
        let _ = self.tx.send(Message::Outcome {
            input: item.number,
            outcome,
            failed_line,
            bytes: item.bytes,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::sync_channel;

    fn items(n: u64) -> (Vec<Meta>, Vec<Document>) {
        (1..=n)
            .map(|i| {
                (
                    Meta {
                        number: i * 10,
                        bytes: 1,
                    },
                    Document::json(b"{}".to_vec()),
                )
            })
            .unzip()
    }

    fn outcomes(rx: &std::sync::mpsc::Receiver<Message>) -> Vec<(u64, String)> {
        rx.try_iter()
            .filter_map(|m| match m {
                Message::Outcome { input, outcome, .. } => Some((
                    input,
                    format!("{} {}", outcome.status.as_str(), outcome.code),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_second_outcome_is_dropped_and_missing_ones_become_no_outcome() {
        let (items, docs) = items(3);
        let (tx, rx) = sync_channel(16);
        let mut sink = BatchSink::new(&items, &docs, &tx, false);
        sink.outcome(0, Outcome::success());
        sink.outcome(0, Outcome::failure("X", "again"));
        sink.outcome(7, Outcome::success());
        sink.finish(Ok(()), false);
        assert_eq!(
            outcomes(&rx),
            [
                (10, "SUCCESS ".to_string()),
                (20, "FAILURE NO_OUTCOME".to_string()),
                (30, "FAILURE NO_OUTCOME".to_string())
            ]
        );
    }

    #[test]
    fn an_execute_error_fails_the_documents_left() {
        let (items, docs) = items(2);
        let (tx, rx) = sync_channel(16);
        let mut sink = BatchSink::new(&items, &docs, &tx, false);
        sink.outcome(1, Outcome::success());
        let error = ConnectorError::new(connector_api::ErrorKind::Auth, "INVALID_LOGIN", "no");
        sink.finish(Err(error), false);
        assert_eq!(
            outcomes(&rx),
            [
                (20, "SUCCESS ".to_string()),
                (10, "FAILURE INVALID_LOGIN".to_string())
            ]
        );
    }

    #[test]
    fn an_abort_marks_the_documents_left_interrupted() {
        let (items, docs) = items(1);
        let (tx, rx) = sync_channel(16);
        let mut sink = BatchSink::new(&items, &docs, &tx, true);
        sink.finish(Ok(()), true);
        let messages: Vec<Message> = rx.try_iter().collect();
        match &messages[..] {
            [Message::Outcome {
                outcome,
                failed_line: Some(line),
                ..
            }] => {
                assert_eq!(outcome.code.as_str(), "INTERRUPTED");
                assert_eq!(line, b"{}");
            }
            _ => panic!("one outcome with the failed line expected"),
        }
    }
}
