//! Learned custom fields at work: in browse's profiles (each field of the record type with its
//! JSON type, label and NetSuite field type) and in document checks before anything is sent
//! (a value of the wrong type is refused, naming the field; a known field gets its type, so
//! `{"custentity_since": "2024-01-31T00:00:00Z"}` is written as a date).

use serde_json::{json, Map, Value};

use super::account_fields::{FieldMap, LearnedField};
use super::values::{check_builtin, custom_xsd, CUSTOM_KINDS};

fn reference_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "internalId": {"type": "string"},
            "externalId": {"type": "string"},
            "name": {"type": "string"},
        },
    })
}

/// The JSON Schema of one field's value.
fn value_schema(f: &LearnedField) -> Value {
    let mut v = match f.kind.as_str() {
        "Long" => json!({"type": "integer"}),
        "Double" => json!({"type": "number"}),
        "Boolean" => json!({"type": "boolean"}),
        "Date" => json!({"type": "string", "format": "date-time"}),
        "Select" => reference_schema(),
        "MultiSelect" => json!({"type": "array", "items": reference_schema()}),
        _ => json!({"type": "string"}),
    };
    if let Some(o) = v.as_object_mut() {
        o.insert("title".into(), Value::String(f.label.clone()));
        o.insert(
            "description".into(),
            Value::String(format!(
                "{} custom field {} ({}, internal id {}), learned from the account",
                f.kind, f.script_id, f.field_type, f.internal_id
            )),
        );
    }
    v
}

/// `customFieldList` for a record type with these fields: the object form lists each field
/// by script id; the array form's items name them too.
pub(crate) fn custom_field_list_schema(fields: &FieldMap) -> Value {
    let properties: Map<String, Value> = fields
        .values()
        .map(|f| (f.script_id.clone(), value_schema(f)))
        .collect();
    let items: Vec<Value> = fields
        .values()
        .map(|f| {
            json!({
                "type": "object",
                "title": f.label,
                "properties": {
                    "scriptId": {"const": f.script_id},
                    "internalId": {"type": "string"},
                    "type": {"enum": [f.kind, format!("{}CustomFieldRef", f.kind)]},
                    "value": value_schema(f),
                },
                "required": ["scriptId", "value"],
            })
        })
        .collect();
    json!({
        "description": "custom fields: an object keyed by scriptId, or an array of {scriptId, type, value}; \
                        the account's fields are listed with their types (learned from NetSuite), others are \
                        typed by their values",
        "anyOf": [
            {"type": "object", "properties": properties, "additionalProperties": true},
            {"type": "array", "items": {"anyOf": items.into_iter().chain([json!({"type": "object"})]).collect::<Vec<_>>()}},
        ]
    })
}

/// Replaces `customFieldList` in a profile's record schema with the account's fields.
pub(crate) fn apply_to_profile(fields: &FieldMap, schema: &mut Value) {
    if let Some(slot) = schema
        .get_mut("properties")
        .and_then(|p| p.get_mut("customFieldList"))
    {
        *slot = custom_field_list_schema(fields);
    }
}

/// Checks one value against a field's kind.
fn check(f: &LearnedField, v: &Value) -> Result<(), String> {
    let what = || {
        format!(
            "{} is a {} custom field ({})",
            f.script_id, f.kind, f.field_type
        )
    };
    match f.kind.as_str() {
        "Select" if !v.is_object() => Err(format!(
            "{}: give a reference such as {{\"internalId\": \"1\"}}, not {v}",
            what()
        )),
        "MultiSelect" if !v.as_array().is_some_and(|a| a.iter().all(Value::is_object)) => {
            Err(format!(
                "{}: give a list of references such as [{{\"internalId\": \"1\"}}], not {v}",
                what()
            ))
        }
        "Select" | "MultiSelect" => Ok(()),
        kind => check_builtin(custom_xsd(kind), v)
            .map(|_| ())
            .map_err(|e| format!("{}: {e}", what())),
    }
}

/// The short kind of a type given in a document (`LongCustomFieldRef` → `Long`).
fn short_kind(t: &str) -> Option<&'static str> {
    let local = t.rsplit(':').next().unwrap_or(t);
    let short = local.strip_suffix("CustomFieldRef").unwrap_or(local);
    CUSTOM_KINDS
        .iter()
        .find(|k| k.eq_ignore_ascii_case(short))
        .copied()
}

