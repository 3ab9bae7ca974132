//! Request bodies of getAll, getItemAvailability, initializeList, getPostingTransactionSummary,
//! getBudgetExchangeRate, getSavedSearch and updateInviteeStatus(List), built from each
//! function's input document with the helpers of [`super::request`].

use serde_json::Value;

use super::request::{self, io_err, only, required, splice, text_of, write_ref, Built};
use crate::envelope::{self, XmlWriter};
use crate::schema::SchemaRegistry;

/// Record types getAll accepts (the XSD's GetAllRecordType, common to 2017.1 and 2023.2);
/// used when no schema is loaded. With a schema its own enumeration wins (2017.2 adds
/// salesTaxItem, taxGroup and taxType).
pub(crate) const GET_ALL_RECORD_TYPES: [&str; 18] = [
    "budgetCategory",
    "campaignAudience",
    "campaignCategory",
    "campaignChannel",
    "campaignFamily",
    "campaignOffer",
    "campaignSearchEngine",
    "campaignSubscription",
    "campaignVertical",
    "currency",
    "leadSource",
    "state",
    "supportCaseIssue",
    "supportCaseOrigin",
    "supportCasePriority",
    "supportCaseStatus",
    "supportCaseType",
    "taxAcct",
];

/// The enumeration of a core simpleType (`GetAllRecordType`, `SearchRecordType`) in the
/// registry, if the schema has it.
pub(crate) fn core_enumeration(
    registry: Option<&SchemaRegistry>,
    name: &str,
) -> Option<Vec<String>> {
    let reg = registry?;
    reg.simple_types()
        .iter()
        .find(|s| s.name == name && !s.enumeration.is_empty())
        .map(|s| s.enumeration.clone())
}

/// `getAll`: `{"recordType": "currency"}` → `<record recordType="currency"/>`.
pub(crate) fn get_all(json: &Value, registry: Option<&SchemaRegistry>) -> Built {
    only(json, &["recordType"], "{\"recordType\": \"currency\"}")?;
    let kind = text_of("recordType", required(json, "recordType")?)?;
    let accepted = core_enumeration(registry, "GetAllRecordType")
        .unwrap_or_else(|| GET_ALL_RECORD_TYPES.iter().map(|s| s.to_string()).collect());
    if !accepted.contains(&kind) {
        return Err(format!(
            "recordType: getAll does not accept `{kind}`; it accepts {}",
            accepted.join(", ")
        ));
    }
    let mut w = XmlWriter::new(Vec::new());
    w.create_element("platformMsgs:record")
        .with_attribute(("recordType", kind.as_str()))
        .write_empty()
        .map_err(io_err)?;
    Ok(w.into_inner())
}

/// A value that is one item or an array of them.
fn one_or_many<'a>(field: &str, v: &'a Value) -> Result<Vec<&'a Value>, String> {
    match v {
        Value::Array(items) if items.is_empty() => Err(format!("{field}: give at least one")),
        Value::Array(items) => Ok(items.iter().collect()),
        Value::Null => Err(format!("{field}: required")),
        v => Ok(vec![v]),
    }
}

/// Writes `<element><platformCore:recordRef …/>…</element>` (a RecordRefList).
fn write_ref_list(w: &mut XmlWriter, field: &str, element: &str, v: &Value) -> Result<(), String> {
    let mut inner = XmlWriter::new(Vec::new());
    for (i, r) in one_or_many(field, v)?.into_iter().enumerate() {
        write_ref(
            &mut inner,
            &format!("{field}[{i}]"),
            "platformCore:recordRef",
            None,
            &["internalId", "externalId", "type"],
            r,
        )?;
    }
    splice(w, element, None, inner.into_inner())
}

/// `getItemAvailability`: `{"item": ref | [ref], "lastQtyAvailableChange"?: dateTime}`.
pub(crate) fn item_availability_filter(json: &Value) -> Built {
    const EXPECTED: &str =
        "{\"item\": [{\"internalId\": \"42000001\", \"type\": \"inventoryItem\"}], \
                            \"lastQtyAvailableChange\"?: \"2024-01-01T00:00:00Z\"}";
    only(json, &["item", "lastQtyAvailableChange"], EXPECTED)?;
    let mut w = XmlWriter::new(Vec::new());
    write_ref_list(&mut w, "item", "platformCore:item", required(json, "item")?)?;
    if let Some(d) = json.get("lastQtyAvailableChange").filter(|v| !v.is_null()) {
        let d = text_of("lastQtyAvailableChange", d)?;
        envelope::text(&mut w, "platformCore:lastQtyAvailableChange", &d).map_err(io_err)?;
    }
    let mut out = XmlWriter::new(Vec::new());
    splice(
        &mut out,
        "platformMsgs:itemAvailabilityFilter",
        None,
        w.into_inner(),
    )?;
    Ok(out.into_inner())
}

