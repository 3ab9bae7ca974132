//! Search fields (`platformCore:Search*Field`): the operators each type allows, and writing
//! one criterion.
//!
//! Shared by Query filters and getDeleted. Operators are NetSuite's, per field type
//! (`platform.coreTypes.xsd`): strings `is`, `contains`, …; numbers `equalTo`, `between`, …;
//! dates `on`, `within`, … with a relative range as `predefinedSearchValue` (`lastMonth`);
//! select fields `anyOf` / `noneOf` with internal ids; booleans have no operator.

use std::io;

use serde_json::Value;

use crate::envelope::{self, XmlWriter};

/// A search field's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FieldKind {
    /// SearchStringField.
    String,
    /// SearchLongField.
    Long,
    /// SearchDoubleField.
    Double,
    /// SearchTextNumberField (numbers kept as text, e.g. `tranId`).
    TextNumber,
    /// SearchDateField.
    Date,
    /// SearchBooleanField.
    Boolean,
    /// SearchMultiSelectField: record refs by internal id.
    MultiSelect,
    /// SearchEnumMultiSelectField: enum values (`_lead`).
    EnumMultiSelect,
}

const STRING_OPS: &[&str] = &[
    "contains",
    "doesNotContain",
    "doesNotStartWith",
    "empty",
    "hasKeywords",
    "is",
    "isNot",
    "notEmpty",
    "startsWith",
];
const NUMBER_OPS: &[&str] = &[
    "between",
    "empty",
    "equalTo",
    "greaterThan",
    "greaterThanOrEqualTo",
    "lessThan",
    "lessThanOrEqualTo",
    "notBetween",
    "notEmpty",
    "notEqualTo",
    "notGreaterThan",
    "notGreaterThanOrEqualTo",
    "notLessThan",
    "notLessThanOrEqualTo",
];
const DATE_OPS: &[&str] = &[
    "after",
    "before",
    "empty",
    "notAfter",
    "notBefore",
    "notEmpty",
    "notOn",
    "notOnOrAfter",
    "notOnOrBefore",
    "notWithin",
    "on",
    "onOrAfter",
    "onOrBefore",
    "within",
];
const SELECT_OPS: &[&str] = &["anyOf", "noneOf"];

impl FieldKind {
    /// Parses a type name as users write it (`string`, `long`, `double`, `textNumber`,
    /// `date`, `boolean`, `select`/`multiSelect`, `enum`/`enumMultiSelect`) or NetSuite's
    /// class name (`SearchStringField`, `SearchLongCustomField`, …).
    pub(crate) fn parse(name: &str) -> Option<FieldKind> {
        let n = name
            .trim()
            .trim_start_matches("Search")
            .trim_end_matches("Field")
            .trim_end_matches("Custom")
            .to_ascii_lowercase();
        Some(match n.as_str() {
            "string" => FieldKind::String,
            "long" | "integer" => FieldKind::Long,
            "double" | "number" => FieldKind::Double,
            "textnumber" => FieldKind::TextNumber,
            "date" | "datetime" => FieldKind::Date,
            "boolean" => FieldKind::Boolean,
            "select" | "multiselect" | "recordref" => FieldKind::MultiSelect,
            "enum" | "enummultiselect" => FieldKind::EnumMultiSelect,
            _ => return None,
        })
    }

    /// NetSuite's operators for this type (empty for booleans, which have none).
    pub(crate) fn operators(self) -> &'static [&'static str] {
        match self {
            FieldKind::String => STRING_OPS,
            FieldKind::Long | FieldKind::Double | FieldKind::TextNumber => NUMBER_OPS,
            FieldKind::Date => DATE_OPS,
            FieldKind::Boolean => &[],
            FieldKind::MultiSelect | FieldKind::EnumMultiSelect => SELECT_OPS,
        }
    }

    /// The `xsi:type` of a custom field criterion (`SearchStringCustomField`).
    pub(crate) fn custom_class(self) -> &'static str {
        match self {
            FieldKind::String => "SearchStringCustomField",
            FieldKind::Long => "SearchLongCustomField",
            FieldKind::Double | FieldKind::TextNumber => "SearchDoubleCustomField",
            FieldKind::Date => "SearchDateCustomField",
            FieldKind::Boolean => "SearchBooleanCustomField",
            FieldKind::MultiSelect => "SearchMultiSelectCustomField",
            FieldKind::EnumMultiSelect => "SearchEnumMultiSelectCustomField",
        }
    }

    /// Guesses a type from the operator and value, for fields no schema describes.
    pub(crate) fn guess(operator: Option<&str>, value: Option<&Value>) -> Option<FieldKind> {
        match operator {
            None => match value {
                Some(Value::Bool(_)) => Some(FieldKind::Boolean),
                Some(Value::String(s)) if s == "true" || s == "false" => Some(FieldKind::Boolean),
                _ => None,
            },
            Some(op) if SELECT_OPS.contains(&op) => Some(FieldKind::MultiSelect),
            Some(op) if DATE_OPS.contains(&op) && !STRING_OPS.contains(&op) => {
                Some(FieldKind::Date)
            }
            Some(op) if NUMBER_OPS.contains(&op) && !STRING_OPS.contains(&op) => match value {
                Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Some(FieldKind::Long),
                Some(Value::String(s)) if s.parse::<i64>().is_ok() => Some(FieldKind::Long),
                _ => Some(FieldKind::Double),
            },
            Some(op) if STRING_OPS.contains(&op) => Some(FieldKind::String),
            Some(_) => None,
        }
    }
}

