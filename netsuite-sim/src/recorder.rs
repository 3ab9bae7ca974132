//! The recorder: every SOAP request and its response written to a folder as numbered pairs,
//! `000001-get.request.xml` / `000001-get.response.xml`, in the order requests arrive.
//!
//! A response that was never sent (connection dropped after the operation was applied) is still
//! written, as `…response.dropped.xml`, so a test can see what would have been answered. An
//! injected HTTP 503 page is written as `…response.503.html`. A request dropped before it was
//! applied has no response file.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes numbered request/response pairs into one folder.
#[derive(Debug)]
pub(crate) struct Recorder {
    folder: PathBuf,
    next: AtomicU64,
}

/// One recorded exchange: its number and operation.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    stem: String,
}

impl Recorder {
    /// Creates the folder if needed.
    pub(crate) fn new(folder: &Path) -> std::io::Result<Recorder> {
        std::fs::create_dir_all(folder)?;
        Ok(Recorder {
            folder: folder.to_owned(),
            next: AtomicU64::new(1),
        })
    }

    /// Records a request and returns the entry its response is recorded under.
    pub(crate) fn request(&self, op: &str, body: &[u8]) -> Entry {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let op: String = op
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(64)
            .collect();
        let op = if op.is_empty() {
            "unknown".to_owned()
        } else {
            op
        };
        let entry = Entry {
            stem: format!("{n:06}-{op}"),
        };
        self.write(&format!("{}.request.xml", entry.stem), body);
        entry
    }

    /// Records the response of `entry`.
    pub(crate) fn response(&self, entry: &Entry, body: &[u8], sent: bool) {
        let suffix = if sent {
            "response.xml"
        } else {
            "response.dropped.xml"
        };
        self.write(&format!("{}.{suffix}", entry.stem), body);
    }

    /// Records a non-SOAP page answered instead of a response (e.g. an injected 503).
    pub(crate) fn http_page(&self, entry: &Entry, status: u16, body: &[u8]) {
        self.write(&format!("{}.response.{status}.html", entry.stem), body);
    }

    fn write(&self, name: &str, body: &[u8]) {
        if let Err(e) = std::fs::write(self.folder.join(name), body) {
            tracing::warn!(file = name, error = %e, "recorder could not write");
        }
    }
}
