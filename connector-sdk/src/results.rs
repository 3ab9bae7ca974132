//! The typed result sink given to [`OperationImpl::execute`](super::OperationImpl::execute).

use crate::{Document, Outcome, ResultSinkMut};

/// Where an operation reports output documents and outcomes.
pub trait Results {
    /// An output document for input `index`.
    fn output(&mut self, index: usize, document: Document);
    /// The final outcome of input `index`; exactly one per input.
    fn outcome(&mut self, index: usize, outcome: Outcome);
    /// True once input `index` has its outcome.
    fn has_outcome(&self, index: usize) -> bool;
}

/// Forwards to the host's sink and keeps track of which inputs have an outcome, so that a
/// failed or panicking batch can still give every document exactly one.
pub(crate) struct TrackedResults<'a> {
    sink: ResultSinkMut<'a>,
    done: Vec<bool>,
}

impl<'a> TrackedResults<'a> {
    pub(crate) fn new(sink: ResultSinkMut<'a>, len: usize) -> Self {
        TrackedResults {
            sink,
            done: vec![false; len],
        }
    }

    /// Gives every input without an outcome this one.
    pub(crate) fn finish_missing(&mut self, outcome: &Outcome) {
        for i in 0..self.done.len() {
            if !self.done[i] {
                self.outcome(i, outcome.clone());
            }
        }
    }
}

impl Results for TrackedResults<'_> {
    fn output(&mut self, index: usize, document: Document) {
        match self.done.get(index) {
            Some(false) => self.sink.output(index as u32, document),
            Some(true) => tracing::error!(index, "output after the final outcome dropped"),
            None => tracing::error!(index, "output for an input outside the batch dropped"),
        }
    }

    fn outcome(&mut self, index: usize, outcome: Outcome) {
        match self.done.get_mut(index) {
            Some(done @ false) => {
                *done = true;
                self.sink.outcome(index as u32, outcome);
            }
            Some(true) => tracing::error!(index, "second outcome for one input dropped"),
            None => tracing::error!(index, "outcome for an input outside the batch dropped"),
        }
    }

    fn has_outcome(&self, index: usize) -> bool {
        self.done.get(index).copied().unwrap_or(false)
    }
}