/// One criterion on one field, as configured.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Criterion {
    /// NetSuite's operator (`is`, `anyOf`, `within`, …); none for booleans.
    pub(crate) operator: Option<String>,
    /// Values: one for most operators, two for `between`/`within` (or `value2`), any number
    /// for `anyOf`/`noneOf`, none for `empty`/`notEmpty` and relative dates.
    pub(crate) values: Vec<Value>,
    /// A relative date range (`today`, `lastMonth`, `previousOneYear`, …).
    pub(crate) predefined: Option<String>,
}

fn scalar_text(field: &str, v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(format!(
            "{field}: a value must be text, a number or true/false"
        )),
    }
}

/// Checks a criterion against its field's type: operator, number and kind of values.
///
/// # Errors
/// A message that names `field` and says what is allowed.
pub(crate) fn check(field: &str, kind: FieldKind, c: &Criterion) -> Result<(), String> {
    let ops = kind.operators();
    match (&c.operator, kind) {
        (Some(op), FieldKind::Boolean) => {
            return Err(format!(
                "{field}: a boolean field takes no operator (got `{op}`); give value true or false"
            ))
        }
        (None, FieldKind::Boolean) => {}
        (None, _) => {
            return Err(format!(
                "{field}: operator required, one of {}",
                ops.join(", ")
            ))
        }
        (Some(op), _) if !ops.contains(&op.as_str()) => {
            return Err(format!(
                "{field}: `{op}` is not an operator of a {kind:?} field; use one of {}",
                ops.join(", ")
            ))
        }
        _ => {}
    }
    let op = c.operator.as_deref().unwrap_or("");
    let n = c.values.len();
    let needs_none = matches!(op, "empty" | "notEmpty");
    if c.predefined.is_some() && kind != FieldKind::Date {
        return Err(format!(
            "{field}: predefined (a relative date range) applies to date fields only"
        ));
    }
    if needs_none {
        if n > 0 || c.predefined.is_some() {
            return Err(format!("{field}: `{op}` takes no value"));
        }
        return Ok(());
    }
    match kind {
        FieldKind::MultiSelect | FieldKind::EnumMultiSelect => {
            if n == 0 {
                return Err(format!("{field}: `{op}` needs at least one value"));
            }
        }
        FieldKind::Date if c.predefined.is_some() => {
            if n > 0 {
                return Err(format!(
                    "{field}: give either predefined (a relative range) or values, not both"
                ));
            }
        }
        FieldKind::Boolean => {
            if n != 1 {
                return Err(format!("{field}: give one value, true or false"));
            }
            let ok = match &c.values[0] {
                Value::Bool(_) => true,
                Value::String(s) => s == "true" || s == "false",
                _ => false,
            };
            if !ok {
                return Err(format!("{field}: the value must be true or false"));
            }
        }
        _ => {
            let want = if matches!(op, "between" | "notBetween" | "within" | "notWithin") {
                2
            } else {
                1
            };
            if n != want {
                return Err(format!(
                    "{field}: `{op}` needs {want} value{}, got {n}",
                    if want == 1 { "" } else { "s" }
                ));
            }
        }
    }
    for v in &c.values {
        match (kind, v) {
            (FieldKind::MultiSelect, Value::Object(o)) => {
                if !o.contains_key("internalId") && !o.contains_key("externalId") {
                    return Err(format!(
                        "{field}: a select value is an internal id, or {{\"internalId\": …}}"
                    ));
                }
            }
            (FieldKind::Long, v) => {
                let t = scalar_text(field, v)?;
                if t.trim().parse::<i64>().is_err() {
                    return Err(format!("{field}: `{t}` is not a whole number"));
                }
            }
            (FieldKind::Double, v) => {
                let t = scalar_text(field, v)?;
                if t.trim().parse::<f64>().is_err() {
                    return Err(format!("{field}: `{t}` is not a number"));
                }
            }
            (_, v) => {
                scalar_text(field, v)?;
            }
        }
    }
    Ok(())
}

