//! Where things are in a TOML file: byte offsets to lines and columns, the key a byte belongs
//! to, and the line of a (dotted) key, so that every error can name `file:line:column` and
//! the field.
//!
//! Built on `toml::de::DeTable`, which keeps the span of every key and value. Used for
//! serde's own errors (the span of the offending value or key) and for field-level errors a
//! connector returns from `configure`/`prepare` (a field name, mapped back to its key here).

use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// A TOML document's text with the spans of its keys and values.
pub(crate) struct SpannedDoc<'a> {
    text: &'a str,
    root: Option<Spanned<DeTable<'a>>>,
}

/// A position in a file, 1-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column (in characters), from 1.
    pub column: usize,
}

impl<'a> SpannedDoc<'a> {
    /// Parses `text`; a document that does not parse still answers positions (but no keys).
    pub(crate) fn new(text: &'a str) -> SpannedDoc<'a> {
        SpannedDoc {
            text,
            root: DeTable::parse(text).ok(),
        }
    }

    /// The line and column of a byte offset.
    pub(crate) fn position(&self, offset: usize) -> Position {
        position(self.text, offset)
    }

    /// The dotted path of the innermost key whose key or value covers `span`
    /// (`flow.units`, `connection.settings.account`), if any.
    pub(crate) fn path_at(&self, span: &Range<usize>) -> Option<String> {
        let root = self.root.as_ref()?;
        let mut path = Vec::new();
        find_path(root.get_ref(), span, &mut path);
        (!path.is_empty()).then(|| path.join("."))
    }

    /// The text value of the top-level key `key`, if it is a text.
    pub(crate) fn text_value(&self, path: &[&str]) -> Option<String> {
        let root = self.root.as_ref()?;
        let [key] = path else { return None };
        match lookup(root.get_ref(), key).map(|(_, v)| v.get_ref()) {
            Some(DeValue::String(s)) => Some(s.to_string()),
            _ => None,
        }
    }

    /// The start of the key `path` (segments of a dotted path; numbers index arrays), or of
    /// the deepest part of it that exists; `None` when not even the first segment exists.
    pub(crate) fn key_position(&self, path: &[String]) -> Option<Position> {
        let root = self.root.as_ref()?;
        let mut table = root.get_ref();
        let mut found: Option<usize> = None;
        let mut value: Option<&Spanned<DeValue<'a>>> = None;
        for segment in path {
            let next = match value.map(Spanned::get_ref) {
                None => lookup(table, segment),
                Some(DeValue::Table(t)) => {
                    table = t;
                    lookup(table, segment)
                }
                Some(DeValue::Array(items)) => segment
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i))
                    .map(|v| (v.span().start, v)),
                Some(_) => None,
            };
            match next {
                Some((start, v)) => {
                    found = Some(start);
                    value = Some(v);
                }
                None => break,
            }
        }
        found.map(|offset| self.position(offset))
    }
}

fn lookup<'t, 'a>(table: &'t DeTable<'a>, key: &str) -> Option<(usize, &'t Spanned<DeValue<'a>>)> {
    table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(k, v)| (k.span().start, v))
}

fn covers(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end.max(outer.start + 1)
}

fn find_path(table: &DeTable<'_>, span: &Range<usize>, path: &mut Vec<String>) -> bool {
    for (key, value) in table.iter() {
        let in_key = covers(&key.span(), span);
        let in_value = covers(&value.span(), span);
        if !in_key && !in_value && !contains_span(value.get_ref(), span) {
            continue;
        }
        path.push(key.get_ref().to_string());
        if in_key {
            return true;
        }
        match value.get_ref() {
            DeValue::Table(t) => {
                find_path(t, span, path);
            }
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if covers(&item.span(), span) || contains_span(item.get_ref(), span) {
                        path.push(i.to_string());
                        if let DeValue::Table(t) = item.get_ref() {
                            find_path(t, span, path);
                        }
                        break;
                    }
                }
            }
            _ => {}
        }
        return true;
    }
    false
}

/// True when some key or value inside `value` covers `span` (standard tables' own spans
/// do not include the keys below their header).
fn contains_span(value: &DeValue<'_>, span: &Range<usize>) -> bool {
    match value {
        DeValue::Table(t) => t.iter().any(|(k, v)| {
            covers(&k.span(), span) || covers(&v.span(), span) || contains_span(v.get_ref(), span)
        }),
        DeValue::Array(items) => items
            .iter()
            .any(|v| covers(&v.span(), span) || contains_span(v.get_ref(), span)),
        _ => false,
    }
}

/// The line and column of a byte offset in `text`.
pub(crate) fn position(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    Position {
        line,
        column: before[line_start..].chars().count() + 1,
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Splits a connector's field name (`filters[0].field`, `consumer_secret.env`) into key
/// segments (`filters`, `0`, `field`).
pub(crate) fn field_segments(field: &str) -> Vec<String> {
    field
        .split(['.', '['])
        .map(|s| s.trim_end_matches(']'))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "name = \"x\"\n\n[flow]\nunits = 0\n\n[connection.settings]\naccount = \"1\"\nsecret = { env = \"S\" }\nlist = [{ a = 1 }, { b = 2 }]\n";

    #[test]
    fn positions_are_one_based() {
        assert_eq!(position("a\nbc", 0), Position { line: 1, column: 1 });
        assert_eq!(position("a\nbc", 3), Position { line: 2, column: 2 });
    }

    #[test]
    fn finds_the_line_of_a_dotted_key() {
        let doc = SpannedDoc::new(TEXT);
        let at = |p: &[&str]| {
            doc.key_position(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                .map(|p| p.line)
        };
        assert_eq!(at(&["flow", "units"]), Some(4));
        assert_eq!(at(&["connection", "settings", "account"]), Some(7));
        assert_eq!(at(&["connection", "settings", "secret", "env"]), Some(8));
        assert_eq!(at(&["connection", "settings", "list", "1", "b"]), Some(9));
        // A missing key falls back to the deepest part that exists.
        assert_eq!(at(&["connection", "settings", "nope"]), Some(6));
        assert_eq!(at(&["nope"]), None);
    }

    #[test]
    fn names_the_key_of_a_span() {
        let doc = SpannedDoc::new(TEXT);
        let offset = TEXT.find("0\n").unwrap();
        assert_eq!(
            doc.path_at(&(offset..offset + 1)).as_deref(),
            Some("flow.units")
        );
        let offset = TEXT.find("\"S\"").unwrap();
        assert_eq!(
            doc.path_at(&(offset..offset + 3)).as_deref(),
            Some("connection.settings.secret.env")
        );
    }

    #[test]
    fn splits_field_names() {
        assert_eq!(
            field_segments("filters[0].field"),
            ["filters", "0", "field"]
        );
        assert_eq!(field_segments("account"), ["account"]);
        assert!(field_segments("").is_empty());
    }
}
