//! Query filters and columns as the user writes them, and their resolution against the
//! record type's search classes (field types, custom fields, XSD order).
//!
//! A filter names a field of the record's search (`entityId`), of a join (`"join":
//! "contactJoin"`), or a custom field by script id (`custentity_tier`, which goes into
//! `customFieldList`). Its type comes from the schema; a field the schema does not describe
//! (custom fields, or any field when no schema is reachable) takes its type from `type`, or
//! else from the operator and value.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use crate::operations::search_field::{self, Criterion, FieldKind};
use crate::schema::{self, SchemaRegistry, SearchClasses, SearchFieldKind};
use crate::version::Version;

/// One query filter.
#[derive(Clone, Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct FilterSettings {
    /// The field: a field of the record type's search (`entityId`, `lastModifiedDate`,
    /// `subsidiary`) or of the join, or a custom field's script id (`custentity_tier`).
    pub(crate) field: String,
    /// The join whose field this is (`contactJoin`, `customerJoin`); omit for the record's own
    /// fields.
    #[serde(default)]
    pub(crate) join: Option<String>,
    /// NetSuite's operator for the field's type. Text: is, isNot, contains, doesNotContain,
    /// startsWith, doesNotStartWith, hasKeywords, empty, notEmpty. Numbers (long, double):
    /// equalTo, notEqualTo, greaterThan, greaterThanOrEqualTo, lessThan, lessThanOrEqualTo,
    /// notGreaterThan, notGreaterThanOrEqualTo, notLessThan, notLessThanOrEqualTo, between,
    /// notBetween, empty, notEmpty. Dates: on, notOn, before, notBefore, after, notAfter,
    /// onOrBefore, notOnOrBefore, onOrAfter, notOnOrAfter, within, notWithin, empty, notEmpty.
    /// Select and multi-select (by internal id) and enumerations: anyOf, noneOf. Booleans
    /// take no operator.
    #[serde(default)]
    pub(crate) operator: Option<String>,
    /// The value: text, a number, true/false, a date-time (`2024-01-31T00:00:00Z`), or an
    /// array (anyOf/noneOf internal ids; two values for between/within). Select values are
    /// internal ids (`"12"`) or `{"internalId": "12"}`.
    #[serde(default)]
    pub(crate) value: Option<Value>,
    /// The second value of between/notBetween/within/notWithin (or put both in `value`).
    #[serde(default)]
    pub(crate) value2: Option<Value>,
    /// A relative date range instead of values (`predefinedSearchValue`), one of NetSuite's
    /// SearchDate values: today, yesterday, thisWeek, lastWeek, thisMonth, lastMonth,
    /// thisYear, lastRollingYear, previousOneDay, … .
    #[serde(default)]
    pub(crate) predefined: Option<String>,
    /// The field's type, needed only when no schema describes the field (custom fields;
    /// every field without a schema) and the operator does not tell: string, long, double,
    /// textNumber, date, boolean, select (multi-select by internal id), enumMultiSelect.
    #[serde(default, rename = "type")]
    pub(crate) field_type: Option<String>,
    /// Binds the value to a query parameter: the input document's
    /// `{"parameters": {"<name>": value}}` sets it (as Boomi binds filter values from process
    /// parameters). A filter with a parameter and no value needs the parameter.
    #[serde(default)]
    pub(crate) parameter: Option<String>,
}

/// One column of an advanced search.
#[derive(Clone, Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct ColumnSettings {
    /// The column: a field of the record type's search row (`entityId`, `email`) or of the
    /// join, or a custom field's script id.
    pub(crate) field: String,
    /// The join whose column this is (`contactJoin`); omit for the record's own columns.
    #[serde(default)]
    pub(crate) join: Option<String>,
    /// For a custom field column only: its type (string, long, double, date, boolean, select,
    /// multiSelect); default string.
    #[serde(default, rename = "type")]
    pub(crate) field_type: Option<String>,
}

