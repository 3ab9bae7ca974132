//! The typed record decoder of [`decode`](super::decode), writing JSON text straight into a
//! buffer instead of building a `serde_json::Value` first: the query path emits one document
//! per record, and skipping the intermediate tree roughly halves the decoder's cost.
//!
//! The output is the JSON text of [`decode_record`] for the same record
//! (a test checks it), given that repeated elements are adjacent, as every XSD sequence makes
//! them. Without a registry, or for a record whose `xsi:type` the registry does not know, it
//! serialises the schemaless reader's value.

use roxmltree::Node;

use super::decode::{self, builtin_value, complex_into, decode_record, element_value};
use super::model::{ComplexType, SchemaRegistry, TypeName};
use crate::ns::XSI;
use crate::record_json;

/// Appends the JSON text of one record to `out`.
pub fn write_record_json(
    registry: Option<&SchemaRegistry>,
    record: Node<'_, '_>,
    out: &mut Vec<u8>,
) {
    let ct = registry.and_then(|reg| xsi_complex(reg, record).map(|ct| (reg, ct)));
    let Some((reg, ct)) = ct else {
        let value = decode_record(registry, record);
        // Writing a Value into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, &value);
        return;
    };
    if !one_run_per_name(record, ct, "recordType") {
        let _ = serde_json::to_writer(&mut *out, &decode_record(registry, record));
        return;
    }
    let mut w = Json { out };
    w.out.push(b'{');
    w.key("recordType", true);
    w.string(&ct.name);
    complex_members(&mut w, reg, record, ct, false, true);
    w.out.push(b'}');
}

struct Json<'a> {
    out: &'a mut Vec<u8>,
}

impl Json<'_> {
    fn key(&mut self, name: &str, first: bool) {
        if !first {
            self.out.push(b',');
        }
        self.string(name);
        self.out.push(b':');
    }

    fn string(&mut self, s: &str) {
        // serde_json's escaping, the same as Value's.
        let _ = serde_json::to_writer(&mut *self.out, s);
    }

    fn scalar(&mut self, reg: &SchemaRegistry, t: &TypeName, text: &str) {
        let mut t = t;
        for _ in 0..8 {
            if reg.is_builtin(t) {
                match &*t.name {
                    "string" | "dateTime" | "date" | "anyURI" | "time" => self.string(text),
                    xsd => {
                        let _ = serde_json::to_writer(&mut *self.out, &builtin_value(xsd, text));
                    }
                }
                return;
            }
            match reg.simple_type(t.ns, &t.name) {
                Some(s) if s.enumeration.is_empty() => match &s.base {
                    Some(b) => t = b,
                    None => break,
                },
                _ => break,
            }
        }
        self.string(text);
    }
}

fn xsi_complex<'r>(reg: &'r SchemaRegistry, node: Node<'_, '_>) -> Option<&'r ComplexType> {
    let t = node.attribute((XSI, "type"))?;
    let (prefix, local) = match t.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, t),
    };
    let uri = node.lookup_namespace_uri(prefix)?;
    reg.complex_type_by_uri(uri, local)
}

/// Attributes and child elements of `node` as members of an open object; `first` is false
/// when members were written before.
fn complex_members(
    w: &mut Json<'_>,
    reg: &SchemaRegistry,
    node: Node<'_, '_>,
    ct: &ComplexType,
    first: bool,
    checked: bool,
) -> bool {
    let mut first = first;
    if !checked && !one_run_per_name(node, ct, "") {
        // A name repeated apart (`a, b, a`), or shared by an attribute and an element: the
        // value decoder gathers each name under one key, so its members are written here.
        let mut obj = serde_json::Map::new();
        complex_into(reg, node, ct, &mut obj);
        for (k, v) in &obj {
            w.key(k, first);
            first = false;
            let _ = serde_json::to_writer(&mut *w.out, v);
        }
        return first;
    }
    for a in node.attributes() {
        if a.namespace().is_none() {
            w.key(a.name(), first);
            first = false;
            match ct.attribute(a.name()) {
                Some(attr) => w.scalar(reg, &attr.type_name, a.value()),
                None => w.string(a.value()),
            }
        }
    }
    let mut child = node.first_element_child();
    while let Some(c) = child {
        let name = c.tag_name().name();
        // The run of adjacent elements with this name.
        let mut len = 1;
        let mut next = c.next_sibling_element();
        while let Some(n) = next.filter(|n| n.tag_name().name() == name) {
            len += 1;
            next = n.next_sibling_element();
        }
        child = next;
        w.key(name, first);
        first = false;
        let field = ct.field(name);
        let many = field.is_some_and(|f| f.max_occurs.is_many()) || len > 1;
        if many {
            w.out.push(b'[');
        }
        let mut el = Some(c);
        for i in 0..len {
            let Some(e) = el else { break };
            if i > 0 {
                w.out.push(b',');
            }
            match field {
                Some(f) => element(w, reg, e, &f.type_name),
                None => unknown(w, e),
            }
            el = e.next_sibling_element();
        }
        if many {
            w.out.push(b']');
        }
    }
    first
}

fn attribute_named(node: Node<'_, '_>, name: &str) -> bool {
    node.attributes()
        .any(|a| a.namespace().is_none() && a.name() == name)
}

