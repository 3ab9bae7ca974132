//! `host-runner submit`: staging an execution in one transaction: the process and connection
//! files' text (secret references, never their values: each node resolves them), their
//! original paths (relative paths inside them resolve against those folders on the node),
//! the params, and the input in batches of contiguous lines, read as a stream (one batch in
//! memory at a time). A process without input is one batch of the single document `{}`.

use std::io::BufRead;
use std::path::PathBuf;

use super::{notify, BATCHES_CHANNEL};
use crate::cluster::error::doing;
use crate::cluster::{ClusterError, Database};

/// Input bytes a batch holds at most, whatever its number of documents.
const BATCH_BYTES: usize = 8 * 1024 * 1024;

/// What `submit` stores of a process.
#[derive(Clone)]
pub struct Submission {
    /// The process's name.
    pub name: String,
    /// The process file, as an absolute path.
    pub process_path: PathBuf,
    /// Its text.
    pub process_text: String,
    /// The connection file it names (absolute) and its text; `None` for an inline one.
    pub connection: Option<(PathBuf, String)>,
    /// `--param NAME=VALUE`, in order.
    pub params: Vec<(String, String)>,
}

impl std::fmt::Debug for Submission {
    // Texts and params may hold something private: only names and paths are shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Submission")
            .field("name", &self.name)
            .field("process_path", &self.process_path)
            .finish_non_exhaustive()
    }
}

/// Where the documents come from.
pub enum Input {
    /// No input: one `{}`.
    None,
    /// NDJSON lines.
    Lines(Box<dyn BufRead>),
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Input::None => "None",
            Input::Lines(_) => "Lines",
        })
    }
}

/// What was staged.
#[derive(Clone, Copy, Debug)]
pub struct Staged {
    /// The execution's id.
    pub id: i64,
    /// Its input documents.
    pub documents: i64,
    /// Its batches.
    pub batches: i32,
}

/// Stages `submission` with `input` cut into batches of `per_batch` documents (lines longer
/// than `max_line_bytes` are kept cut to one byte over it: the node's reader refuses them as
/// `run` does, by number).
///
/// # Errors
///
/// When the database refuses, or the input cannot be read (nothing is staged then).
pub async fn stage(
    db: &Database,
    submission: &Submission,
    input: Input,
    per_batch: usize,
    max_line_bytes: u64,
) -> Result<Staged, ClusterError> {
    let mut client = db.client().await?;
    let tx = client
        .transaction()
        .await
        .map_err(doing("staging the execution"))?;
    let params = serde_json::to_string(&submission.params).unwrap_or_default();
    let (connection_path, connection_text) = match &submission.connection {
        Some((path, text)) => (Some(path.display().to_string()), Some(text.as_str())),
        None => (None, None),
    };
    let id: i64 = tx
        .query_one(
            "INSERT INTO cluster_executions
                 (name, process_path, process_text, connection_path, connection_text, params)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[
                &submission.name,
                &submission.process_path.display().to_string(),
                &submission.process_text,
                &connection_path,
                &connection_text,
                &params,
            ],
        )
        .await
        .map_err(doing("staging the execution"))?
        .get(0);
    let insert = tx
        .prepare(
            "INSERT INTO cluster_batches (execution, seq, first_input, inputs, lines)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .await
        .map_err(doing("staging the input"))?;
    let mut batches = Batches {
        tx: &tx,
        insert: &insert,
        execution: id,
        seq: 0,
        documents: 0,
    };
    match input {
        Input::None => batches.put(1, 1, b"{}\n".to_vec()).await?,
        Input::Lines(mut reader) => {
            let limit = usize::try_from(max_line_bytes).unwrap_or(usize::MAX);
            let mut number = 0i64;
            let mut first = 1i64;
            let mut inputs = 0i32;
            let mut lines = Vec::new();
            let mut line = Vec::new();
            loop {
                line.clear();
                let n = read_line(reader.as_mut(), limit, &mut line)
                    .map_err(|e| ClusterError::Invalid(format!("cannot read the input: {e}")))?;
                if n == 0 {
                    break;
                }
                number += 1;
                if lines.is_empty() {
                    first = number;
                }
                if !line.iter().all(u8::is_ascii_whitespace) {
                    inputs += 1;
                }
                lines.extend_from_slice(&line);
                lines.push(b'\n');
                if inputs as usize >= per_batch || lines.len() >= BATCH_BYTES {
                    batches
                        .put(first, inputs, std::mem::take(&mut lines))
                        .await?;
                    inputs = 0;
                }
            }
            if inputs > 0 {
                batches.put(first, inputs, lines).await?;
            }
        }
    }
    let (documents, seq) = (batches.documents, batches.seq);
    tx.execute(
        "UPDATE cluster_executions SET documents = $2, batches = $3 WHERE id = $1",
        &[&id, &documents, &seq],
    )
    .await
    .map_err(doing("staging the execution"))?;
    notify(&*tx, db, BATCHES_CHANNEL, &id.to_string()).await?;
    tx.commit().await.map_err(doing("staging the execution"))?;
    Ok(Staged {
        id,
        documents,
        batches: seq,
    })
}

/// The batches staged so far, in the staging transaction.
struct Batches<'a> {
    tx: &'a deadpool_postgres::Transaction<'a>,
    insert: &'a tokio_postgres::Statement,
    execution: i64,
    seq: i32,
    documents: i64,
}

impl Batches<'_> {
    async fn put(&mut self, first: i64, inputs: i32, lines: Vec<u8>) -> Result<(), ClusterError> {
        self.seq += 1;
        self.documents += i64::from(inputs);
        self.tx
            .execute(
                self.insert,
                &[&self.execution, &self.seq, &first, &inputs, &lines],
            )
            .await
            .map_err(|e| ClusterError::statement("staging the input", &e))?;
        Ok(())
    }
}

/// Reads one line into `buf` (without its line break), keeping at most `limit + 1` bytes of
/// it: enough for the node to see it is too long. Returns the bytes consumed, 0 at the end.
fn read_line(reader: &mut dyn BufRead, limit: usize, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let keep = limit.saturating_add(1);
    let mut consumed = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(consumed);
        }
        let (chunk, end) = match available.iter().position(|b| *b == b'\n') {
            Some(i) => (&available[..i], true),
            None => (available, false),
        };
        let room = keep.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let n = chunk.len() + usize::from(end);
        reader.consume(n);
        consumed += n;
        if end {
            return Ok(consumed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_whole_or_cut_one_byte_over_the_limit() {
        let text = b"{\"a\":1}\r\n\n0123456789\nlast";
        let mut reader = std::io::BufReader::with_capacity(4, &text[..]);
        let mut line = Vec::new();
        let mut read = |line: &mut Vec<u8>| {
            line.clear();
            read_line(&mut reader, 8, line).unwrap()
        };
        assert_eq!(read(&mut line), 9);
        assert_eq!(line, b"{\"a\":1}\r");
        assert_eq!(read(&mut line), 1);
        assert!(line.is_empty(), "a blank line is kept: it counts");
        assert_eq!(read(&mut line), 11);
        assert_eq!(line, b"012345678", "the limit and one byte more");
        assert_eq!(read(&mut line), 4);
        assert_eq!(line, b"last");
        assert_eq!(read(&mut line), 0);
    }
}