/// True for a custom field's script id (`custentity_…`, `custbody_…`, `custitem_…`, …).
pub(crate) fn is_custom_field(field: &str) -> bool {
    field.starts_with("cust") && field.contains('_')
}

/// A filter resolved against the search classes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Resolved {
    /// Join element, or `None` for `basic`.
    pub(crate) join: Option<String>,
    /// Field element name (`entityId`); for custom fields, the script id.
    pub(crate) field: String,
    /// True for a custom field (written in `customFieldList`).
    pub(crate) custom: bool,
    /// The field's type.
    pub(crate) kind: FieldKind,
    /// Operator and values.
    pub(crate) criterion: Criterion,
    /// Position in the `SearchBasic` sequence (XSD order); custom fields take the
    /// position of `customFieldList`.
    pub(crate) order: usize,
}

fn kind_of(k: &SearchFieldKind) -> Option<FieldKind> {
    Some(match k {
        SearchFieldKind::String => FieldKind::String,
        SearchFieldKind::Long => FieldKind::Long,
        SearchFieldKind::Double => FieldKind::Double,
        SearchFieldKind::Date => FieldKind::Date,
        SearchFieldKind::Boolean => FieldKind::Boolean,
        SearchFieldKind::MultiSelect => FieldKind::MultiSelect,
        SearchFieldKind::EnumMultiSelect => FieldKind::EnumMultiSelect,
        SearchFieldKind::TextNumber => FieldKind::TextNumber,
        SearchFieldKind::CustomFieldList | SearchFieldKind::Other(_) => return None,
    })
}

/// The criterion of a filter: operator and values (an array `value` is several values).
pub(crate) fn criterion_of(f: &FilterSettings) -> Criterion {
    let mut values = Vec::new();
    match &f.value {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => values.extend(items.iter().cloned()),
        Some(v) => values.push(v.clone()),
    }
    if let Some(v) = f.value2.as_ref().filter(|v| !v.is_null()) {
        values.push(v.clone());
    }
    Criterion {
        operator: f
            .operator
            .as_ref()
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty()),
        values,
        predefined: f.predefined.as_ref().map(|p| p.trim().to_string()),
    }
}

/// Where a setting sits, for messages (`filters[2]`, `parameters.since`).
pub(crate) type Path = String;

/// Field positions of a `SearchBasic` (the record's, or a join's) in XSD order.
/// Empty without a schema.
pub(crate) fn positions(
    registry: Option<&SchemaRegistry>,
    record_type: &str,
    join: Option<&str>,
) -> Vec<String> {
    registry
        .map(|reg| {
            reg.search_fields(record_type, join)
                .into_iter()
                .map(|(name, _)| name)
                .collect()
        })
        .unwrap_or_default()
}

