//! The simulator for a test: started on loopback, recording every exchange into a fresh
//! folder so the test can check what went over the wire.

use netsuite_sim::{BlockingSimHandle, SimulatorBuilder};

/// A running simulator and the folder it records into (removed with it).
pub struct Sim {
    /// The running simulator: URLs, counters, the store.
    pub handle: BlockingSimHandle,
    /// Where each request and response is written.
    pub records: tempfile::TempDir,
}

/// Starts `builder`'s simulator, recording into a fresh folder.
///
/// # Panics
/// When the simulator cannot start.
pub fn start(builder: SimulatorBuilder) -> Sim {
    let records = tempfile::tempdir().expect("a temporary folder");
    let handle = builder
        .record_folder(records.path())
        .start_blocking()
        .expect("the simulator starts");
    Sim { handle, records }
}

impl Sim {
    /// Asserts every recorded request and response validates against version `tag`'s XSD;
    /// returns how many elements were checked.
    pub fn assert_exchanges_valid(&self, tag: &str) -> usize {
        crate::xsd::assert_recorded_exchanges_valid(self.records.path(), tag)
    }
}
