//! Safe create retries (issue 11, item 3): what a Create does when NetSuite may have applied an
//! addList whose answer was lost (a reset or timeout after sending, a truncated body, a
//! gateway's 502/504), and with inputs the host marks `possibly_applied` (a resumed run).
//!
//! An externalId is unique per record type, so a record that carries one can be sent again
//! safely: NetSuite refuses a second record with it (a duplicate code,
//! `FaultCode::is_duplicate`),
//! and on that refusal the record is looked up by externalId (getList) and reported SUCCESS
//! with its ref, code [`RECONCILED`]. If the lookup finds nothing, the add's own result
//! stands. Only records without an externalId end FAILURE `MAYBE_APPLIED`, and only they are
//! left out of the resend (the batch is split, never given up whole).
//!
//! Not here: the classification of what "may have been applied" means (`retry`).

use connector_sdk::{Cancellation, Document, Outcome, OutcomeStatus, Results};
use serde_json::{json, Value};

use super::driver::{Answer, ListCall};
use super::{list, outcome};
use crate::client::{CallOptions, Client};
use crate::error::Error;
use crate::parse::{self, response};
use crate::retry;

/// The outcome code of a create reconciled with the record already in NetSuite.
pub(crate) const RECONCILED: &str = "RECONCILED";

/// What a record is looked up by: its externalId, and for a custom record its type's id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Key {
    /// The record's externalId.
    pub(crate) external_id: String,
    /// A custom record's type (`CustomRecordRef/@typeId`); `None` for other records.
    pub(crate) type_id: Option<String>,
}

/// One create as prepared for a request: the record's XML and its lookup key, if it has an
/// externalId.
#[derive(Clone, Debug)]
pub(crate) struct Prepared {
    /// The `platformMsgs:record` fragment.
    pub(crate) xml: Vec<u8>,
    /// The record's key.
    pub(crate) key: Option<Key>,
}

impl AsRef<[u8]> for Prepared {
    fn as_ref(&self) -> &[u8] {
        &self.xml
    }
}

/// True when the host marked `doc` as possibly sent before (`{"possibly_applied": true}`).
pub(crate) fn is_possibly_applied(doc: &Document) -> bool {
    if doc.properties.is_empty() {
        return false;
    }
    serde_json::from_str::<Value>(&doc.properties)
        .ok()
        .and_then(|p| p.get(connector_sdk::payload::POSSIBLY_APPLIED)?.as_bool())
        .unwrap_or(false)
}

/// The externalId of an input document: a JSON record's `externalId`, or a raw XML record's
/// `externalId` attribute.
pub(crate) fn external_id_of(doc: &Document) -> Option<String> {
    let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    match serde_json::from_slice::<Value>(&doc.data) {
        Ok(v) => match v.get("externalId")? {
            Value::String(s) => text(s),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        },
        Err(_) => {
            let xml = std::str::from_utf8(&doc.data).ok()?;
            let parsed = roxmltree::Document::parse(xml).ok()?;
            let root = parsed.root_element();
            root.attribute("externalId").and_then(text)
        }
    }
}

/// The outcome of a create found in NetSuite by its externalId.
pub(crate) fn reconciled(found: &Value, why: &str) -> Outcome {
    let mut o = Outcome::new(
        OutcomeStatus::Success,
        RECONCILED,
        &format!("{why}; the record was found in NetSuite by its externalId and not created again"),
    );
    o.detail_json = json!({ "reconciled": true, "reason": why, "record": found })
        .to_string()
        .into();
    o
}

/// Looks records up by externalId (one getList; a custom record by `CustomRecordRef` with its
/// type's id): per key, the record's ref when it exists.
///
/// # Errors
/// The getList failed as a whole, or NetSuite answered a different number of records.
pub(crate) fn lookup(
    client: &Client,
    record_type: &str,
    keys: &[&Key],
    cancel: &Cancellation,
) -> Result<Vec<Option<Value>>, Error> {
    let options = CallOptions {
        record_type: Some(record_type),
        count: keys.len(),
        ..CallOptions::default()
    };
    let response = client.call("getList", options, cancel, &|w| {
        w.create_element("platformMsgs:getList")
            .write_inner_content(|w| {
                for key in keys {
                    let el = w.create_element("platformMsgs:baseRef");
                    let el = match &key.type_id {
                        Some(type_id) => el
                            .with_attribute(("xsi:type", "platformCore:CustomRecordRef"))
                            .with_attribute(("externalId", key.external_id.as_str()))
                            .with_attribute(("typeId", type_id.as_str())),
                        None => el
                            .with_attribute(("xsi:type", "platformCore:RecordRef"))
                            .with_attribute(("externalId", key.external_id.as_str()))
                            .with_attribute(("type", record_type)),
                    };
                    el.write_empty()?;
                }
                Ok(())
            })?;
        Ok(())
    })?;
    let mut found = response.read(|body| {
        let list = parse::child(body, "readResponseList").ok_or("no readResponseList")?;
        let mut found = Vec::new();
        for rr in list
            .children()
            .filter(|n| n.is_element() && n.tag_name().name() == "readResponse")
        {
            let ok = response::status(rr).is_some_and(|s| s.is_success);
            let record = parse::child(rr, "record").filter(|_| ok);
            found.push(record.and_then(|r| {
                let internal = r.attribute("internalId")?;
                let mut v = json!({ "internalId": internal });
                if let Some(ext) = r.attribute("externalId") {
                    v["externalId"] = ext.into();
                }
                Some(v)
            }));
        }
        Ok(found)
    })?;
    if found.len() != keys.len() {
        return Err(Error::Parse(format!(
            "NetSuite answered {} records for {} externalIds",
            found.len(),
            keys.len()
        )));
    }
    // The ref as a write's output shows it: `type` (or a custom record's `typeId`).
    for (v, key) in found.iter_mut().zip(keys) {
        if let Some(v) = v {
            match &key.type_id {
                Some(t) => v["typeId"] = t.as_str().into(),
                None => v["type"] = record_type.into(),
            }
        }
    }
    Ok(found)
}

