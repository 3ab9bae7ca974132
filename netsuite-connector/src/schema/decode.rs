//! SuiteTalk XML records and search rows to JSON documents.
//!
//! Records keep the shape of [`record_json`] (the schemaless reader), so a
//! decoded record can be sent back through [`encode_record`](super::encode_record):
//! `"recordType"` is the complexType (`"Customer"`), attributes are keys, references are
//! `{"internalId", "externalId"?, "type"?, "name"?}`, `customFieldList` is an array of
//! `{"scriptId", "internalId", "type": "StringCustomFieldRef", "value"}`. With a registry,
//! values are typed (`xsd:long`/`int`/`double` become JSON numbers, `xsd:boolean` booleans,
//! dates stay strings) and every element the schema declares repeatable is an array, even with
//! one item (`"addressbookList": {"addressbook": [{...}]}`). Elements the schema does not know
//! (a newer server) are read schemaless rather than dropped.
//!
//! Search rows (`searchRowList/searchRow`, e.g. `listRel:CustomerSearchRow`) become one flat-ish
//! object: the `basic` columns at the top level, each join's columns under the join element
//! name, custom columns under `customFieldList` keyed by scriptId:
//!
//! ```json
//! {"entityId": "ACME", "internalId": {"internalId": "12"}, "balance": 10.5,
//!  "customFieldList": {"custentity_tier": "gold"},
//!  "contactJoin": {"email": "a@acme.example"}}
//! ```
//!
//! A column's value is its `searchValue` (an array when it repeats); a `customLabel` is dropped.

use roxmltree::Node;
use serde_json::{Map, Number, Value};

use super::model::{ComplexType, SchemaRegistry, TypeName};
use crate::ns::XSI;
use crate::record_json;

/// One record element to JSON; schemaless when `registry` is `None` or does not know the
/// record's `xsi:type`.
pub fn decode_record(registry: Option<&SchemaRegistry>, record: Node<'_, '_>) -> Value {
    let Some(reg) = registry else {
        return record_json::record_to_json(record);
    };
    let Some(ct) = xsi_complex(reg, record) else {
        return record_json::record_to_json(record);
    };
    let mut obj = Map::new();
    obj.insert("recordType".into(), Value::String(ct.name.clone()));
    complex_into(reg, record, ct, &mut obj);
    Value::Object(obj)
}

/// The complexType named by a node's `xsi:type`.
fn xsi_complex<'r>(reg: &'r SchemaRegistry, node: Node<'_, '_>) -> Option<&'r ComplexType> {
    let t = node.attribute((XSI, "type"))?;
    let (prefix, local) = match t.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, t),
    };
    let uri = node.lookup_namespace_uri(prefix)?;
    reg.complex_type_by_uri(uri, local)
}

fn complex_into(
    reg: &SchemaRegistry,
    node: Node<'_, '_>,
    ct: &ComplexType,
    obj: &mut Map<String, Value>,
) {
    for a in node.attributes() {
        if a.namespace().is_none() {
            obj.insert(
                a.name().to_string(),
                attribute_value(reg, ct, a.name(), a.value()),
            );
        }
    }
    for child in node.children().filter(Node::is_element) {
        let name = child.tag_name().name();
        let Some(f) = ct.field(name) else {
            // Unknown to this schema: keep it, read without types.
            let v = record_json::record_to_json(child);
            let v = match v {
                Value::Object(mut m) if m.len() == 1 && m.contains_key("recordType") => {
                    m.remove("recordType");
                    Value::Object(m)
                }
                other => other,
            };
            insert_repeat(obj, name, plain_value(child, v), false);
            continue;
        };
        let value = element_value(reg, child, &f.type_name);
        insert_repeat(obj, name, value, f.max_occurs.is_many());
    }
}

/// For unknown elements: record_json's shape, but a leaf stays its text.
fn plain_value(node: Node<'_, '_>, v: Value) -> Value {
    let leaf = !node.children().any(|c| c.is_element())
        && !node.attributes().any(|a| a.namespace().is_none());
    if leaf {
        Value::String(node.text().unwrap_or("").to_string())
    } else {
        v
    }
}

fn insert_repeat(obj: &mut Map<String, Value>, name: &str, value: Value, many: bool) {
    match obj.get_mut(name) {
        Some(Value::Array(items)) if many => items.push(value),
        Some(existing) => {
            let first = existing.take();
            *existing = match first {
                Value::Array(mut items) => {
                    items.push(value);
                    Value::Array(items)
                }
                one => Value::Array(vec![one, value]),
            };
        }
        None if many => {
            obj.insert(name.to_string(), Value::Array(vec![value]));
        }
        None => {
            obj.insert(name.to_string(), value);
        }
    }
}

fn attribute_value(reg: &SchemaRegistry, ct: &ComplexType, name: &str, text: &str) -> Value {
    match ct.attribute(name) {
        Some(a) => typed_scalar(reg, &a.type_name, text),
        None => Value::String(text.to_string()),
    }
}

/// The JSON of one element of declared type `t` (or of its `xsi:type`).
fn element_value(reg: &SchemaRegistry, node: Node<'_, '_>, t: &TypeName) -> Value {
    if node.attribute((XSI, "nil")) == Some("true") {
        return Value::Null;
    }
    let ct = xsi_complex(reg, node).or_else(|| reg.complex_of(t));
    let Some(ct) = ct else {
        return typed_scalar(reg, t, node.text().unwrap_or(""));
    };
    if ct.name == "CustomFieldList" && reg.namespace(ct.ns).prefix == "platformCore" {
        return Value::Array(
            node.children()
                .filter(Node::is_element)
                .map(|c| custom_field(reg, c))
                .collect(),
        );
    }
    let mut obj = Map::new();
    if let Some(st) = &ct.simple_content {
        let v = typed_scalar(reg, st, node.text().unwrap_or(""));
        if !node.attributes().any(|a| a.namespace().is_none()) {
            return v;
        }
        complex_into(reg, node, ct, &mut obj);
        obj.insert("value".into(), v);
        return Value::Object(obj);
    }
    complex_into(reg, node, ct, &mut obj);
    Value::Object(obj)
}

