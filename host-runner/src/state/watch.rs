//! Watching output documents for the cursor field: the highest value seen, found without
//! building the rest of each document, and how two cursor values compare.

use std::cmp::Ordering;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::{Mutex, PoisonError};

use connector_api::Document;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Watches output documents for the cursor field and keeps the highest value.
#[derive(Debug)]
pub(crate) struct CursorWatch {
    path: Vec<String>,
    highest: Mutex<Option<Value>>,
    /// Documents with the field, and without it.
    pub(super) seen: AtomicU64,
    pub(super) without: AtomicU64,
}

impl CursorWatch {
    /// A watch of the field `cursor` (a dotted path).
    pub(crate) fn new(cursor: &str) -> CursorWatch {
        CursorWatch {
            path: cursor.split('.').map(str::to_string).collect(),
            highest: Mutex::new(None),
            seen: AtomicU64::new(0),
            without: AtomicU64::new(0),
        }
    }

    /// Looks at one output document (JSON ones; others are not counted).
    pub(crate) fn observe(&self, document: &Document) {
        let content_type = document.content_type.as_str();
        if content_type.is_empty() || content_type.contains("json") {
            self.observe_json(document.data.as_slice(), &self.path);
        }
    }

    fn observe_json(&self, json: &[u8], path: &[String]) {
        let mut de = serde_json::Deserializer::from_slice(json);
        let found = Find(path).deserialize(&mut de).ok().flatten();
        match found.filter(|v| text_of(v).is_some()) {
            Some(value) => {
                self.seen.fetch_add(1, AtomicOrdering::Relaxed);
                let mut highest = self.highest.lock().unwrap_or_else(PoisonError::into_inner);
                if highest
                    .as_ref()
                    .is_none_or(|h| compare(&value, h) == Ordering::Greater)
                {
                    *highest = Some(value);
                }
            }
            None => {
                self.without.fetch_add(1, AtomicOrdering::Relaxed);
            }
        }
    }

    /// Looks at every output document line (`{"input":N,"document":{…}}`) of an output file.
    pub(super) fn observe_output_file(&self, path: &Path) -> std::io::Result<()> {
        let mut in_line = vec!["document".to_string()];
        in_line.extend(self.path.iter().cloned());
        let mut reader = BufReader::new(File::open(path)?);
        let mut line = Vec::new();
        while reader.read_until(b'\n', &mut line)? > 0 {
            // Outcome lines have no document: not counted as documents without the field.
            if line.windows(11).any(|w| w == b"\"document\":") {
                self.observe_json(&line, &in_line);
            }
            line.clear();
        }
        Ok(())
    }

    pub(super) fn highest(&self) -> Option<Value> {
        self.highest
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(super) fn warn_when_missing(&self, cursor: &str) {
        let without = self.without.load(AtomicOrdering::Relaxed);
        if without == 0 {
            return;
        }
        if self.seen.load(AtomicOrdering::Relaxed) == 0 {
            tracing::warn!(
                cursor,
                documents = without,
                "no output document has the [state] cursor field (text or a number): the state \
                 cannot advance; check the field's name and that the query returns it"
            );
        } else {
            tracing::info!(
                cursor,
                documents = without,
                "some output documents have no [state] cursor field"
            );
        }
    }
}

/// Finds the value at a path of object keys without building the rest of the document.
struct Find<'p>(&'p [String]);

impl<'de> DeserializeSeed<'de> for Find<'_> {
    type Value = Option<Value>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Option<Value>, D::Error> {
        if self.0.is_empty() {
            return Value::deserialize(de).map(Some);
        }
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Find<'_> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Value>, A::Error> {
        let mut found = None;
        while let Some(is_next) = map.next_key_seed(KeyIs(&self.0[0]))? {
            if is_next && found.is_none() {
                found = map.next_value_seed(Find(&self.0[1..]))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<Value>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Option<Value>, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Option<Value>, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Option<Value>, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Option<Value>, E> {
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Option<Value>, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Option<Value>, E> {
        Ok(None)
    }
}

/// A key seed that only says whether the key is the wanted one (no allocation).
struct KeyIs<'p>(&'p str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<bool, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

/// The text of a cursor value: a string as is, a number as written; other values have none.
pub(super) fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Orders two cursor values: as instants when both are RFC 3339 date-times (offsets
/// differ: NetSuite writes the account's), else as numbers, else as text.
pub(super) fn compare(a: &Value, b: &Value) -> Ordering {
    let (Some(a), Some(b)) = (text_of(a), text_of(b)) else {
        return Ordering::Equal;
    };
    let (a, b) = (a.trim(), b.trim());
    if let (Ok(x), Ok(y)) = (
        OffsetDateTime::parse(a, &Rfc3339),
        OffsetDateTime::parse(b, &Rfc3339),
    ) {
        return x.cmp(&y);
    }
    if let (Ok(x), Ok(y)) = (a.parse::<i128>(), b.parse::<i128>()) {
        return x.cmp(&y);
    }
    if let (Ok(x), Ok(y)) = (a.parse::<f64>(), b.parse::<f64>()) {
        return x.partial_cmp(&y).unwrap_or(Ordering::Equal);
    }
    a.cmp(b)
}