/// The items of a list function's document: a JSON array, or an object holding the array
/// under `key` (NetSuite's element name).
fn list_items<'a>(json: &'a Value, key: &str, example: &str) -> Result<&'a [Value], String> {
    let items = match json {
        Value::Array(items) => items,
        Value::Object(o) => {
            only(json, &[key], example)?;
            o.get(key)
                .and_then(Value::as_array)
                .ok_or_else(|| format!("{key}: required, an array such as {example}"))?
        }
        _ => {
            return Err(format!(
                "the document must be an array or {{\"{key}\": [...]}}"
            ))
        }
    };
    if items.is_empty() {
        return Err(format!("{key}: give at least one"));
    }
    Ok(items)
}

/// Prefixes an item's message with its place in the list.
fn at(i: usize, key: &str) -> impl Fn(String) -> String + '_ {
    move |m| format!("{key}[{i}]: {m}")
}

/// `initializeList`: `[{"type", "reference", …}, …]` or `{"initializeRecord": [...]}`, each
/// item as `initialize` takes it.
pub(crate) fn initialize_list(json: &Value) -> Built {
    const KEY: &str = "initializeRecord";
    let items = list_items(
        json,
        KEY,
        "[{\"type\": \"invoice\", \"reference\": {\"type\": \"salesOrder\", \"internalId\": \"12\"}}]",
    )?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        out.extend(request::initialize(item).map_err(at(i, KEY))?);
    }
    Ok(out)
}

/// The segments of a posting transaction summary, in the XSD's order.
const POSTING_FIELDS: [&str; 10] = [
    "period",
    "account",
    "parentItem",
    "item",
    "entity",
    "department",
    "class",
    "location",
    "subsidiary",
    "book",
];

/// `getPostingTransactionSummary`: `{"fields": ["period", "account"] | {"period": true, …},
/// "filters"?: {"period": ref | [ref], …}}`; the page index is added per request.
pub(crate) fn posting_summary(json: &Value) -> Built {
    const EXPECTED: &str = "{\"fields\": [\"period\", \"account\"], \"filters\": {\"subsidiary\": \
                            [{\"internalId\": \"1\"}]}}";
    only(json, &["fields", "filters"], EXPECTED)?;
    let known = POSTING_FIELDS.join(", ");
    let mut chosen: Vec<&str> = Vec::new();
    match json.get("fields") {
        None | Some(Value::Null) => {}
        Some(Value::Array(names)) => {
            for (i, n) in names.iter().enumerate() {
                let n = n.as_str().unwrap_or("");
                let Some(f) = POSTING_FIELDS.iter().find(|f| **f == n) else {
                    return Err(format!(
                        "fields[{i}]: `{n}` is not a summary field; fields are {known}"
                    ));
                };
                chosen.push(f);
            }
        }
        Some(Value::Object(o)) => {
            for (k, v) in o {
                let Some(f) = POSTING_FIELDS.iter().find(|f| *f == k) else {
                    return Err(format!(
                        "fields.{k}: not a summary field; fields are {known}"
                    ));
                };
                match v {
                    Value::Bool(true) => chosen.push(f),
                    Value::Bool(false) => {}
                    _ => return Err(format!("fields.{k} must be true or false")),
                }
            }
        }
        Some(_) => return Err(format!("fields must be an array such as {EXPECTED}")),
    }
    if chosen.is_empty() {
        return Err(format!(
            "fields: name at least one field to summarize by ({known}), e.g. {EXPECTED}"
        ));
    }
    let filters = match json.get("filters") {
        None | Some(Value::Null) => None,
        Some(Value::Object(o)) => {
            for k in o.keys() {
                if !POSTING_FIELDS.contains(&k.as_str()) {
                    return Err(format!(
                        "filters.{k}: not a summary field; fields are {known}"
                    ));
                }
            }
            Some(o)
        }
        Some(_) => return Err(format!("filters must be an object such as {EXPECTED}")),
    };
    let mut fields = XmlWriter::new(Vec::new());
    for f in POSTING_FIELDS.iter().filter(|f| chosen.contains(f)) {
        envelope::text(&mut fields, &format!("platformCore:{f}"), "true").map_err(io_err)?;
    }
    let mut out = XmlWriter::new(Vec::new());
    splice(&mut out, "platformMsgs:fields", None, fields.into_inner())?;
    if let Some(filters) = filters {
        let mut inner = XmlWriter::new(Vec::new());
        for f in POSTING_FIELDS {
            if let Some(v) = filters.get(f).filter(|v| !v.is_null()) {
                write_ref_list(
                    &mut inner,
                    &format!("filters.{f}"),
                    &format!("platformCore:{f}"),
                    v,
                )?;
            }
        }
        splice(&mut out, "platformMsgs:filters", None, inner.into_inner())?;
    }
    Ok(out.into_inner())
}

