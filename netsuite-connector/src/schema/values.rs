//! Values of JSON records: checking scalars against XSD built-in types, reading
//! `customFieldList` in its two forms, and "did you mean" hints for field names.

use connector_sdk::payload::FieldError;
use serde_json::Value;

/// Custom field value kinds, by the short name a document may use.
pub(crate) const CUSTOM_KINDS: &[&str] = &[
    "String",
    "Long",
    "Double",
    "Boolean",
    "Date",
    "Select",
    "MultiSelect",
];

/// The XSD type of a scalar custom field value.
pub(crate) fn custom_xsd(kind: &str) -> &'static str {
    match kind {
        "Long" => "long",
        "Double" => "double",
        "Boolean" => "boolean",
        "Date" => "dateTime",
        _ => "string",
    }
}

/// One custom field from a document.
pub(crate) struct CustomField {
    pub(crate) path: String,
    pub(crate) script_id: Option<String>,
    pub(crate) internal_id: Option<String>,
    /// `String`, `Long`, ... (the `*CustomFieldRef` prefix).
    pub(crate) kind: String,
    pub(crate) value: Value,
}

/// Reads `customFieldList`: an array of `{"scriptId", "internalId"?, "type"?, "value"}`, or an
/// object `{"custentity_tier": "gold", ...}` keyed by scriptId (types inferred).
pub(crate) fn custom_fields(path: &str, v: &Value) -> Result<Vec<CustomField>, Vec<FieldError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let p = format!("{path}[{i}]");
                let Some(obj) = item.as_object() else {
                    errors.push(FieldError::new(
                        &p,
                        "expected {\"scriptId\": \"custentity_x\", \"value\": ...}",
                    ));
                    continue;
                };
                for k in obj.keys() {
                    if !matches!(k.as_str(), "scriptId" | "internalId" | "type" | "value") {
                        errors.push(FieldError::new(
                            join(&p, k),
                            "unknown key; a custom field has scriptId, internalId, type and value",
                        ));
                    }
                }
                let text = |k: &str| obj.get(k).and_then(inferred_text);
                let script_id = text("scriptId");
                let internal_id = text("internalId");
                if script_id.is_none() && internal_id.is_none() {
                    errors.push(FieldError::new(join(&p, "scriptId"), "required: the custom field's script id"));
                    continue;
                }
                let value = obj.get("value").cloned().unwrap_or(Value::Null);
                let kind = match obj.get("type").and_then(Value::as_str) {
                    Some(t) => match normalize_kind(t) {
                        Some(k) => k,
                        None => {
                            errors.push(FieldError::new(
                                join(&p, "type"),
                                format!(
                                    "`{t}` is not a custom field type; use one of {} (or the full name, e.g. \
                                     StringCustomFieldRef)",
                                    CUSTOM_KINDS.join(", ")
                                ),
                            ));
                            continue;
                        }
                    },
                    None => match infer_kind(&value) {
                        Some(k) => k.to_string(),
                        None => {
                            errors.push(FieldError::new(join(&p, "value"), "cannot infer the custom field type; give \"type\""));
                            continue;
                        }
                    },
                };
                if value.is_null() {
                    errors.push(FieldError::new(
                        join(&p, "value"),
                        "required; to clear a custom field list its scriptId in nullFieldList",
                    ));
                    continue;
                }
                out.push(CustomField {
                    path: p,
                    script_id,
                    internal_id,
                    kind,
                    value,
                });
            }
        }
        Value::Object(obj) => {
            for (script_id, value) in obj {
                let p = join(path, script_id);
                match infer_kind(value) {
                    Some(kind) => out.push(CustomField {
                        path: p,
                        script_id: Some(script_id.clone()),
                        internal_id: None,
                        kind: kind.to_string(),
                        value: value.clone(),
                    }),
                    None => errors.push(FieldError::new(p, "cannot infer the custom field type; use the array form with \"type\"")),
                }
            }
        }
        _ => errors.push(FieldError::new(
            path,
            "expected an array of {\"scriptId\", \"type\", \"value\"} or an object keyed by scriptId",
        )),
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// `String`, `string`, `StringCustomFieldRef`, `platformCore:StringCustomFieldRef` → `String`.
fn normalize_kind(t: &str) -> Option<String> {
    let local = t.rsplit(':').next().unwrap_or(t);
    let short = local.strip_suffix("CustomFieldRef").unwrap_or(local);
    CUSTOM_KINDS
        .iter()
        .find(|k| k.eq_ignore_ascii_case(short))
        .map(|k| k.to_string())
}

