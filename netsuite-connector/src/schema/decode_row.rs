//! Search rows (`searchRowList/searchRow`, e.g. `listRel:CustomerSearchRow`) to JSON: one
//! object per row, nothing of the row left out.
//!
//! - The `basic` columns at the top level, each join's columns under the join's element name
//!   (`contactJoin`).
//! - A column is its `searchValue` (typed with a schema, by its look without), an array when
//!   the column repeats or the value does (multi-select), `null` when it has none.
//! - A column with a `customLabel` (a saved search's label, the only way to tell repeated
//!   columns of one field apart) is `{"searchValue": …, "customLabel": "…"}` instead.
//! - Custom columns under `customFieldList`, keyed by scriptId (internalId when there is no
//!   scriptId), each `{"internalId", "scriptId", "searchValue"}` plus `customLabel` when it has
//!   one.
//! - Custom record joins under `customSearchJoin`, always an array (a row may join several
//!   custom record types): `{"customizationRef": {"internalId", "scriptId", "name"?},
//!   "searchRowBasic": {columns as above, with the custom record's `recType`}}`.
//! - Anything else a row holds (a reference such as `recType`, an element this schema does not
//!   know) is read as records are; one key per element name, repeats as one array.
//!
//! ```json
//! {"entityId": "ACME", "internalId": {"internalId": "12"}, "balance": 10.5,
//!  "email": [{"searchValue": "a@acme.example", "customLabel": "Billing"},
//!            {"searchValue": "a@acme.example", "customLabel": "Shipping"}],
//!  "customFieldList": {"custentity_tier": {"internalId": "106", "scriptId": "custentity_tier",
//!                                          "searchValue": {"internalId": "3", "name": "Gold"}}},
//!  "contactJoin": {"email": "b@acme.example"},
//!  "customSearchJoin": [{"customizationRef": {"internalId": "501", "scriptId": "custrecord_client"},
//!                        "searchRowBasic": {"recType": {"internalId": "100"}, "name": "Project 1"}}]}
//! ```

use roxmltree::Node;
use serde_json::{Map, Value};

use super::decode::{element_value, insert_repeat, plain_value, xsi_complex};
use super::model::{ComplexType, SchemaRegistry, TypeName};
use crate::record_json;

/// The element of a row holding one custom record join.
const CUSTOM_SEARCH_JOIN: &str = "customSearchJoin";

/// One search row to JSON (shape in the module doc).
pub(crate) fn decode_search_row(registry: Option<&SchemaRegistry>, row: Node<'_, '_>) -> Value {
    let row_type = registry.and_then(|r| xsi_complex(r, row));
    let mut out = Map::new();
    for group in row.children().filter(Node::is_element) {
        let name = group.tag_name().name();
        let declared = match (registry, row_type) {
            (Some(reg), Some(rt)) => rt.field(name).and_then(|f| reg.complex_of(&f.type_name)),
            _ => None,
        };
        if name == CUSTOM_SEARCH_JOIN {
            let join = custom_search_join(registry, group, declared);
            insert_repeat(&mut out, name, join, true);
            continue;
        }
        let group_type = declared.or_else(|| registry.and_then(|r| xsi_complex(r, group)));
        let columns = row_group(registry, group, group_type);
        if name == "basic" {
            for (k, v) in columns {
                insert_repeat(&mut out, &k, v, false);
            }
        } else {
            insert_repeat(&mut out, name, Value::Object(columns), false);
        }
    }
    Value::Object(out)
}

/// `{"customizationRef": {...}, "searchRowBasic": {columns}}`; `join_type` is
/// `CustomSearchRowBasic` when the schema knows it.
fn custom_search_join(
    registry: Option<&SchemaRegistry>,
    join: Node<'_, '_>,
    join_type: Option<&ComplexType>,
) -> Value {
    let mut obj = Map::new();
    for part in join.children().filter(Node::is_element) {
        let name = part.tag_name().name();
        let value = if name == "searchRowBasic" {
            // Abstract in the schema: the instance names its type (CustomRecordSearchRowBasic).
            let t = registry.and_then(|r| xsi_complex(r, part));
            Value::Object(row_group(registry, part, t))
        } else {
            let declared = join_type.and_then(|t| t.field(name)).map(|f| &f.type_name);
            not_a_column(registry, part, declared)
        };
        insert_repeat(&mut obj, name, value, false);
    }
    Value::Object(obj)
}

