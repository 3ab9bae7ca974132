//! What NetSuite checks of a written record before anything else, against its schema: an
//! element the record type does not declare, and a value that is not of the field's type.
//!
//! NetSuite reads a request with Axis: an element its schema does not declare cannot be read,
//! so the whole request fails with a SOAP fault naming the element (`Invalid element in
//! com.netsuite.webservices.lists.relationships_2023_2.Customer - favouriteColour`). A value
//! of the wrong type for a field (`lots` for a double) refuses that record only, with status
//! detail `INVALID_FLD_VALUE`.
//!
//! The simulator knows the fields of its tables. Serving its own schema, those are all the
//! fields there are, so any other element is unknown. Serving an official schema folder, a
//! field outside a table may be NetSuite's (addresses, other sublists): such a field is not
//! refused there, only dropped, as before.

use super::response::Detail;
use crate::faults::Fault;
use crate::store::elem::{Elem, XSI_TYPE};
use crate::store::record::{FieldKind, RecordKind, Table, ValueType};
use crate::version::Version;

/// The fault for the first element of `records` that its record type does not declare.
pub(super) fn unknown_element(records: &[Elem], version: Version) -> Result<(), Fault> {
    for sent in records {
        let Some(kind) = RecordKind::from_class_name(sent.attr(XSI_TYPE).unwrap_or("")) else {
            continue; // refused per record (INVALID_RCRD_TYPE)
        };
        let ns = kind.ns();
        let class = |name: &str| {
            format!(
                "com.netsuite.webservices.{}.{}_{}.{name}",
                ns.area,
                ns.name,
                version.tag()
            )
        };
        for field in sent.children.iter().filter(|f| &*f.name != "nullFieldList") {
            let Some((_, def)) = kind.table().get(&field.name) else {
                return Err(Fault::invalid_element(
                    &class(kind.class_name()),
                    &field.name,
                ));
            };
            if let FieldKind::Lines(line) = def.kind {
                for item in &field.children {
                    if &*item.name != "item" {
                        return Err(Fault::invalid_element(
                            &class(&format!("{}List", line.class_name())),
                            &item.name,
                        ));
                    }
                    if let Some(bad) = item
                        .children
                        .iter()
                        .find(|f| line.table().get(&f.name).is_none())
                    {
                        return Err(Fault::invalid_element(&class(line.class_name()), &bad.name));
                    }
                }
            }
        }
    }
    Ok(())
}

/// `INVALID_FLD_VALUE` for each field of a record whose value is not of its type: simple
/// fields, references given as text, the fields of sublist lines, and typed custom fields.
pub(super) fn invalid_values(kind: RecordKind, fields: &[Elem]) -> Vec<Detail> {
    let mut errors = Vec::new();
    check_fields(kind.table(), fields, &mut errors);
    errors
}

fn check_fields(table: &Table, fields: &[Elem], errors: &mut Vec<Detail>) {
    for field in fields {
        let Some((_, def)) = table.get(&field.name) else {
            continue;
        };
        match def.kind {
            FieldKind::Simple(ty) => {
                if !field.children.is_empty() || !ty.accepts(&field.text) {
                    errors.push(invalid(&field.name, &field.text));
                }
            }
            FieldKind::Ref => {
                if !field.text.trim().is_empty() {
                    errors.push(invalid(&field.name, &field.text));
                }
            }
            FieldKind::Lines(line) => {
                for item in &field.children {
                    check_fields(line.table(), &item.children, errors);
                }
            }
            FieldKind::CustomFields => {
                for cf in &field.children {
                    let ty = match cf.attr(XSI_TYPE) {
                        Some("LongCustomFieldRef") => ValueType::Long,
                        Some("DoubleCustomFieldRef") => ValueType::Double,
                        Some("BooleanCustomFieldRef") => ValueType::Boolean,
                        Some("DateCustomFieldRef") => ValueType::DateTime,
                        _ => continue,
                    };
                    if let Some(value) = cf.child("value").filter(|v| !ty.accepts(&v.text)) {
                        let name = cf
                            .attr("scriptId")
                            .or(cf.attr("internalId"))
                            .unwrap_or("customField");
                        errors.push(invalid(name, &value.text));
                    }
                }
            }
        }
    }
}

/// NetSuite's words for a value of the wrong type.
fn invalid(field: &str, value: &str) -> Detail {
    Detail::error(
        "INVALID_FLD_VALUE",
        format!("You have entered an Invalid Field Value {value} for the following field: {field}"),
    )
}
