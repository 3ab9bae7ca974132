//! Reading input documents lazily, one NDJSON line at a time.
//!
//! Each non-blank line is one document, numbered by its line (blank lines are skipped but
//! counted, so `input` in the output is always the line number). A line holding a JSON object
//! or array is a JSON document (`application/json`, passed as written); a line holding a JSON
//! string that starts with `<` is a raw XML record (`application/xml`, the string's text).
//! Without input, the operation runs once with the document `{}` (input 1), as a query does.
//!
//! A line longer than the flow's `max_line_bytes` is not loaded: it is skipped to its end in
//! bounded memory and its document ends FAILURE `LINE_TOO_LONG` naming the line. On a resumed
//! run ([`super::resume`]), inputs that already have their outcome are skipped, and those
//! sent again are marked `possibly_applied` when their earlier attempt may have been in flight.

use std::io::BufRead;
use std::sync::Arc;

use connector_api::{Document, Outcome};

use super::resume::Resume;

/// Code of an input line longer than the flow's limit.
pub(crate) const LINE_TOO_LONG: &str = "LINE_TOO_LONG";

/// One input document and where it came from.
#[derive(Debug)]
pub(crate) struct Item {
    /// The input number (line number; 1 without input).
    pub(crate) number: u64,
    /// The bytes the line took (for progress).
    pub(crate) bytes: u64,
    /// The document handed to the connector.
    pub(crate) document: Document,
}

/// What the reader found at the next input line.
#[derive(Debug)]
pub(crate) enum Read {
    /// A document to process.
    Document(Item),
    /// An input that gets its outcome without being processed (a line too long, a line that
    /// is not JSON); `failed_line` is its line for the failed-documents file, when kept.
    Refused {
        number: u64,
        bytes: u64,
        outcome: Outcome,
        failed_line: Option<Vec<u8>>,
    },
    /// An input skipped on resume: it has its outcome; `failed_line` when it was not SUCCESS
    /// (for the failed-documents file, which a resumed run writes anew).
    Skipped {
        bytes: u64,
        failed_line: Option<Vec<u8>>,
    },
}

/// Code of an input line that is not JSON.
pub(crate) const INVALID_JSON: &str = "INVALID_JSON";

/// The UTF-8 byte order mark, tolerated at the start of the input.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `input line 3 is not JSON: expected `,` or `}` (column 39)`: the input's line, not the
/// parser's (which only ever sees line 1 of one document).
fn not_json_message(number: u64, error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let what = text.strip_suffix(&suffix).unwrap_or(&text);
    format!(
        "input line {number} is not JSON: {what} (column {})",
        error.column()
    )
}

/// Where an input document came from, kept beside it while it is processed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Meta {
    /// The input number.
    pub(crate) number: u64,
    /// The bytes its line took.
    pub(crate) bytes: u64,
}

/// Splits a batch into what the connector gets and what the host keeps.
pub(crate) fn split(batch: Vec<Item>) -> (Vec<Meta>, Vec<Document>) {
    batch
        .into_iter()
        .map(|i| {
            (
                Meta {
                    number: i.number,
                    bytes: i.bytes,
                },
                i.document,
            )
        })
        .unzip()
}

/// The input line of a document as written (for the failed-documents file).
pub(crate) fn input_line(document: &Document) -> Vec<u8> {
    if document.content_type.as_str() == "application/xml" {
        let text = String::from_utf8_lossy(&document.data);
        serde_json::Value::String(text.into_owned())
            .to_string()
            .into_bytes()
    } else {
        document.data.to_vec()
    }
}

/// Where lines come from.
pub(crate) enum Lines {
    /// No input: one `{}`.
    None { given: bool },
    /// A reader of NDJSON.
    Reader {
        reader: Box<dyn BufRead + Send>,
        line: u64,
        max_line_bytes: usize,
        resume: Option<Arc<Resume>>,
    },
}

impl Lines {
    /// No input.
    pub(crate) fn none() -> Lines {
        Lines::None { given: false }
    }