/// The columns of one group (`basic`, a join, a custom join's `searchRowBasic`).
fn row_group(
    registry: Option<&SchemaRegistry>,
    group: Node<'_, '_>,
    group_type: Option<&ComplexType>,
) -> Map<String, Value> {
    let mut cols = Map::new();
    for col in group.children().filter(Node::is_element) {
        let name = col.tag_name().name();
        if name == "customFieldList" {
            let custom = match cols.get_mut(name) {
                Some(Value::Object(m)) => std::mem::take(m),
                _ => Map::new(),
            };
            let custom = custom_columns(registry, col, custom);
            cols.insert(name.to_string(), Value::Object(custom));
            continue;
        }
        let field = group_type.and_then(|gt| gt.field(name));
        let col_type = match (registry, field) {
            (Some(reg), Some(f)) => reg.complex_of(&f.type_name),
            _ => None,
        };
        let v = match (field, col_type) {
            // A declared field that is not a column (`recType`).
            (Some(f), t) if t.is_none_or(|t| t.field("searchValue").is_none()) => {
                not_a_column(registry, col, Some(&f.type_name))
            }
            (Some(_), t) => column_value(registry, col, t),
            (None, _) if looks_like_column(col) => column_value(registry, col, None),
            (None, _) => not_a_column(registry, col, None),
        };
        insert_repeat(&mut cols, name, v, false);
    }
    cols
}

/// Without a schema: a column holds `searchValue`s and a `customLabel`, or nothing at all.
fn looks_like_column(col: Node<'_, '_>) -> bool {
    !col.attributes().any(|a| a.namespace().is_none())
        && col
            .children()
            .filter(Node::is_element)
            .all(|c| matches!(c.tag_name().name(), "searchValue" | "customLabel"))
}

/// An element of a row that is not a column: typed by its declared type when known, else as
/// records are read without a schema.
fn not_a_column(
    registry: Option<&SchemaRegistry>,
    node: Node<'_, '_>,
    declared: Option<&TypeName>,
) -> Value {
    let v = match (registry, declared) {
        (Some(reg), Some(t)) => element_value(reg, node, t),
        _ => plain_value(node, record_json::record_to_json(node)),
    };
    without_record_type(v)
}

/// Custom columns added to `custom`, keyed by scriptId (else internalId).
fn custom_columns(
    registry: Option<&SchemaRegistry>,
    list: Node<'_, '_>,
    mut custom: Map<String, Value>,
) -> Map<String, Value> {
    for cf in list.children().filter(Node::is_element) {
        let key = cf
            .attribute("scriptId")
            .or_else(|| cf.attribute("internalId"))
            .unwrap_or("")
            .to_string();
        let mut obj = Map::new();
        for a in cf.attributes().filter(|a| a.namespace().is_none()) {
            obj.insert(a.name().to_string(), Value::String(a.value().to_string()));
        }
        let t = registry.and_then(|r| xsi_complex(r, cf));
        obj.insert("searchValue".into(), search_values(registry, cf, t));
        if let Some(label) = custom_label(cf) {
            obj.insert("customLabel".into(), Value::String(label.to_string()));
        }
        insert_repeat(&mut custom, &key, Value::Object(obj), false);
    }
    custom
}

/// The column's label, when the search gave it one.
fn custom_label<'a>(col: Node<'a, '_>) -> Option<&'a str> {
    col.children()
        .find(|c| c.is_element() && c.tag_name().name() == "customLabel")
        .map(|c| c.text().unwrap_or(""))
}

/// A column's value, with its label when it has one (module doc).
fn column_value(
    registry: Option<&SchemaRegistry>,
    col: Node<'_, '_>,
    col_type: Option<&ComplexType>,
) -> Value {
    let value = search_values(registry, col, col_type);
    match custom_label(col) {
        Some(label) => {
            let mut obj = Map::new();
            obj.insert("searchValue".into(), value);
            obj.insert("customLabel".into(), Value::String(label.to_string()));
            Value::Object(obj)
        }
        None => value,
    }
}

/// A column's `searchValue`(s), typed when the column type is known.
fn search_values(
    registry: Option<&SchemaRegistry>,
    col: Node<'_, '_>,
    col_type: Option<&ComplexType>,
) -> Value {
    let value_field = col_type.and_then(|c| c.field("searchValue"));
    let values: Vec<Value> = col
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "searchValue")
        .map(|v| match (registry, value_field) {
            (Some(reg), Some(f)) => element_value(reg, v, &f.type_name),
            (Some(_), None) => plain_value(v, record_json::record_to_json(v)),
            // Schemaless: typed by look, as records are.
            (None, _) => match plain_value(v, record_json::record_to_json(v)) {
                Value::String(text) => record_json::infer_scalar(&text),
                other => other,
            },
        })
        .map(without_record_type)
        .collect();
    match values.len() {
        0 => Value::Null,
        1 if !value_field.is_some_and(|f| f.max_occurs.is_many()) => {
            values.into_iter().next().unwrap_or(Value::Null)
        }
        _ => Value::Array(values),
    }
}

/// A reference read schemaless carries the `recordType` of its `xsi:type`: not row data.
fn without_record_type(v: Value) -> Value {
    match v {
        Value::Object(mut m) => {
            m.remove("recordType");
            Value::Object(m)
        }
        other => other,
    }
}