fn infer_kind(v: &Value) -> Option<&'static str> {
    Some(match v {
        Value::Bool(_) => "Boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "Long",
        Value::Number(_) => "Double",
        Value::String(_) => "String",
        Value::Object(_) => "Select",
        Value::Array(items) if items.iter().all(Value::is_object) => "MultiSelect",
        _ => return None,
    })
}

/// Text of a JSON scalar without a schema: strings as they are, numbers and booleans printed.
pub(crate) fn inferred_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Checks a JSON scalar against an XSD built-in type and returns its lexical form.
pub(crate) fn check_builtin(xsd: &str, v: &Value) -> Result<String, String> {
    let text = || match v {
        Value::String(s) => Ok(s.trim().to_string()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Array(_) => Err("expected a single value, not a list".to_string()),
        Value::Object(_) => Err("expected a value, not an object".to_string()),
        Value::Null => Err("expected a value".to_string()),
    };
    match xsd {
        "long" | "int" | "integer" | "short" | "byte" | "nonNegativeInteger"
        | "positiveInteger" | "unsignedInt" | "unsignedLong" | "unsignedShort" => {
            let t = text()?;
            match v {
                Value::Number(n) if n.is_i64() || n.is_u64() => Ok(t),
                Value::Number(_) => Err(format!("expected a whole number (xsd:{xsd}), got {t}")),
                Value::String(_) if t.parse::<i64>().is_ok() => Ok(t),
                _ => Err(format!("expected a whole number (xsd:{xsd}), got {v}")),
            }
        }
        "double" | "float" | "decimal" => {
            let t = text()?;
            match v {
                Value::Number(_) => Ok(t),
                Value::String(_) if t.parse::<f64>().is_ok_and(f64::is_finite) => Ok(t),
                _ => Err(format!("expected a number (xsd:{xsd}), got {v}")),
            }
        }
        "boolean" => match v {
            Value::Bool(b) => Ok(b.to_string()),
            Value::String(s) if matches!(s.trim(), "true" | "false") => Ok(s.trim().to_string()),
            _ => Err(format!("expected true or false, got {v}")),
        },
        "dateTime" => {
            let t = text()?;
            if matches!(v, Value::String(_)) && is_datetime(&t) {
                Ok(t)
            } else {
                Err(format!(
                    "expected a date and time with offset (ISO 8601, e.g. 2024-01-31T10:00:00-08:00), got {v}"
                ))
            }
        }
        "date" => {
            let t = text()?;
            let fmt = time::macros::format_description!("[year]-[month]-[day]");
            if time::Date::parse(t.get(..10).unwrap_or(""), &fmt).is_ok() {
                Ok(t)
            } else {
                Err(format!("expected a date such as 2024-01-31, got {v}"))
            }
        }
        _ => text(),
    }
}

fn is_datetime(s: &str) -> bool {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok()
}

/// "; did you mean `x`?" for a near miss (same letters ignoring case, or a small edit).
pub(crate) fn close_names(name: &str, known: &[&str]) -> String {
    let lower = name.to_ascii_lowercase();
    let mut best: Option<(&str, usize)> = None;
    for k in known {
        let d = edit_distance(&lower, &k.to_ascii_lowercase());
        if d <= 2 && best.is_none_or(|(_, bd)| d < bd) {
            best = Some((k, d));
        }
    }
    match best {
        Some((k, _)) => format!("; did you mean `{k}`?"),
        None => String::new(),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 2 {
        return 3;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}