/// Resolves one filter.
///
/// # Errors
/// A message naming `path` and the field: unknown join or field, a type that cannot be
/// found, an operator the type does not have, wrong values.
pub(crate) fn resolve(
    registry: Option<&SchemaRegistry>,
    version: Version,
    classes: &SearchClasses,
    path: &str,
    f: &FilterSettings,
) -> Result<Resolved, String> {
    let field = f.field.trim();
    if field.is_empty() {
        return Err(format!("{path}.field: required"));
    }
    let join = f.join.as_deref().map(str::trim).filter(|j| !j.is_empty());
    if let Some(j) = join {
        if registry.is_none() {
            return Err(format!(
                "{path}.join: joins need the version's schema (WSDL/XSD), which is not \
                 reachable; give the connection a schema_folder"
            ));
        }
        if !classes.joins.iter().any(|x| x.element == j) {
            let known: Vec<&str> = classes.joins.iter().map(|x| x.element.as_str()).collect();
            return Err(format!(
                "{path}.join: `{j}` is not a join of {} (joins: {})",
                classes.search.name,
                known.join(", ")
            ));
        }
    }
    let criterion = criterion_of(f);
    let explicit = match &f.field_type {
        Some(t) => Some(FieldKind::parse(t).ok_or_else(|| {
            format!(
                "{path}.type: `{t}` is not a search field type (string, long, double, \
                 textNumber, date, boolean, select, enumMultiSelect)"
            )
        })?),
        None => None,
    };
    // Without a schema, fields keep the order given and customFieldList comes last (where
    // every SearchBasic declares it).
    let order_of = |name: &str| {
        positions(registry, &classes.record_type, join)
            .iter()
            .position(|p| p == name)
            .unwrap_or(if name == "customFieldList" {
                usize::MAX
            } else {
                usize::MAX - 1
            })
    };
    let known = schema::search_field(registry, version, &classes.record_type, join, field);
    let (kind, custom) = match known.as_ref().and_then(kind_of) {
        Some(k) => (explicit.unwrap_or(k), false),
        None if known.is_some() => {
            return Err(format!(
                "{path}.field: `{field}` cannot be used as a filter"
            ))
        }
        None if is_custom_field(field) => {
            let k = explicit
                .or_else(|| {
                    FieldKind::guess(criterion.operator.as_deref(), criterion.values.first())
                })
                .ok_or_else(|| {
                    format!(
                        "{path}.type: give the type of custom field `{field}` (string, long, \
                         double, date, boolean, select, enumMultiSelect)"
                    )
                })?;
            (k, true)
        }
        None if registry.is_some() => {
            let fields = positions(registry, &classes.record_type, join);
            let near: Vec<&String> = fields
                .iter()
                .filter(|n| {
                    n.to_ascii_lowercase().contains(&field.to_ascii_lowercase())
                        || field.to_ascii_lowercase().contains(&n.to_ascii_lowercase())
                })
                .take(5)
                .collect();
            let hint = if near.is_empty() {
                String::new()
            } else {
                format!(
                    "; did you mean {}?",
                    near.iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            return Err(format!(
                "{path}.field: `{field}` is not a search field of {}{}",
                join.unwrap_or(&classes.basic.name),
                hint
            ));
        }
        None => {
            let k = explicit
                .or_else(|| {
                    FieldKind::guess(criterion.operator.as_deref(), criterion.values.first())
                })
                .ok_or_else(|| {
                    format!(
                        "{path}.type: without a schema the type of `{field}` is unknown; give \
                         type (string, long, double, date, boolean, select, enumMultiSelect)"
                    )
                })?;
            (k, false)
        }
    };
    search_field::check(&format!("{path} ({field})"), kind, &criterion)?;
    if let (Some(range), Some(registry)) = (&criterion.predefined, registry) {
        check_predefined(registry, path, range)?;
    }
    let order = if custom {
        order_of("customFieldList")
    } else {
        order_of(field)
    };
    Ok(Resolved {
        join: join.map(str::to_string),
        field: field.to_string(),
        custom,
        kind,
        criterion,
        order,
    })
}

/// Checks a relative date range against the version's `SearchDate` enumeration: NetSuite
/// refuses the whole request for a value it does not know (`lastYear` is not one; its
/// `lastRollingYear`, `lastFiscalYear` and `previousOneYear` are).
fn check_predefined(registry: &SchemaRegistry, path: &str, range: &str) -> Result<(), String> {
    let Some(search_date) = registry.simple_types().iter().find(|t| {
        t.name == "SearchDate" && registry.namespace(t.ns).uri.starts_with("urn:types.core_")
    }) else {
        return Ok(());
    };
    if search_date.enumeration.iter().any(|v| v == range) {
        return Ok(());
    }
    let lower = range.to_ascii_lowercase();
    // The first four characters, not bytes: `aéé` must not be cut inside a character.
    let head: String = lower.chars().take(4).collect();
    let near: Vec<&str> = search_date
        .enumeration
        .iter()
        .filter(|v| {
            let v = v.to_ascii_lowercase();
            v.contains(&lower) || lower.contains(&v) || v.starts_with(&head)
        })
        .map(String::as_str)
        .take(6)
        .collect();
    Err(format!(
        "{path}.predefined: `{range}` is not a relative date range of SuiteTalk {}{}",
        registry.version(),
        if near.is_empty() {
            String::new()
        } else {
            format!("; did you mean {}?", near.join(", "))
        }
    ))
}

/// Applies the input document's parameters to the configured filters and appends its own
/// filters.
///
/// Input document: empty, `{}`, or `{"parameters": {"<name>": value, …}, "filters": [filter,
/// …]}`. A parameter's value replaces the value of every filter bound to it (an array gives
/// several values); an object `{"value", "value2", "predefined", "operator"}` sets those parts.
///
/// # Errors
/// Unknown keys, unknown parameters, a bound filter left without a value, malformed filters.
pub(crate) fn bind(
    configured: &[FilterSettings],
    input: &Value,
) -> Result<Vec<(Path, FilterSettings)>, String> {
    let obj = match input {
        Value::Object(o) => o,
        Value::Null => &serde_json::Map::new(),
        _ => {
            return Err(
                "the query document must be a JSON object such as {\"parameters\": {…}}".into(),
            )
        }
    };
    for key in obj.keys() {
        if key != "parameters" && key != "filters" {
            return Err(format!(
                "{key}: unknown; a query document has parameters and filters"
            ));
        }
    }
    let params = match obj.get("parameters") {
        None | Some(Value::Null) => serde_json::Map::new(),
        Some(Value::Object(p)) => p.clone(),
        Some(_) => return Err("parameters must be an object {\"name\": value}".into()),
    };
    let names: Vec<&str> = configured
        .iter()
        .filter_map(|f| f.parameter.as_deref())
        .collect();
    for key in params.keys() {
        if !names.contains(&key.as_str()) {
            return Err(format!(
                "parameters.{key}: no filter is bound to this parameter (bound: {})",
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            ));
        }
    }
    let mut out = Vec::new();
    for (i, f) in configured.iter().enumerate() {
        let mut f = f.clone();
        if let Some(name) = f.parameter.clone() {
            match params.get(&name) {
                Some(Value::Object(parts)) => {
                    for (k, v) in parts {
                        match k.as_str() {
                            "value" => f.value = Some(v.clone()),
                            "value2" => f.value2 = Some(v.clone()),
                            "predefined" => {
                                f.predefined = v.as_str().map(str::to_string);
                            }
                            "operator" => f.operator = v.as_str().map(str::to_string),
                            other => {
                                return Err(format!(
                                    "parameters.{name}.{other}: unknown; give value, value2, \
                                     predefined or operator"
                                ))
                            }
                        }
                    }
                }
                Some(v) => f.value = Some(v.clone()),
                None => {
                    let has_value = f.value.is_some() || f.predefined.is_some();
                    let op = f.operator.as_deref().unwrap_or("");
                    if !has_value && !matches!(op, "empty" | "notEmpty") {
                        return Err(format!(
                            "parameters.{name}: required (filter {} on {} has no value of its own)",
                            i, f.field
                        ));
                    }
                }
            }
        }
        out.push((format!("filters[{i}]"), f));
    }
    match obj.get("filters") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let f: FilterSettings =
                    serde_path_to_error::deserialize(item.clone()).map_err(|e| {
                        let at = e.path().to_string();
                        let at = if at == "." {
                            String::new()
                        } else {
                            format!(".{at}")
                        };
                        format!("filters[{i}]{at}: {}", e.inner())
                    })?;
                out.push((format!("document filters[{i}]"), f));
            }
        }
        Some(_) => return Err("filters must be an array of filters".into()),
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multi_byte_predefined_range_is_refused_without_panicking() {
        let reg = crate::schema::tests::reg("2023_2");
        for range in ["aéé", "é", "lastM€nth", "日本語の日付"] {
            let e = check_predefined(&reg, "filters[0]", range).unwrap_err();
            assert!(e.contains("is not a relative date range"), "{e}");
        }
        assert!(check_predefined(&reg, "filters[0]", "lastMonth").is_ok());
        let e = check_predefined(&reg, "f", "lastMo").unwrap_err();
        assert!(e.contains("did you mean"), "{e}");
    }
}
