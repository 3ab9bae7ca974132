//! updateInviteeStatus and updateInviteeStatusList: the integration user answers an invitation
//! to one of the account's calendar events (`store::seed_lists::EVENTS`). An unknown event is
//! RCRD_DSNT_EXIST for that item alone; a response code outside CalendarEventAttendeeResponse is
//! INVALID_FLD_VALUE. NetSuite's limit of 100 items per list request is enforced.
//!
//! The answer is not kept: the simulator has no calendarEvent records to read it back from.

use roxmltree::Node;

use super::response::{self, Detail};
use super::{OpContext, OpResult};
use crate::faults::Fault;
use crate::store::elem::{child_named, children_named};
use crate::store::seed_lists::EVENTS;
use crate::store::xml::XmlOut;

/// Items per updateInviteeStatusList request.
const MAX_ITEMS: usize = 100;

const RESPONSES: [&str; 4] = ["_accepted", "_declined", "_noResponse", "_tentative"];

/// Writes one `writeResponse` for an `updateInviteeStatusReference`.
fn answer(out: &mut XmlOut, reference: Node<'_, '_>) {
    let event = child_named(reference, "eventId");
    let id = event
        .and_then(|e| e.attribute("internalId"))
        .unwrap_or("")
        .trim()
        .to_owned();
    let code = child_named(reference, "responseCode")
        .and_then(|n| n.text())
        .unwrap_or("")
        .trim();
    let known = EVENTS.iter().any(|(e, _)| e.to_string() == id);
    out.start("writeResponse", &[]);
    if !RESPONSES.contains(&code) {
        response::status(
            out,
            &[Detail::error(
                "INVALID_FLD_VALUE",
                format!("You have entered an invalid response code: {code}."),
            )],
        );
    } else if known {
        response::status(out, &[]);
    } else {
        response::status(out, &[Detail::not_found()]);
    }
    if !id.is_empty() {
        out.empty(
            "baseRef",
            &[
                ("internalId", &id),
                ("type", "calendarEvent"),
                ("xsi:type", "platformCore:RecordRef"),
            ],
        );
    }
    out.end("writeResponse");
}

pub(crate) fn update_invitee_status(
    body: Node<'_, '_>,
    ctx: &OpContext<'_>,
    list: bool,
) -> OpResult {
    let refs: Vec<Node<'_, '_>> = children_named(body, "updateInviteeStatusReference").collect();
    let op = if list {
        "updateInviteeStatusList"
    } else {
        "updateInviteeStatus"
    };
    if refs.is_empty() {
        return Err(Fault::user_error(format!(
            "The {op} request has no updateInviteeStatusReference."
        )));
    }
    let max = if list { MAX_ITEMS } else { 1 };
    if refs.len() > max {
        return Err(Fault::exceeded_record_count(format!(
            "The maximum number of records allowed for {op} is {max}; the request has {}.",
            refs.len()
        )));
    }
    let element = format!("{op}Response");
    let mut out = XmlOut::new();
    response::open(&mut out, &element, ctx.version);
    if list {
        out.start("writeResponseList", &[]);
    }
    for r in refs {
        answer(&mut out, r);
    }
    if list {
        out.end("writeResponseList");
    }
    out.end(&element);
    Ok(out.finish())
}
