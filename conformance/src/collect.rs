//! Running one batch and checking the one-outcome-per-document rule.

use std::time::{Duration, Instant};

use connector_api::abi_stable::sabi_trait::TD_Opaque;
use connector_api::abi_stable::std_types::RSlice;
use connector_api::{
    Cancellation, ConnectorError, Document, OperationBox, Outcome, OutcomeStatus, ResultSink,
    ResultSink_TO,
};

/// What a result sink received during one `execute`.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    /// Outcomes per input index.
    outcomes: Vec<Vec<Outcome>>,
    /// Indexes outside the batch that got an output or outcome.
    stray: Vec<u32>,
    /// Output documents received.
    outputs: usize,
}

impl Collector {
    fn new(len: usize) -> Collector {
        Collector {
            outcomes: vec![Vec::new(); len],
            ..Collector::default()
        }
    }
}

impl ResultSink for Collector {
    fn output(&mut self, input_index: u32, _document: Document) {
        if (input_index as usize) < self.outcomes.len() {
            self.outputs += 1;
        } else {
            self.stray.push(input_index);
        }
    }

    fn outcome(&mut self, input_index: u32, outcome: Outcome) {
        match self.outcomes.get_mut(input_index as usize) {
            Some(list) => list.push(outcome),
            None => self.stray.push(input_index),
        }
    }
}

/// One finished `execute` call.
#[derive(Debug)]
pub(crate) struct BatchRun {
    pub(crate) result: Result<(), ConnectorError>,
    pub(crate) collector: Collector,
    pub(crate) elapsed: Duration,
}

/// Calls `execute` on `operation` with a collecting sink.
pub(crate) fn run_batch(
    operation: &OperationBox,
    documents: &[Document],
    cancel: &Cancellation,
) -> BatchRun {
    let mut collector = Collector::new(documents.len());
    let started = Instant::now();
    let result = {
        let sink = ResultSink_TO::from_ptr(&mut collector, TD_Opaque);
        operation
            .execute(RSlice::from_slice(documents), sink, cancel)
            .into_result()
    };
    BatchRun {
        result,
        collector,
        elapsed: started.elapsed(),
    }
}

impl BatchRun {
    /// The final status of each document, as the host would record it.
    ///
    /// # Errors
    ///
    /// When the one-outcome rule is broken: two outcomes for a document, an outcome or output
    /// for an index outside the batch, or a document without an outcome although `execute`
    /// returned `Ok` (after an `Err` the host marks those FAILURE, as the ABI says).
    pub(crate) fn statuses(&self) -> Result<Vec<OutcomeStatus>, String> {
        let c = &self.collector;
        if let Some(index) = c.stray.first() {
            return Err(format!(
                "result for input index {index}, outside a batch of {}",
                c.outcomes.len()
            ));
        }
        let mut statuses = Vec::with_capacity(c.outcomes.len());
        for (index, outcomes) in c.outcomes.iter().enumerate() {
            match (outcomes.as_slice(), &self.result) {
                ([one], _) => statuses.push(one.status),
                ([], Err(_)) => statuses.push(OutcomeStatus::Failure),
                ([], Ok(())) => {
                    return Err(format!(
                        "document {index} got no outcome although execute returned Ok"
                    ))
                }
                (many, _) => {
                    let list: Vec<&str> = many.iter().map(|o| o.status.as_str()).collect();
                    return Err(format!(
                        "document {index} got {} outcomes: {}",
                        many.len(),
                        list.join(", ")
                    ));
                }
            }
        }
        Ok(statuses)
    }

    /// The outcome of document `index`, when it got exactly one.
    pub(crate) fn outcome(&self, index: usize) -> Option<&Outcome> {
        match self.collector.outcomes.get(index).map(Vec::as_slice) {
            Some([one]) => Some(one),
            _ => None,
        }
    }

    /// Output documents received.
    pub(crate) fn outputs(&self) -> usize {
        self.collector.outputs
    }
}

/// A short summary of statuses: `SUCCESS, APPLICATION_ERROR, …`.
pub(crate) fn summarize(statuses: &[OutcomeStatus]) -> String {
    statuses
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