/// True when each attribute and element name of `node` makes one run (so one JSON key).
/// Elements in schema order are checked by their position alone, which is what keeps the
/// common case cheap; only elements the schema does not know are compared by name.
/// `reserved` is a key written beside the members (`recordType`), which must not be one.
fn one_run_per_name(node: Node<'_, '_>, ct: &ComplexType, reserved: &str) -> bool {
    let attribute = |name: &str| {
        name == reserved
            || node
                .attributes()
                .any(|a| a.namespace().is_none() && a.name() == name)
    };
    if !reserved.is_empty() && attribute_named(node, reserved) {
        return false;
    }
    let mut last_position: Option<u32> = None;
    let mut previous: Option<Node<'_, '_>> = None;
    let mut child = node.first_element_child();
    while let Some(c) = child {
        child = c.next_sibling_element();
        let name = c.tag_name().name();
        if previous.is_some_and(|p| p.tag_name().name() == name) {
            continue;
        }
        previous = Some(c);
        if attribute(name) {
            return false;
        }
        match ct.index.get(name) {
            Some(&position) => {
                if last_position.is_some_and(|last| position <= last) {
                    return false;
                }
                last_position = Some(position);
            }
            None => {
                let mut before = c.prev_sibling_element();
                while let Some(b) = before {
                    if b.tag_name().name() == name {
                        return false;
                    }
                    before = b.prev_sibling_element();
                }
            }
        }
    }
    true
}

/// An element the schema does not know: the schemaless reader's value, a leaf as its text.
fn unknown(w: &mut Json<'_>, el: Node<'_, '_>) {
    let leaf =
        !el.children().any(|c| c.is_element()) && !el.attributes().any(|a| a.namespace().is_none());
    if leaf {
        w.string(el.text().unwrap_or(""));
        return;
    }
    let mut v = record_json::record_to_json(el);
    if let serde_json::Value::Object(m) = &mut v {
        if m.len() == 1 && m.contains_key("recordType") {
            m.remove("recordType");
        }
    }
    let _ = serde_json::to_writer(&mut *w.out, &v);
}

fn element(w: &mut Json<'_>, reg: &SchemaRegistry, node: Node<'_, '_>, t: &TypeName) {
    if node.attribute((XSI, "nil")) == Some("true") {
        w.out.extend_from_slice(b"null");
        return;
    }
    let ct = xsi_complex(reg, node).or_else(|| reg.complex_of(t));
    let Some(ct) = ct else {
        w.scalar(reg, t, node.text().unwrap_or(""));
        return;
    };
    if ct.name == "CustomFieldList" && Some(ct.ns) == reg.core_ns() {
        w.out.push(b'[');
        for (i, c) in node.children().filter(Node::is_element).enumerate() {
            if i > 0 {
                w.out.push(b',');
            }
            custom_field(w, reg, c);
        }
        w.out.push(b']');
        return;
    }
    if let Some(st) = &ct.simple_content {
        if node.first_element_child().is_some() {
            // Not valid for a simple content type; its `value` key could clash.
            let _ = serde_json::to_writer(&mut *w.out, &element_value(reg, node, t));
            return;
        }
        if !node.attributes().any(|a| a.namespace().is_none()) {
            w.scalar(reg, st, node.text().unwrap_or(""));
            return;
        }
        w.out.push(b'{');
        let first = complex_members(w, reg, node, ct, true, false);
        w.key("value", first);
        w.scalar(reg, st, node.text().unwrap_or(""));
        w.out.push(b'}');
        return;
    }
    w.out.push(b'{');
    complex_members(w, reg, node, ct, true, false);
    w.out.push(b'}');
}

fn custom_field(w: &mut Json<'_>, reg: &SchemaRegistry, node: Node<'_, '_>) {
    if attribute_named(node, "type") || attribute_named(node, "value") {
        // Keys the decoder writes itself: the value decoder's answer.
        let _ = serde_json::to_writer(&mut *w.out, &decode::custom_field(reg, node));
        return;
    }
    w.out.push(b'{');
    let mut first = true;
    for a in node.attributes() {
        if a.namespace().is_none() {
            w.key(a.name(), first);
            first = false;
            w.string(a.value());
        }
    }
    if let Some(t) = node.attribute((XSI, "type")) {
        w.key("type", first);
        first = false;
        w.string(t.rsplit(':').next().unwrap_or(t));
    }
    let value_field = xsi_complex(reg, node).and_then(|c| c.field("value"));
    let values: Vec<Node<'_, '_>> = node
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "value")
        .collect();
    w.key("value", first);
    let many = value_field.is_some_and(|f| f.max_occurs.is_many()) || values.len() > 1;
    if many {
        w.out.push(b'[');
    }
    if values.is_empty() && !many {
        w.out.extend_from_slice(b"null");
    }
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            w.out.push(b',');
        }
        match value_field {
            Some(f) => element(w, reg, *v, &f.type_name),
            None => {
                let _ = serde_json::to_writer(&mut *w.out, &record_json::record_to_json(*v));
            }
        }
    }
    if many {
        w.out.push(b']');
    }
    w.out.push(b'}');
}

/// Appends the JSON text of one search row (see [`decode_search_row`](super::decode_search_row)):
/// rows are small and varied, so they go through the value decoder.
pub(crate) fn write_search_row_json(
    registry: Option<&SchemaRegistry>,
    row: Node<'_, '_>,
    out: &mut Vec<u8>,
) {
    let value = super::decode_row::decode_search_row(registry, row);
    let _ = serde_json::to_writer(&mut *out, &value);
}