/// Reports the documents of an addList whose answer was lost (`error`, which may have been
/// applied): records without an externalId end FAILURE `MAYBE_APPLIED`; the others are sent
/// again and reconciled (see the module doc): once, and again while the answer is lost, up to
/// the connection's Number of Retries. When the add sent again gets no answer at all, its
/// records end `MAYBE_APPLIED` too.
#[allow(clippy::too_many_arguments)]
pub(crate) fn resolve_lost(
    client: &Client,
    call: &ListCall<'_>,
    indexes: &[usize],
    items: &[Prepared],
    error: Error,
    results: &mut dyn Results,
    cancel: &Cancellation,
) {
    let lost = outcome::of_request_error(error);
    let mut resend = Vec::new();
    for (&i, item) in indexes.iter().zip(items) {
        match item.key {
            Some(_) => resend.push((i, item.clone())),
            None => call.error_responses.failed(results, i, lost.clone()),
        }
    }
    let mut rounds = client.settings().retries.max(1);
    while !resend.is_empty() {
        tracing::warn!(
            operation = call.operation,
            records = resend.len(),
            "sending again the records with an externalId whose answer was lost"
        );
        match send_again(client, call, &resend, cancel) {
            Ok(answers) => return report(client, call, resend, answers, results, cancel),
            Err(e) if retry::class(&e).may_be_applied() && rounds > 1 => rounds -= 1,
            Err(e) => {
                // No answer to the add sent again (lost again, refused, cancelled): whether
                // the first one was applied is still unknown.
                tracing::warn!(code = %e.code(), "the add sent again got no answer either");
                for (i, _) in resend {
                    call.error_responses.failed(results, i, lost.clone());
                }
                return;
            }
        }
    }
}

fn send_again(
    client: &Client,
    call: &ListCall<'_>,
    items: &[(usize, Prepared)],
    cancel: &Cancellation,
) -> Result<Vec<Answer>, Error> {
    let options = CallOptions {
        record_type: Some(call.record_type),
        count: items.len(),
        ..call.options
    };
    let fragments: Vec<&[u8]> = items.iter().map(|(_, p)| p.xml.as_slice()).collect();
    let element = format!("platformMsgs:{}", call.operation);
    let decoded = client
        .call(call.operation, options, cancel, &|w| {
            list::write_fragments(w, &element, &fragments, &[])
        })?
        .read(list::decode_write_response_list)?;
    if decoded.answers.len() != items.len() {
        return Err(Error::Parse(format!(
            "NetSuite answered {} results for {} records",
            decoded.answers.len(),
            items.len()
        )));
    }
    Ok(decoded.answers)
}

/// Reports the answers of a resend; duplicates are looked up and reconciled.
fn report(
    client: &Client,
    call: &ListCall<'_>,
    items: Vec<(usize, Prepared)>,
    answers: Vec<Answer>,
    results: &mut dyn Results,
    cancel: &Cancellation,
) {
    let mut duplicates = Vec::new();
    for ((i, item), answer) in items.into_iter().zip(answers) {
        let duplicate = !answer.status.is_success
            && answer
                .status
                .first_problem()
                .is_some_and(|d| d.code.is_duplicate());
        match item.key {
            Some(key) if duplicate => duplicates.push((i, key, answer)),
            _ => call.error_responses.answered(results, i, answer),
        }
    }
    reconcile_duplicates(
        client,
        call,
        duplicates,
        "the answer to the add was lost and the add sent again was refused as a duplicate",
        results,
        cancel,
    );
}

/// Looks up `duplicates` by externalId: found → SUCCESS `RECONCILED` with the ref as output;
/// not found (or the lookup failed) → the add's own answer.
pub(crate) fn reconcile_duplicates(
    client: &Client,
    call: &ListCall<'_>,
    duplicates: Vec<(usize, Key, Answer)>,
    why: &str,
    results: &mut dyn Results,
    cancel: &Cancellation,
) {
    if duplicates.is_empty() {
        return;
    }
    let keys: Vec<&Key> = duplicates.iter().map(|(_, k, _)| k).collect();
    let found = match lookup(client, call.record_type, &keys, cancel) {
        Ok(found) => found,
        Err(e) => {
            tracing::warn!(code = %e.code(), "could not look the duplicates up by externalId");
            vec![None; duplicates.len()]
        }
    };
    for ((i, _, answer), found) in duplicates.into_iter().zip(found) {
        match found {
            Some(r) => {
                results.output(i, Document::json(r.to_string()));
                results.outcome(i, reconciled(&r, why));
            }
            None => call.error_responses.answered(results, i, answer),
        }
    }
}
