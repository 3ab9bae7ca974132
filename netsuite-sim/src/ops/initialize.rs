//! initialize: a new, unsaved record prefilled from another one — an invoice or a sales order
//! from a customer, an invoice from a sales order. A reference that does not exist, or is not
//! of the kind named, answers INVALID_INITIALIZE_REF as NetSuite words it.

use roxmltree::Node;

use super::records::resolve;
use super::response::{self, Detail};
use super::{OpContext, OpResult};
use crate::faults::Fault;
use crate::store::elem::{child_named, Elem};
use crate::store::record::{Record, RecordKind};
use crate::store::write::{write_record, WriteOptions};
use crate::store::xml::XmlOut;

pub(crate) fn initialize(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    let rec = child_named(body, "initializeRecord")
        .ok_or_else(|| Fault::user_error("The initialize request has no initializeRecord."))?;
    let target = child_named(rec, "type")
        .and_then(|n| n.text())
        .unwrap_or("")
        .trim()
        .to_owned();
    let reference = child_named(rec, "reference").map(Elem::from_node);
    let result = build(ctx, &target, reference.as_ref());
    let mut out = XmlOut::new();
    response::open(&mut out, "initializeResponse", ctx.version);
    out.start("readResponse", &[]);
    match result {
        Ok(record) => {
            response::status(&mut out, &[]);
            write_record(&mut out, "record", &record, WriteOptions::default());
        }
        Err(detail) => response::status(&mut out, &[detail]),
    }
    out.end("readResponse");
    out.end("initializeResponse");
    Ok(out.finish())
}

pub(crate) fn build(
    ctx: &OpContext<'_>,
    target: &str,
    reference: Option<&Elem>,
) -> Result<Record, Detail> {
    let kind = match target {
        "invoice" => RecordKind::Invoice,
        "salesOrder" => RecordKind::SalesOrder,
        _ => {
            return Err(Detail::error(
                "INVALID_INITIALIZE_REF",
                format!("You can not initialize {target}: the simulator initializes only invoice and salesOrder."),
            ))
        }
    };
    let Some(reference) = reference else {
        return Err(Detail::error(
            "INVALID_INITIALIZE_REF",
            format!("You can not initialize {target}: missing reference."),
        ));
    };
    let key = reference
        .attr("internalId")
        .or(reference.attr("externalId"))
        .unwrap_or("")
        .to_owned();
    let invalid = || {
        Detail::error(
            "INVALID_INITIALIZE_REF",
            format!("You can not initialize {target}: invalid reference {key}."),
        )
    };
    let from_kind = reference
        .attr("type")
        .and_then(RecordKind::from_type_name)
        .ok_or_else(invalid)?;
    let allowed = matches!(
        (kind, from_kind),
        (
            RecordKind::Invoice,
            RecordKind::SalesOrder | RecordKind::Customer
        ) | (RecordKind::SalesOrder, RecordKind::Customer)
    );
    if !allowed {
        return Err(invalid());
    }
    let view = ctx.store.read();
    let source = resolve(&view, reference).map_err(|_| invalid())?;
    let mut record = Record {
        kind,
        internal_id: 0,
        external_id: None,
        fields: Vec::new(),
    };
    let today = crate::store::dates::format(ctx.now);
    record.set(Elem::leaf("tranDate", today));
    match from_kind {
        RecordKind::Customer => {
            record.set(source.reference("entity"));
            copy(
                &source,
                &mut record,
                &["subsidiary", "salesRep", "currency"],
            );
        }
        _ => {
            record.set(source.reference("createdFrom"));
            copy(&source, &mut record, &["entity", "subsidiary", "total"]);
            if let Some(items) = source.field("itemList") {
                let lines = items
                    .children
                    .iter()
                    .map(|line| Elem {
                        children: line
                            .children
                            .iter()
                            .filter(|f| matches!(&*f.name, "item" | "quantity" | "rate" | "amount"))
                            .cloned()
                            .collect(),
                        ..line.clone()
                    })
                    .collect();
                record.set(Elem {
                    name: "itemList".into(),
                    children: lines,
                    ..Elem::default()
                });
            }
        }
    }
    Ok(record)
}

fn copy(from: &Record, to: &mut Record, fields: &[&str]) {
    for name in fields {
        if let Some(f) = from.field(name) {
            to.set(f.clone());
        }
    }
}