    /// NDJSON from `reader`, lines of at most `max_line_bytes`, skipping what `resume` says.
    pub(crate) fn reader(
        reader: Box<dyn BufRead + Send>,
        max_line_bytes: u64,
        resume: Option<Arc<Resume>>,
    ) -> Lines {
        Lines::Reader {
            reader,
            line: 0,
            max_line_bytes: usize::try_from(max_line_bytes).unwrap_or(usize::MAX),
            resume,
        }
    }

    /// [`reader`](Self::reader) over a part of an input whose first line is line
    /// `first_line` (a cluster batch): inputs keep the numbers of the whole input.
    pub(crate) fn reader_from(
        reader: Box<dyn BufRead + Send>,
        first_line: u64,
        max_line_bytes: u64,
        resume: Option<Arc<Resume>>,
    ) -> Lines {
        let mut lines = Lines::reader(reader, max_line_bytes, resume);
        if let Lines::Reader { line, .. } = &mut lines {
            *line = first_line.saturating_sub(1);
        }
        lines
    }

    /// The next input, `Ok(None)` at the end.
    pub(crate) fn next_item(&mut self) -> std::io::Result<Option<Read>> {
        match self {
            Lines::None { given } => {
                if *given {
                    return Ok(None);
                }
                *given = true;
                Ok(Some(Read::Document(Item {
                    number: 1,
                    bytes: 0,
                    document: Document::json(b"{}".to_vec()),
                })))
            }
            Lines::Reader {
                reader,
                line,
                max_line_bytes,
                resume,
            } => loop {
                let mut buf = Vec::new();
                let (n, too_long) = read_line(reader.as_mut(), *max_line_bytes, &mut buf)?;
                if n == 0 {
                    return Ok(None);
                }
                *line += 1;
                let number = *line;
                let bytes = n as u64;
                if let Some(resume) = resume.as_deref() {
                    if let Some(success) = resume.outcome_of(number) {
                        let failed_line = (!success && !too_long).then_some(buf);
                        return Ok(Some(Read::Skipped { bytes, failed_line }));
                    }
                }
                if number == 1 && buf.starts_with(BOM) {
                    // Editors on Windows start UTF-8 files with a byte order mark.
                    buf.drain(..BOM.len());
                }
                if too_long {
                    return Ok(Some(Read::Refused {
                        number,
                        bytes,
                        failed_line: None,
                        outcome: Outcome::failure(
                            LINE_TOO_LONG,
                            format!(
                                "input line {number} is longer than the limit of {} bytes \
                                 ([flow] max_line_bytes or --max-line-bytes); it was not read",
                                max_line_bytes
                            )
                            .as_str(),
                        ),
                    }));
                }
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&buf) {
                    return Ok(Some(Read::Refused {
                        number,
                        bytes,
                        outcome: Outcome::application_error(
                            INVALID_JSON,
                            &not_json_message(number, &e),
                        ),
                        failed_line: Some(buf),
                    }));
                }
                let mut document = document_of(buf);
                if resume
                    .as_deref()
                    .is_some_and(|r| r.possibly_applied(number))
                {
                    document.properties = super::resume::POSSIBLY_APPLIED_PROPERTIES.into();
                }
                return Ok(Some(Read::Document(Item {
                    number,
                    bytes,
                    document,
                })));
            },
        }
    }
}