/// `getBudgetExchangeRate`: `{"period": ref, "fromSubsidiary"?: ref, "toSubsidiary"?: ref}`.
pub(crate) fn budget_exchange_rate_filter(json: &Value) -> Built {
    const EXPECTED: &str = "{\"period\": {\"internalId\": \"1\"}, \"fromSubsidiary\": \
                            {\"internalId\": \"3\"}, \"toSubsidiary\": {\"internalId\": \"1\"}}";
    only(
        json,
        &["period", "fromSubsidiary", "toSubsidiary"],
        EXPECTED,
    )?;
    required(json, "period")?;
    let attrs = ["internalId", "externalId", "type"];
    let mut w = XmlWriter::new(Vec::new());
    for name in ["period", "fromSubsidiary", "toSubsidiary"] {
        if let Some(r) = json.get(name).filter(|v| !v.is_null()) {
            write_ref(
                &mut w,
                name,
                &format!("platformCore:{name}"),
                None,
                &attrs,
                r,
            )?;
        }
    }
    let mut out = XmlWriter::new(Vec::new());
    splice(
        &mut out,
        "platformMsgs:budgetExchangeRateFilter",
        None,
        w.into_inner(),
    )?;
    Ok(out.into_inner())
}

/// The getSavedSearch `searchType` of a record type: the search class's name (`salesOrder` →
/// `transaction`, `inventoryItem` → `item`) when the schema knows the record type, else the
/// record type as given (`customer`).
pub(crate) fn search_type(registry: Option<&SchemaRegistry>, record_type: &str) -> String {
    let from_class = registry
        .and_then(|r| r.search_classes(record_type))
        .and_then(|c| {
            let local = c.search.name.strip_suffix("Search")?;
            let mut chars = local.chars();
            let first = chars.next()?;
            Some(first.to_ascii_lowercase().to_string() + chars.as_str())
        });
    from_class.unwrap_or_else(|| record_type.to_string())
}

/// `getSavedSearch`: `{"recordType": "customer"}` → `<record searchType="customer"/>`.
pub(crate) fn saved_search_record(json: &Value, registry: Option<&SchemaRegistry>) -> Built {
    only(json, &["recordType"], "{\"recordType\": \"customer\"}")?;
    let kind = text_of("recordType", required(json, "recordType")?)?;
    let search_type = search_type(registry, &kind);
    if let Some(accepted) = core_enumeration(registry, "SearchRecordType") {
        if !accepted.contains(&search_type) {
            return Err(format!(
                "recordType: `{kind}` has no saved searches; search types are {}",
                accepted.join(", ")
            ));
        }
    }
    let mut w = XmlWriter::new(Vec::new());
    w.create_element("platformMsgs:record")
        .with_attribute(("searchType", search_type.as_str()))
        .write_empty()
        .map_err(io_err)?;
    Ok(w.into_inner())
}

/// CalendarEventAttendeeResponse values, without NetSuite's leading underscore.
const RESPONSES: [&str; 4] = ["accepted", "declined", "noResponse", "tentative"];

/// One `updateInviteeStatusReference`: `{"eventId": ref, "responseCode": "accepted"}`.
fn invitee_reference(w: &mut XmlWriter, json: &Value) -> Result<(), String> {
    const EXPECTED: &str = "{\"eventId\": {\"internalId\": \"1\"}, \"responseCode\": \"accepted\"}";
    only(json, &["eventId", "responseCode"], EXPECTED)?;
    let code = text_of("responseCode", required(json, "responseCode")?)?;
    let bare = code.trim_start_matches('_');
    if !RESPONSES.contains(&bare) {
        return Err(format!(
            "responseCode: `{code}` is not a response; give one of {}",
            RESPONSES.join(", ")
        ));
    }
    let mut inner = XmlWriter::new(Vec::new());
    write_ref(
        &mut inner,
        "eventId",
        "platformCore:eventId",
        None,
        &["internalId", "externalId", "type"],
        required(json, "eventId")?,
    )?;
    envelope::text(&mut inner, "platformCore:responseCode", &format!("_{bare}")).map_err(io_err)?;
    splice(
        w,
        "platformMsgs:updateInviteeStatusReference",
        None,
        inner.into_inner(),
    )
}

/// `updateInviteeStatus`: one reference.
pub(crate) fn invitee_status(json: &Value) -> Built {
    let mut w = XmlWriter::new(Vec::new());
    invitee_reference(&mut w, json)?;
    Ok(w.into_inner())
}

/// `updateInviteeStatusList`: `[{"eventId", "responseCode"}, …]` or
/// `{"updateInviteeStatusReference": [...]}`.
pub(crate) fn invitee_status_list(json: &Value) -> Built {
    const KEY: &str = "updateInviteeStatusReference";
    let items = list_items(
        json,
        KEY,
        "[{\"eventId\": {\"internalId\": \"1\"}, \"responseCode\": \"accepted\"}]",
    )?;
    let mut w = XmlWriter::new(Vec::new());
    for (i, item) in items.iter().enumerate() {
        invitee_reference(&mut w, item).map_err(at(i, KEY))?;
    }
    Ok(w.into_inner())
}
