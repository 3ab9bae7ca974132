//! Writes stored records back as SuiteTalk XML: fields in XSD order, body fields in the record's
//! namespace, references and custom fields in `platformCore`, `xsi:type` on the record and on each
//! custom field. Fields outside the record's table, and empty values, are left out.
//!
//! The caller declares the prefixes (`platformCore`, `xsi` and every [`RECORD_NAMESPACES`]
//! prefix) on an enclosing element.
//!
//! [`RECORD_NAMESPACES`]: super::record::RECORD_NAMESPACES

use super::elem::{Elem, XSI_TYPE};
use super::record::{FieldKind, Record, Table};
use super::xml::XmlOut;

/// The `platformCore` prefix used for core elements.
pub(crate) const CORE: &str = "platformCore";

/// What to leave out of a written record.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WriteOptions {
    /// Leave out sublists (search `bodyFieldsOnly`).
    pub body_fields_only: bool,
}

/// Writes `<element internalId externalId xsi:type>fields…</element>`.
pub(crate) fn write_record(out: &mut XmlOut, element: &str, record: &Record, opts: WriteOptions) {
    let id = record.internal_id.to_string();
    let ns = record.kind.ns();
    let xsi_type = out.qname(ns.prefix, record.kind.class_name());
    let mut attrs: Vec<(&str, &str)> = Vec::with_capacity(3);
    if record.internal_id != 0 {
        // 0: an initialized record, not saved yet.
        attrs.push(("internalId", &id));
    }
    if let Some(ext) = &record.external_id {
        attrs.push(("externalId", ext));
    }
    attrs.push(("xsi:type", &xsi_type));
    out.start(element, &attrs);
    out.recycle(xsi_type);
    write_fields(out, ns.prefix, record.kind.table(), &record.fields, opts);
    out.end(element);
}

fn write_fields(
    out: &mut XmlOut,
    prefix: &str,
    table: &Table,
    fields: &[Elem],
    opts: WriteOptions,
) {
    let mut ordered: Vec<(usize, FieldKind, &Elem)> = fields
        .iter()
        .filter_map(|f| table.get(&f.name).map(|(pos, def)| (pos, def.kind, f)))
        .collect();
    ordered.sort_by_key(|(pos, _, _)| *pos);
    let mut last = usize::MAX;
    for (pos, kind, field) in ordered {
        if pos == last {
            continue; // a field given twice: the first one wins
        }
        last = pos;
        write_field(out, prefix, kind, field, opts);
    }
}

fn write_field(out: &mut XmlOut, prefix: &str, kind: FieldKind, field: &Elem, opts: WriteOptions) {
    let name = out.qname(prefix, &field.name);
    match kind {
        FieldKind::Simple(_) => {
            if !field.text.is_empty() {
                out.leaf(&name, &field.text);
            }
        }
        FieldKind::Ref => write_ref(out, &name, field, &["internalId", "externalId", "type"]),
        FieldKind::CustomFields => {
            if field
                .children
                .iter()
                .any(|c| custom_field_type(c).is_some())
            {
                out.start(&name, &[]);
                for cf in &field.children {
                    write_custom_field(out, cf);
                }
                out.end(&name);
            }
        }
        FieldKind::Lines(line) => {
            if !opts.body_fields_only {
                out.start(&name, &[]);
                let item = out.qname(prefix, "item");
                for line_elem in field.children.iter().filter(|c| &*c.name == "item") {
                    out.start(&item, &[]);
                    write_fields(out, prefix, line.table(), &line_elem.children, opts);
                    out.end(&item);
                }
                out.recycle(item);
                out.end(&name);
            }
        }
    }
    out.recycle(name);
}

/// A reference element with the allowed attributes and an optional `platformCore:name`.
pub(crate) fn write_ref(out: &mut XmlOut, name: &str, field: &Elem, allowed: &[&str]) {
    let attrs: Vec<(&str, &str)> = field
        .attrs
        .iter()
        .filter(|(k, v)| allowed.contains(&&**k) && !v.is_empty())
        .map(|(k, v)| (&**k, &**v))
        .collect();
    match field.child("name").filter(|n| !n.text.is_empty()) {
        Some(display) => {
            out.start(name, &attrs);
            out.leaf("platformCore:name", &display.text);
            out.end(name);
        }
        None => out.empty(name, &attrs),
    }
}

/// The `CustomFieldRef` subtype of a stored custom field, if it is one the simulator writes.
pub(crate) fn custom_field_type(cf: &Elem) -> Option<&'static str> {
    const TYPES: [&str; 7] = [
        "StringCustomFieldRef",
        "LongCustomFieldRef",
        "DoubleCustomFieldRef",
        "BooleanCustomFieldRef",
        "DateCustomFieldRef",
        "SelectCustomFieldRef",
        "MultiSelectCustomFieldRef",
    ];
    let ty = cf.attr(XSI_TYPE)?;
    let ty = TYPES.into_iter().find(|t| *t == ty)?;
    cf.child("value")?;
    Some(ty)
}

fn write_custom_field(out: &mut XmlOut, cf: &Elem) {
    let Some(ty) = custom_field_type(cf) else {
        return;
    };
    let xsi_type = out.qname(CORE, ty);
    let mut attrs: Vec<(&str, &str)> = Vec::with_capacity(3);
    for key in ["internalId", "scriptId"] {
        if let Some(v) = cf.attr(key) {
            attrs.push((key, v));
        }
    }
    attrs.push(("xsi:type", &xsi_type));
    out.start("platformCore:customField", &attrs);
    let list_valued = ty.starts_with("Select") || ty.starts_with("MultiSelect");
    let values: Vec<&Elem> = cf.children_named("value").collect();
    let values = if ty.starts_with("MultiSelect") {
        &values[..]
    } else {
        &values[..1]
    };
    for value in values {
        if list_valued {
            write_ref(
                out,
                "platformCore:value",
                value,
                &["internalId", "externalId", "typeId"],
            );
        } else {
            out.leaf("platformCore:value", &value.text);
        }
    }
    out.end("platformCore:customField");
    out.recycle(xsi_type);
}
