//! attach and detach: contacts to customers (`AttachContactReference`, or a basic reference
//! whose attached record is a contact) and files to records. Files are not stored; file internal
//! ids 1 to 50 exist in every account.

use roxmltree::Node;

use super::records::{ref_kind, resolve};
use super::response::{self, Detail};
use super::{OpContext, OpResult};
use crate::faults::Fault;
use crate::store::elem::{child_named, Elem};
use crate::store::record::RecordKind;
use crate::store::xml::XmlOut;

/// Files every account has (internal ids 1..=FILES).
const FILES: u64 = 50;
/// Attached files are kept under ids above every record family.
const FILE_ID_BASE: u64 = 90_000_000;

pub(crate) fn attach(body: Node<'_, '_>, ctx: &OpContext<'_>, attach: bool) -> OpResult {
    let (op, reference, to_name, what_names): (&str, &str, &str, &[&str]) = if attach {
        (
            "attach",
            "attachReference",
            "attachTo",
            &["attachedRecord", "contact"],
        )
    } else {
        (
            "detach",
            "detachReference",
            "detachFrom",
            &["detachedRecord", "contact"],
        )
    };
    let node = child_named(body, reference)
        .ok_or_else(|| Fault::user_error(format!("The {op} request has no {reference}.")))?;
    let to = child_named(node, to_name).map(Elem::from_node);
    let what = what_names
        .iter()
        .find_map(|n| child_named(node, n))
        .map(Elem::from_node);
    let (Some(to), Some(what)) = (to, what) else {
        return Err(Fault::user_error(format!(
            "The {reference} needs {to_name} and the record to {op}."
        )));
    };
    let element = format!("{op}Response");
    let mut out = XmlOut::new();
    response::open(&mut out, &element, ctx.version);
    out.start("writeResponse", &[]);
    let mut tx = ctx.store.write();
    let result = (|| {
        let target = resolve(&tx, &to)?;
        let attached = if what.attr("type") == Some("file") {
            let id = what
                .attr("internalId")
                .and_then(|v| v.parse::<u64>().ok())
                .filter(|n| (1..=FILES).contains(n));
            FILE_ID_BASE + id.ok_or_else(Detail::not_found)?
        } else {
            let kind = ref_kind(&what)?;
            let record = resolve(&tx, &what)?;
            if kind == RecordKind::Contact && target.kind != RecordKind::Customer {
                return Err(Detail::error(
                    "INVALID_KEY_OR_REF",
                    "Contacts can only be attached to customers here.",
                ));
            }
            record.internal_id
        };
        if attach {
            tx.attach(target.internal_id, attached);
        } else if !tx.detach(target.internal_id, attached) {
            return Err(Detail::error(
                "INVALID_KEY_OR_REF",
                "The record is not attached.",
            ));
        }
        Ok(target)
    })();
    match result {
        Ok(target) => {
            response::status(&mut out, &[]);
            response::record_ref(&mut out, "baseRef", &target);
        }
        Err(detail) => {
            response::status(&mut out, &[detail]);
            response::echo_ref(&mut out, "baseRef", &to);
        }
    }
    out.end("writeResponse");
    out.end(&element);
    Ok(out.finish())
}
