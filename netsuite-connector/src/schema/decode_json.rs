//! The typed record decoder of [`decode`](super::decode), writing JSON text straight into a
//! buffer instead of building a `serde_json::Value` first: the query path emits one document
//! per record, and skipping the intermediate tree roughly halves the decoder's cost.
//!
//! The output is the JSON text of [`decode_record`] for the same record, one key per name
//! (unit and property tests check it). Elements in schema order, repeats adjacent, as every
//! XSD sequence makes them, are written in one pass; an element whose names do not each make
//! one run (a field repeated apart from its first run, an element named like an attribute)
//! is detected on the way and rewritten from the value decoder, so hostile input costs more,
//! never a duplicate key. Without a registry, or for a record whose `xsi:type` the registry
//! does not know, it serialises the schemaless reader's value.

use roxmltree::Node;

use super::decode::{self, builtin_value, decode_record, element_value};
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
    let start = out.len();
    let mut w = Json { out };
    w.out.push(b'{');
    w.key("recordType", true);
    w.string(&ct.name);
    if complex_members(&mut w, reg, record, ct, false, "recordType").is_none() {
        w.out.truncate(start);
        let _ = serde_json::to_writer(&mut *w.out, &decode_record(registry, record));
        return;
    }
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
/// when members were written before. Returns whether members are still to come first, or
/// `None` when a name does not make one run: repeated apart (`a, b, a`), shared by an
/// attribute and an element, or `reserved`, the key the caller writes beside the members.
/// The value decoder gathers such names under one key; the caller drops what was written and
/// writes its value instead. Elements in schema order are checked by their position alone,
/// which keeps the common case as cheap as before; only elements the schema does not know
/// are compared by name.
fn complex_members(
    w: &mut Json<'_>,
    reg: &SchemaRegistry,
    node: Node<'_, '_>,
    ct: &ComplexType,
    first: bool,
    reserved: &str,
) -> Option<bool> {
    let mut first = first;
    let mut attributes = false;
    for a in node.attributes() {
        if a.namespace().is_none() {
            if a.name() == reserved {
                return None;
            }
            attributes = true;
            w.key(a.name(), first);
            first = false;
            match ct.attribute(a.name()) {
                Some(attr) => w.scalar(reg, &attr.type_name, a.value()),
                None => w.string(a.value()),
            }
        }
    }
    let mut last_position: Option<u32> = None;
    let mut child = node.first_element_child();
    while let Some(c) = child {
        let name = c.tag_name().name();
        if name == reserved || (attributes && attribute_named(node, name)) {
            return None;
        }
        let field = match ct.index.get(name) {
            Some(&position) => {
                if last_position.is_some_and(|last| position <= last) {
                    return None;
                }
                last_position = Some(position);
                ct.fields.get(position as usize)
            }
            None => {
                let mut before = c.prev_sibling_element();
                while let Some(b) = before {
                    if b.tag_name().name() == name {
                        return None;
                    }
                    before = b.prev_sibling_element();
                }
                None
            }
        };
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
    Some(first)
}

fn attribute_named(node: Node<'_, '_>, name: &str) -> bool {
    node.attributes()
        .any(|a| a.namespace().is_none() && a.name() == name)
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
    let start = w.out.len();
    if let Some(st) = &ct.simple_content {
        if !node.attributes().any(|a| a.namespace().is_none()) {
            w.scalar(reg, st, node.text().unwrap_or(""));
            return;
        }
        w.out.push(b'{');
        if let Some(first) = complex_members(w, reg, node, ct, true, "value") {
            w.key("value", first);
            w.scalar(reg, st, node.text().unwrap_or(""));
            w.out.push(b'}');
            return;
        }
    } else {
        w.out.push(b'{');
        if complex_members(w, reg, node, ct, true, "").is_some() {
            w.out.push(b'}');
            return;
        }
    }
    // A name that does not make one run (see complex_members): the value decoder's answer.
    w.out.truncate(start);
    let _ = serde_json::to_writer(&mut *w.out, &element_value(reg, node, t));
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
