//! Collectors of what one `execute` produced: for the SDK's `Results` (unit tests calling an
//! operation directly) and for the ABI's `ResultSink` (tests going through a loaded plugin).

use connector_sdk::{Document, Outcome, ResultSink, Results};
use serde_json::Value;

/// Outputs and outcomes in the order they came, each with its input index.
#[derive(Debug, Default)]
pub struct Collected {
    /// (input index, output document).
    pub outputs: Vec<(usize, Document)>,
    /// (input index, outcome).
    pub outcomes: Vec<(usize, Outcome)>,
}

impl Collected {
    /// The one outcome of input `index`.
    ///
    /// # Panics
    /// When input `index` has no outcome or more than one.
    pub fn outcome_of(&self, index: usize) -> &Outcome {
        let all: Vec<&Outcome> = self
            .outcomes
            .iter()
            .filter(|(i, _)| *i == index)
            .map(|(_, o)| o)
            .collect();
        assert_eq!(
            all.len(),
            1,
            "input {index} must have exactly one outcome: {:?}",
            self.outcomes
        );
        all[0]
    }

    /// The output documents of input `index`, parsed as JSON.
    pub fn json_outputs(&self, index: usize) -> Vec<Value> {
        self.outputs
            .iter()
            .filter(|(i, _)| *i == index)
            .map(|(_, d)| serde_json::from_slice(&d.data).expect("outputs are JSON"))
            .collect()
    }
}

impl Results for Collected {
    fn output(&mut self, index: usize, document: Document) {
        assert!(
            !self.has_outcome(index),
            "output for input {index} after its outcome"
        );
        self.outputs.push((index, document));
    }

    fn outcome(&mut self, index: usize, outcome: Outcome) {
        assert!(!self.has_outcome(index), "second outcome for input {index}");
        self.outcomes.push((index, outcome));
    }

    fn has_outcome(&self, index: usize) -> bool {
        self.outcomes.iter().any(|(i, _)| *i == index)
    }
}

impl ResultSink for Collected {
    fn output(&mut self, input_index: u32, document: Document) {
        self.outputs.push((input_index as usize, document));
    }

    fn outcome(&mut self, input_index: u32, outcome: Outcome) {
        self.outcomes.push((input_index as usize, outcome));
    }
}