/// Writes one search field element (`element` is qualified, e.g. `platformCommon:email`);
/// `attributes` go before the operator (custom fields: `xsi:type`, `scriptId`).
pub(crate) fn write(
    w: &mut XmlWriter,
    element: &str,
    attributes: &[(&str, &str)],
    kind: FieldKind,
    c: &Criterion,
) -> io::Result<()> {
    let mut el = w.create_element(element);
    for a in attributes {
        el = el.with_attribute(*a);
    }
    if let Some(op) = &c.operator {
        el = el.with_attribute(("operator", op.as_str()));
    }
    let text = |v: &Value| scalar_text(element, v).unwrap_or_default();
    el.write_inner_content(|w| {
        if let Some(p) = &c.predefined {
            envelope::text(w, "platformCore:predefinedSearchValue", p)?;
        }
        match kind {
            FieldKind::MultiSelect => {
                for v in &c.values {
                    let mut r = w.create_element("platformCore:searchValue");
                    match v {
                        Value::Object(o) => {
                            for key in ["internalId", "externalId", "type", "typeId"] {
                                if let Some(val) = o.get(key) {
                                    let t = text(val);
                                    r = r.with_attribute((key, t.as_str()));
                                }
                            }
                            r.write_empty()?;
                        }
                        other => {
                            let t = text(other);
                            r.with_attribute(("internalId", t.trim())).write_empty()?;
                        }
                    }
                }
            }
            FieldKind::EnumMultiSelect => {
                for v in &c.values {
                    envelope::text(w, "platformCore:searchValue", &text(v))?;
                }
            }
            _ => {
                let mut values = c.values.iter();
                if let Some(v) = values.next() {
                    envelope::text(w, "platformCore:searchValue", text(v).trim())?;
                }
                if let Some(v) = values.next() {
                    envelope::text(w, "platformCore:searchValue2", text(v).trim())?;
                }
            }
        }
        Ok(())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn c(op: Option<&str>, values: Vec<Value>) -> Criterion {
        Criterion {
            operator: op.map(str::to_string),
            values,
            predefined: None,
        }
    }

    #[test]
    fn checks_operators_per_type() {
        assert!(check(
            "email",
            FieldKind::String,
            &c(Some("contains"), vec![json!("x")])
        )
        .is_ok());
        let e = check(
            "email",
            FieldKind::String,
            &c(Some("equalTo"), vec![json!("x")]),
        )
        .unwrap_err();
        assert!(e.contains("email") && e.contains("startsWith"));
        assert!(check(
            "balance",
            FieldKind::Double,
            &c(Some("between"), vec![json!(1), json!(2.5)])
        )
        .is_ok());
        assert!(check(
            "balance",
            FieldKind::Double,
            &c(Some("between"), vec![json!(1)])
        )
        .is_err());
        assert!(check(
            "isInactive",
            FieldKind::Boolean,
            &c(None, vec![json!(false)])
        )
        .is_ok());
        assert!(check(
            "isInactive",
            FieldKind::Boolean,
            &c(Some("is"), vec![json!(true)])
        )
        .is_err());
        assert!(check(
            "subsidiary",
            FieldKind::MultiSelect,
            &c(Some("anyOf"), vec![])
        )
        .is_err());
        assert!(check(
            "internalIdNumber",
            FieldKind::Long,
            &c(Some("equalTo"), vec![json!("x1")])
        )
        .is_err());
        let mut d = c(Some("within"), vec![]);
        d.predefined = Some("lastMonth".into());
        assert!(check("lastModifiedDate", FieldKind::Date, &d).is_ok());
        assert!(check("entityId", FieldKind::String, &c(Some("empty"), vec![])).is_ok());
    }

    #[test]
    fn guesses_types_for_undescribed_fields() {
        assert_eq!(
            FieldKind::guess(Some("anyOf"), None),
            Some(FieldKind::MultiSelect)
        );
        assert_eq!(
            FieldKind::guess(Some("onOrAfter"), None),
            Some(FieldKind::Date)
        );
        assert_eq!(
            FieldKind::guess(Some("equalTo"), Some(&json!(3))),
            Some(FieldKind::Long)
        );
        assert_eq!(
            FieldKind::guess(None, Some(&json!(true))),
            Some(FieldKind::Boolean)
        );
        assert_eq!(
            FieldKind::guess(Some("is"), Some(&json!("a"))),
            Some(FieldKind::String)
        );
        assert_eq!(
            FieldKind::parse("SearchLongCustomField"),
            Some(FieldKind::Long)
        );
        assert_eq!(
            FieldKind::parse("multiSelect"),
            Some(FieldKind::MultiSelect)
        );
    }
}
