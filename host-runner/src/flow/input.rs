//! Reading input documents lazily, one NDJSON line at a time.
//!
//! Each non-blank line is one document, numbered by its line (blank lines are skipped but
//! counted, so `input` in the output is always the line number). A line holding a JSON object
//! or array is a JSON document (`application/json`, passed as written); a line holding a JSON
//! string that starts with `<` is a raw XML record (`application/xml`, the string's text).
//! Without input, the operation runs once with the document `{}` (input 1), as a query does.

use std::io::BufRead;

use connector_api::Document;

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
    },
}

impl Lines {
    /// No input.
    pub(crate) fn none() -> Lines {
        Lines::None { given: false }
    }

    /// NDJSON from `reader`.
    pub(crate) fn reader(reader: Box<dyn BufRead + Send>) -> Lines {
        Lines::Reader { reader, line: 0 }
    }

    /// The next document, `Ok(None)` at the end.
    pub(crate) fn next_item(&mut self) -> std::io::Result<Option<Item>> {
        match self {
            Lines::None { given } => {
                if *given {
                    return Ok(None);
                }
                *given = true;
                Ok(Some(Item {
                    number: 1,
                    bytes: 0,
                    document: Document::json(b"{}".to_vec()),
                }))
            }
            Lines::Reader { reader, line } => loop {
                let mut buf = Vec::new();
                let n = reader.read_until(b'\n', &mut buf)?;
                if n == 0 {
                    return Ok(None);
                }
                *line += 1;
                while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                    buf.pop();
                }
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                return Ok(Some(Item {
                    number: *line,
                    bytes: n as u64,
                    document: document_of(buf),
                }));
            },
        }
    }
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

    #[test]
    fn numbers_documents_by_line_and_skips_blanks() {
        let text = "{\"a\":1}\n\n  \n{\"b\":2}\r\n\"<customer/>\"";
        let mut lines = Lines::reader(Box::new(std::io::Cursor::new(text.as_bytes().to_vec())));
        let a = lines.next_item().unwrap().unwrap();
        assert_eq!(
            (a.number, a.document.data.as_slice()),
            (1, &b"{\"a\":1}"[..])
        );
        let b = lines.next_item().unwrap().unwrap();
        assert_eq!(
            (b.number, b.document.data.as_slice()),
            (4, &b"{\"b\":2}"[..])
        );
        let c = lines.next_item().unwrap().unwrap();
        assert_eq!(c.number, 5);
        assert_eq!(c.document.content_type.as_str(), "application/xml");
        assert_eq!(c.document.data.as_slice(), b"<customer/>");
        assert_eq!(input_line(&c.document), b"\"<customer/>\"");
        assert!(lines.next_item().unwrap().is_none());
    }

    #[test]
    fn no_input_is_one_empty_document() {
        let mut lines = Lines::none();
        let only = lines.next_item().unwrap().unwrap();
        assert_eq!(
            (only.number, only.document.data.as_slice()),
            (1, &b"{}"[..])
        );
        assert!(lines.next_item().unwrap().is_none());
    }
}
