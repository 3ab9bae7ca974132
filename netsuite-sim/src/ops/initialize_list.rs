//! initializeList: several initialize requests in one, answered in order, one `readResponse`
//! each; an item that cannot be initialized fails alone. NetSuite's limit of 100 items per
//! request is enforced.

use roxmltree::Node;

use super::initialize::build;
use super::response;
use super::{OpContext, OpResult};
use crate::faults::Fault;
use crate::store::elem::{child_named, children_named, Elem};
use crate::store::write::{write_record, WriteOptions};
use crate::store::xml::XmlOut;

/// Items per initializeList request.
const MAX_ITEMS: usize = 100;

pub(crate) fn initialize_list(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    const OP: &str = "initializeListResponse";
    let items: Vec<Node<'_, '_>> = children_named(body, "initializeRecord").collect();
    if items.is_empty() {
        return Err(Fault::user_error(
            "The initializeList request has no initializeRecord.",
        ));
    }
    if items.len() > MAX_ITEMS {
        return Err(Fault::exceeded_record_count(format!(
            "The maximum number of records allowed for initializeList is {MAX_ITEMS}; the request has {}.",
            items.len()
        )));
    }
    let mut out = XmlOut::new();
    response::open(&mut out, OP, ctx.version);
    out.start("readResponseList", &[]);
    for rec in items {
        let target = child_named(rec, "type")
            .and_then(|n| n.text())
            .unwrap_or("")
            .trim()
            .to_owned();
        let reference = child_named(rec, "reference").map(Elem::from_node);
        out.start("readResponse", &[]);
        match build(ctx, &target, reference.as_ref()) {
            Ok(record) => {
                response::status(&mut out, &[]);
                write_record(&mut out, "record", &record, WriteOptions::default());
            }
            Err(detail) => response::status(&mut out, &[detail]),
        }
        out.end("readResponse");
    }
    out.end("readResponseList");
    out.end(OP);
    Ok(out.finish())
}
