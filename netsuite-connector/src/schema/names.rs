//! What a JSON document may put into a request: element names taken from its keys and the
//! characters of its keys and values, checked before anything is encoded (issue 11, item 6).
//!
//! Without a schema, a key becomes an element name as it is, so a key such as
//! `a></listRel:a><listRel:isInactive>true</listRel:isInactive><!--` would write fields the
//! document does not have; keys must be NetSuite field names (ASCII letters, digits and
//! underscore). With a schema, keys must at least be XML names (the schema then refuses the
//! names it does not declare). Everywhere, text must consist of characters XML 1.0 can carry
//! (not U+0001, not U+FFFE): one such character makes the whole request malformed, and with
//! it every document of the batch. The walk is iterative; JSON input is nested at most 128
//! levels anyway (serde_json's limit).

use connector_sdk::payload::FieldError;
use serde_json::Value;

/// Every problem of `value`'s keys and text, one error per field, named by its path.
pub(crate) fn check_document(value: &Value, schemaless: bool) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut stack: Vec<(String, &Value)> = vec![(String::new(), value)];
    while let Some((path, v)) = stack.pop() {
        match v {
            Value::String(s) => {
                if let Some(c) = s.chars().find(|&c| !is_xml_char(c)) {
                    errors.push(FieldError::new(
                        field_of(&path),
                        format!(
                            "contains U+{:04X}, a character XML 1.0 cannot carry",
                            u32::from(c)
                        ),
                    ));
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((format!("{path}[{i}]"), item));
                }
            }
            Value::Object(obj) => {
                let mut kids = Vec::with_capacity(obj.len());
                for (k, item) in obj {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    if let Some(problem) = key_problem(k, schemaless) {
                        errors.push(FieldError::new(field_of(&p), problem));
                        continue;
                    }
                    kids.push((p, item));
                }
                stack.extend(kids.into_iter().rev());
            }
            _ => {}
        }
    }
    errors
}

/// The path as a field name a reader can see: control characters escaped.
fn field_of(path: &str) -> String {
    if path.chars().all(|c| !c.is_control()) {
        path.to_string()
    } else {
        path.escape_debug().to_string()
    }
}

fn key_problem(key: &str, schemaless: bool) -> Option<String> {
    let shown = key.escape_debug();
    if schemaless {
        if !is_field_name(key) {
            return Some(format!(
                "the key `{shown}` is not a NetSuite field name (ASCII letters, digits and \
                 underscore, not starting with a digit)"
            ));
        }
    } else if !is_xml_ncname(key) {
        return Some(format!("the key `{shown}` is not an XML element name"));
    }
    None
}

/// ASCII letters, digits and underscore, not starting with a digit.
pub(crate) fn is_field_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// An XML name without a colon (an approximation of NCName by Unicode letters and digits).
pub(crate) fn is_xml_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// A character of XML 1.0's `Char` production.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn refuses_injecting_keys_and_control_characters_with_the_field_named() {
        let doc = json!({
            "entityId": "ok",
            "a></listRel:a><listRel:isInactive>true</listRel:isInactive><!--": "x",
            "comments": "bell\u{1}",
            "addressbookList": {"addressbook": [{"label": "\u{FFFE}"}]},
        });
        let errors = check_document(&doc, true);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "a></listRel:a><listRel:isInactive>true</listRel:isInactive><!--",
                "comments",
                "addressbookList.addressbook[0].label"
            ]
        );
        assert!(
            errors[1].message.contains("U+0001"),
            "{}",
            errors[1].message
        );
        assert!(check_document(&json!({"entityId": "ok", "x-y": 1}), false).is_empty());
        assert_eq!(check_document(&json!({"{": 1}), false).len(), 1);
        assert_eq!(check_document(&json!({"x-y": 1}), true).len(), 1);
    }
}