/// Reads one line into `buf` without its line break, keeping at most `limit` bytes: returns
/// the bytes consumed (0 at the end) and whether the line was longer (then `buf` is empty and
/// the rest of the line was skipped without being kept).
fn read_line(
    reader: &mut dyn BufRead,
    limit: usize,
    buf: &mut Vec<u8>,
) -> std::io::Result<(usize, bool)> {
    let mut consumed = 0;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let (chunk, end) = match available.iter().position(|b| *b == b'\n') {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        let n = chunk.len();
        if !too_long {
            let content = chunk.strip_suffix(b"\n").unwrap_or(chunk);
            if buf.len() + content.len() > limit.saturating_add(1) {
                too_long = true;
                *buf = Vec::new();
            } else {
                buf.extend_from_slice(content);
            }
        }
        reader.consume(n);
        consumed += n;
        if end {
            break;
        }
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    if !too_long && buf.len() > limit {
        too_long = true;
        *buf = Vec::new();
    }
    Ok((consumed, too_long))
}

/// A JSON line as a document: raw XML when it is a JSON string starting with `<`.
fn document_of(line: Vec<u8>) -> Document {
    let first = line.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'"') {
        if let Ok(text) = serde_json::from_slice::<String>(&line) {
            if text.trim_start().starts_with('<') {
                return Document::new("application/xml", text.into_bytes());
            }
        }
    }
    Document::json(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(read: Read) -> Item {
        match read {
            Read::Document(item) => item,
            other => panic!("a document expected, got {other:?}"),
        }
    }

    #[test]
    fn a_line_over_the_limit_is_refused_by_number_and_the_next_one_still_read() {
        let text = format!("{{\"a\":1}}\n\"{}\"\n{{\"b\":2}}\n", "x".repeat(100_000));
        // A small buffer: the long line is skipped in pieces, never held whole.
        let reader = std::io::BufReader::with_capacity(64, std::io::Cursor::new(text.into_bytes()));
        let mut lines = Lines::reader(Box::new(reader), 16, None);
        assert_eq!(doc(lines.next_item().unwrap().unwrap()).number, 1);
        match lines.next_item().unwrap().unwrap() {
            Read::Refused {
                number, outcome, ..
            } => {
                assert_eq!(number, 2);
                assert_eq!(outcome.code.as_str(), LINE_TOO_LONG);
                assert!(
                    outcome.message.contains("input line 2"),
                    "{}",
                    outcome.message
                );
            }
            other => panic!("refused expected: {other:?}"),
        }
        let b = doc(lines.next_item().unwrap().unwrap());
        assert_eq!(
            (b.number, b.document.data.as_slice()),
            (3, &b"{\"b\":2}"[..])
        );
        assert!(lines.next_item().unwrap().is_none());
    }

    #[test]
    fn numbers_documents_by_line_and_skips_blanks() {
        let text = "{\"a\":1}\n\n  \n{\"b\":2}\r\n\"<customer/>\"";
        let mut lines = Lines::reader(
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            1024,
            None,
        );
        let a = doc(lines.next_item().unwrap().unwrap());
        assert_eq!(
            (a.number, a.document.data.as_slice()),
            (1, &b"{\"a\":1}"[..])
        );
        let b = doc(lines.next_item().unwrap().unwrap());
        assert_eq!(
            (b.number, b.document.data.as_slice()),
            (4, &b"{\"b\":2}"[..])
        );
        let c = doc(lines.next_item().unwrap().unwrap());
        assert_eq!(c.number, 5);
        assert_eq!(c.document.content_type.as_str(), "application/xml");
        assert_eq!(c.document.data.as_slice(), b"<customer/>");
        assert_eq!(input_line(&c.document), b"\"<customer/>\"");
        assert!(lines.next_item().unwrap().is_none());
    }

    #[test]
    fn a_part_of_an_input_keeps_the_line_numbers_of_the_whole() {
        let text = "{\"a\":1}\n\n{\"b\":2}\n";
        let mut lines = Lines::reader_from(
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            41,
            1024,
            None,
        );
        assert_eq!(doc(lines.next_item().unwrap().unwrap()).number, 41);
        assert_eq!(doc(lines.next_item().unwrap().unwrap()).number, 43);
        assert!(lines.next_item().unwrap().is_none());
    }

    #[test]
    fn no_input_is_one_empty_document() {
        let mut lines = Lines::none();
        let only = doc(lines.next_item().unwrap().unwrap());
        assert_eq!(
            (only.number, only.document.data.as_slice()),
            (1, &b"{}"[..])
        );
        assert!(lines.next_item().unwrap().is_none());
    }
}
