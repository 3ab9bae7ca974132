//! SuiteTalk XML records to JSON documents.
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
//! Search rows are [`decode_row`](super::decode_row)'s.

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
pub(super) fn xsi_complex<'r>(
    reg: &'r SchemaRegistry,
    node: Node<'_, '_>,
) -> Option<&'r ComplexType> {
    let t = node.attribute((XSI, "type"))?;
    let (prefix, local) = match t.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, t),
    };
    let uri = node.lookup_namespace_uri(prefix)?;
    reg.complex_type_by_uri(uri, local)
}

pub(super) fn complex_into(
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
pub(super) fn plain_value(node: Node<'_, '_>, v: Value) -> Value {
    let leaf = !node.children().any(|c| c.is_element())
        && !node.attributes().any(|a| a.namespace().is_none());
    if leaf {
        Value::String(node.text().unwrap_or("").to_string())
    } else {
        v
    }
}

pub(super) fn insert_repeat(obj: &mut Map<String, Value>, name: &str, value: Value, many: bool) {
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
pub(super) fn element_value(reg: &SchemaRegistry, node: Node<'_, '_>, t: &TypeName) -> Value {
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
pub(super) fn custom_field(reg: &SchemaRegistry, node: Node<'_, '_>) -> Value {
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