/// Checks a JSON record's `customFieldList` against the account's fields and gives each
/// known field its type (the object form becomes the array form). Unknown fields are left
/// to be typed by their values, as without learned fields.
///
/// # Errors
/// Every wrong value, each naming its field: `customFieldList.custentity_count: …`.
pub(crate) fn check_document(fields: &FieldMap, json: &mut Value) -> Result<(), String> {
    let Some(list) = json.get_mut("customFieldList") else {
        return Ok(());
    };
    let mut errors = Vec::new();
    match list {
        Value::Object(obj) => {
            if !obj.keys().any(|k| fields.contains_key(k)) {
                return Ok(());
            }
            let mut items = Vec::new();
            for (script_id, v) in obj.iter() {
                match fields.get(script_id) {
                    Some(f) => match check(f, v) {
                        Ok(()) => {
                            items.push(json!({"scriptId": script_id, "type": f.kind, "value": v}))
                        }
                        Err(e) => errors.push(format!("customFieldList.{script_id}: {e}")),
                    },
                    None => items.push(json!({"scriptId": script_id, "value": v})),
                }
            }
            *list = Value::Array(items);
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let Some(obj) = item.as_object_mut() else {
                    continue;
                };
                let Some(f) = obj
                    .get("scriptId")
                    .and_then(Value::as_str)
                    .and_then(|s| fields.get(s))
                else {
                    continue;
                };
                let at = format!("customFieldList[{i}] ({})", f.script_id);
                if let Some(t) = obj.get("type").and_then(Value::as_str) {
                    if short_kind(t).is_some_and(|k| k != f.kind) {
                        errors.push(format!(
                            "{at}.type: {t} does not match the account's field, which is {} ({})",
                            f.kind, f.field_type
                        ));
                        continue;
                    }
                }
                if let Some(v) = obj.get("value").filter(|v| !v.is_null()) {
                    if let Err(e) = check(f, v) {
                        errors.push(format!("{at}.value: {e}"));
                        continue;
                    }
                }
                obj.entry("type")
                    .or_insert_with(|| Value::String(f.kind.clone()));
            }
        }
        _ => {}
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::account_fields::kind_of;

    fn fields() -> FieldMap {
        [
            ("custentity_count", "_integerNumber"),
            ("custentity_since", "_date"),
            ("custentity_tier", "_listRecord"),
        ]
        .into_iter()
        .map(|(s, t)| {
            (
                s.to_string(),
                LearnedField {
                    script_id: s.into(),
                    internal_id: "1".into(),
                    label: s.into(),
                    field_type: t.into(),
                    kind: kind_of(t).into(),
                },
            )
        })
        .collect()
    }

    #[test]
    fn known_fields_get_their_type_and_wrong_values_are_refused_by_name() {
        let mut doc = json!({"customFieldList": {"custentity_count": 4, "custentity_since": "2024-01-31T00:00:00Z", "custentity_other": "x"}});
        check_document(&fields(), &mut doc).unwrap();
        let list = doc["customFieldList"].as_array().unwrap();
        assert_eq!(list.len(), 3);
        assert!(list.contains(&json!({"scriptId": "custentity_since", "type": "Date", "value": "2024-01-31T00:00:00Z"})));
        assert!(list.contains(&json!({"scriptId": "custentity_other", "value": "x"})));

        let mut bad =
            json!({"customFieldList": {"custentity_count": "many", "custentity_tier": "Gold"}});
        let e = check_document(&fields(), &mut bad).unwrap_err();
        assert!(
            e.contains("customFieldList.custentity_count") && e.contains("whole number"),
            "{e}"
        );
        assert!(
            e.contains("customFieldList.custentity_tier") && e.contains("reference"),
            "{e}"
        );

        let mut typed = json!({"customFieldList": [{"scriptId": "custentity_count", "type": "String", "value": "4"}]});
        let e = check_document(&fields(), &mut typed).unwrap_err();
        assert!(e.contains("does not match"), "{e}");
    }

    #[test]
    fn the_profile_lists_the_fields_with_their_types() {
        let mut schema = json!({"properties": {"customFieldList": {}}});
        apply_to_profile(&fields(), &mut schema);
        let by_id = &schema["properties"]["customFieldList"]["anyOf"][0]["properties"];
        assert_eq!(by_id["custentity_count"]["type"], "integer");
        assert_eq!(by_id["custentity_since"]["format"], "date-time");
        assert_eq!(by_id["custentity_tier"]["type"], "object");
    }
}