/// `{"scriptId", "internalId", "type": "StringCustomFieldRef", "value"}`, the value typed.
fn custom_field(reg: &SchemaRegistry, node: Node<'_, '_>) -> Value {
    let mut obj = Map::new();
    for a in node.attributes() {
        if a.namespace().is_none() {
            obj.insert(a.name().to_string(), Value::String(a.value().to_string()));
        }
    }
    let ct = xsi_complex(reg, node);
    if let Some(t) = node.attribute((XSI, "type")) {
        let local = t.rsplit(':').next().unwrap_or(t);
        obj.insert("type".into(), Value::String(local.to_string()));
    }
    let value_field = ct.and_then(|c| c.field("value"));
    let values: Vec<Value> = node
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "value")
        .map(|c| match value_field {
            Some(f) => element_value(reg, c, &f.type_name),
            None => record_json::record_to_json(c),
        })
        .collect();
    let many = value_field.is_some_and(|f| f.max_occurs.is_many());
    let value = if many || values.len() > 1 {
        Value::Array(values)
    } else {
        values.into_iter().next().unwrap_or(Value::Null)
    };
    obj.insert("value".into(), value);
    Value::Object(obj)
}

/// Text typed by its simple type: integers and doubles as numbers, booleans as booleans,
/// everything else (dates, enumerations, strings) as text. Text that does not parse stays text.
pub(crate) fn typed_scalar(reg: &SchemaRegistry, t: &TypeName, text: &str) -> Value {
    let mut t = t;
    for _ in 0..8 {
        if reg.is_builtin(t) {
            return builtin_value(&t.name, text);
        }
        match reg.simple_type(t.ns, &t.name) {
            Some(s) if s.enumeration.is_empty() => match &s.base {
                Some(b) => t = b,
                None => break,
            },
            _ => break,
        }
    }
    Value::String(text.to_string())
}

/// A value of an XSD built-in type.
pub(crate) fn builtin_value(xsd: &str, text: &str) -> Value {
    let trimmed = text.trim();
    match xsd {
        "long" | "int" | "integer" | "short" | "byte" | "unsignedInt" | "unsignedLong"
        | "unsignedShort" | "nonNegativeInteger" | "positiveInteger" => trimmed
            .parse::<i64>()
            .map(|n| Value::Number(n.into()))
            .unwrap_or_else(|_| Value::String(text.to_string())),
        "double" | "float" | "decimal" => trimmed
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(text.to_string())),
        "boolean" => match trimmed {
            "true" | "1" => Value::Bool(true),
            "false" | "0" => Value::Bool(false),
            _ => Value::String(text.to_string()),
        },
        _ => Value::String(text.to_string()),
    }
}

/// One search row (`searchRow xsi:type="listRel:CustomerSearchRow"`) to JSON (shape in the
/// module doc).
pub(crate) fn decode_search_row(registry: Option<&SchemaRegistry>, row: Node<'_, '_>) -> Value {
    let row_type = registry.and_then(|r| xsi_complex(r, row));
    let mut out = Map::new();
    for group in row.children().filter(Node::is_element) {
        let name = group.tag_name().name();
        let group_type = match (registry, row_type) {
            (Some(reg), Some(rt)) => rt
                .field(name)
                .and_then(|f| reg.complex_of(&f.type_name))
                .or_else(|| xsi_complex(reg, group)),
            (Some(reg), None) => xsi_complex(reg, group),
            _ => None,
        };
        let columns = row_group(registry, group, group_type);
        if name == "basic" {
            for (k, v) in columns {
                out.insert(k, v);
            }
        } else {
            out.insert(name.to_string(), Value::Object(columns));
        }
    }
    Value::Object(out)
}

fn row_group(
    registry: Option<&SchemaRegistry>,
    group: Node<'_, '_>,
    group_type: Option<&ComplexType>,
) -> Map<String, Value> {
    let mut cols = Map::new();
    for col in group.children().filter(Node::is_element) {
        let name = col.tag_name().name();
        if name == "customFieldList" {
            let mut custom = Map::new();
            for cf in col.children().filter(Node::is_element) {
                let key = cf
                    .attribute("scriptId")
                    .or_else(|| cf.attribute("internalId"))
                    .unwrap_or("")
                    .to_string();
                let t = registry.and_then(|r| xsi_complex(r, cf));
                custom.insert(key, column_value(registry, cf, t));
            }
            cols.insert(name.to_string(), Value::Object(custom));
            continue;
        }
        let col_type = match (registry, group_type) {
            (Some(reg), Some(gt)) => gt.field(name).and_then(|f| reg.complex_of(&f.type_name)),
            _ => None,
        };
        let v = column_value(registry, col, col_type);
        insert_repeat(&mut cols, name, v, false);
    }
    cols
}

/// A column's `searchValue`(s), typed when the column type is known.
fn column_value(
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
        .map(|v| match v {
            Value::Object(mut m) => {
                m.remove("recordType");
                Value::Object(m)
            }
            other => other,
        })
        .collect();
    match values.len() {
        0 => Value::Null,
        1 if !value_field.is_some_and(|f| f.max_occurs.is_many()) => {
            values.into_iter().next().unwrap_or(Value::Null)
        }
        _ => Value::Array(values),
    }
}
