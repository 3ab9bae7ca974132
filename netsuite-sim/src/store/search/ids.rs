//! Search results as runs of consecutive internal ids: a search matching a million seeded
//! customers keeps one run, not a million ids, for as long as its search id lives.

/// Internal ids in result order, stored as runs `(first id, length)`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct IdRuns {
    runs: Vec<(u64, u64)>,
    /// `offsets[i]` = how many ids come before run `i`.
    offsets: Vec<u64>,
    len: u64,
}

impl IdRuns {
    /// Appends an id (merged into the last run when it follows it).
    pub(crate) fn push(&mut self, id: u64) {
        if let Some((first, len)) = self.runs.last_mut() {
            if *first + *len == id {
                *len += 1;
                self.len += 1;
                return;
            }
        }
        self.offsets.push(self.len);
        self.runs.push((id, 1));
        self.len += 1;
    }

    /// How many ids.
    pub(crate) fn len(&self) -> usize {
        self.len as usize
    }

    /// The ids at positions `from..to` (clamped to the length).
    pub(crate) fn slice(&self, from: usize, to: usize) -> Vec<u64> {
        let (from, to) = (from as u64, (to as u64).min(self.len));
        let mut out = Vec::with_capacity(to.saturating_sub(from) as usize);
        if from >= to {
            return out;
        }
        let mut run = self.offsets.partition_point(|&o| o <= from) - 1;
        let mut pos = from;
        while pos < to && run < self.runs.len() {
            let (first, len) = self.runs[run];
            let offset = self.offsets[run];
            let end = (offset + len).min(to);
            out.extend((pos - offset + first)..(end - offset + first));
            pos = end;
            run += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_consecutive_ids_and_slices_across_runs() {
        let mut ids = IdRuns::default();
        for id in (1..=5).chain([9, 10]).chain(20..=22) {
            ids.push(id);
        }
        assert_eq!(ids.runs.len(), 3);
        assert_eq!(ids.len(), 10);
        assert_eq!(ids.slice(0, 3), [1, 2, 3]);
        assert_eq!(ids.slice(3, 8), [4, 5, 9, 10, 20]);
        assert_eq!(ids.slice(8, 100), [21, 22]);
        assert!(ids.slice(10, 20).is_empty());
    }

    #[test]
    fn a_million_consecutive_ids_are_one_run() {
        let mut ids = IdRuns::default();
        (1..=1_000_000).for_each(|id| ids.push(id));
        assert_eq!(ids.runs.len(), 1);
        assert_eq!(ids.slice(999_998, 1_000_005), [999_999, 1_000_000]);
    }
}
