//! Execute request bodies, built from each function's input document.
//!
//! Every builder checks the document and writes the children of the operation element into
//! a fresh buffer (quick-xml), so an invalid document fails alone, before anything is sent,
//! with a message that names the field.

use std::io;

use serde_json::Value;

use super::super::search_field::{self, Criterion, FieldKind};
use crate::envelope::{self, XmlWriter};

pub(super) type Built = Result<Vec<u8>, String>;

pub(super) fn io_err(e: io::Error) -> String {
    format!("could not write the request: {e}")
}

pub(super) fn object<'a>(
    json: &'a Value,
    expected: &str,
) -> Result<&'a serde_json::Map<String, Value>, String> {
    json.as_object()
        .ok_or_else(|| format!("the document must be a JSON object: {expected}"))
}

/// Refuses fields a function does not know, naming them.
pub(super) fn only(json: &Value, known: &[&str], expected: &str) -> Result<(), String> {
    for key in object(json, expected)?.keys() {
        if !known.contains(&key.as_str()) {
            return Err(format!(
                "{key}: unknown field; this function takes {}",
                known.join(", ")
            ));
        }
    }
    Ok(())
}

pub(super) fn text_of(field: &str, v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        Value::Number(n) => Ok(n.to_string()),
        _ => Err(format!("{field} must be non-empty text or a number")),
    }
}

/// Writes a reference: `"42"` / `42` is an internal id; an object may carry `internalId`,
/// `externalId`, `type`, `typeId`, `scriptId` (those in `attrs`).
pub(super) fn write_ref(
    w: &mut XmlWriter,
    field: &str,
    element: &str,
    xsi_type: Option<&str>,
    attrs: &[&str],
    v: &Value,
) -> Result<(), String> {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    match v {
        Value::String(_) | Value::Number(_) => pairs.push(("internalId", text_of(field, v)?)),
        Value::Object(o) => {
            for key in o.keys() {
                if !attrs.contains(&key.as_str()) && key != "name" {
                    return Err(format!(
                        "{field}.{key}: unknown; a reference has {}",
                        attrs.join(", ")
                    ));
                }
            }
            for key in attrs {
                if let Some(val) = o.get(*key).filter(|v| !v.is_null()) {
                    pairs.push((key, text_of(&format!("{field}.{key}"), val)?));
                }
            }
        }
        _ => {
            return Err(format!(
                "{field} must be a reference: an internal id or {{\"internalId\": …}}"
            ))
        }
    }
    if !pairs
        .iter()
        .any(|(k, _)| matches!(*k, "internalId" | "externalId" | "scriptId"))
    {
        return Err(format!("{field} needs internalId or externalId"));
    }
    let mut el = w.create_element(element);
    if let Some(t) = xsi_type {
        el = el.with_attribute(("xsi:type", t));
    }
    for (k, v) in &pairs {
        el = el.with_attribute((*k, v.as_str()));
    }
    el.write_empty().map_err(io_err)?;
    Ok(())
}

/// A `BaseRef` slot: a CustomRecordRef when the reference has `typeId`, else a RecordRef.
pub(super) fn write_base_ref(
    w: &mut XmlWriter,
    field: &str,
    element: &str,
    v: &Value,
) -> Result<(), String> {
    let custom = v.get("typeId").is_some();
    if custom {
        write_ref(
            w,
            field,
            element,
            Some("platformCore:CustomRecordRef"),
            &["internalId", "externalId", "typeId", "scriptId"],
            v,
        )
    } else {
        write_ref(
            w,
            field,
            element,
            Some("platformCore:RecordRef"),
            &["internalId", "externalId", "type"],
            v,
        )
    }
}

pub(super) fn required<'a>(json: &'a Value, field: &str) -> Result<&'a Value, String> {
    json.get(field)
        .filter(|v| !v.is_null())
        .ok_or_else(|| format!("{field}: required"))
}

/// `initialize`: `{"type": "invoice", "reference": {"type": "salesOrder", "internalId": "12"},
/// "auxReference"?: {…}, "referenceList"?: [{…}]}`.
pub(crate) fn initialize(json: &Value) -> Built {
    const EXPECTED: &str =
        "{\"type\": \"invoice\", \"reference\": {\"type\": \"salesOrder\", \"internalId\": \"12\"}}";
    only(
        json,
        &["type", "reference", "auxReference", "referenceList"],
        EXPECTED,
    )?;
    let kind = text_of("type", required(json, "type")?)?;
    let ref_attrs = ["type", "internalId", "externalId"];
    let mut w = XmlWriter::new(Vec::new());
    envelope::text(&mut w, "platformCore:type", &kind).map_err(io_err)?;
    if let Some(r) = json.get("reference").filter(|v| !v.is_null()) {
        write_ref(
            &mut w,
            "reference",
            "platformCore:reference",
            None,
            &ref_attrs,
            r,
        )?;
    }
    if let Some(r) = json.get("auxReference").filter(|v| !v.is_null()) {
        let attrs = ["type", "internalId", "externalId", "scriptId"];
        write_ref(
            &mut w,
            "auxReference",
            "platformCore:auxReference",
            None,
            &attrs,
            r,
        )?;
    }
    if let Some(list) = json.get("referenceList").filter(|v| !v.is_null()) {
        let items = list
            .as_array()
            .ok_or("referenceList must be an array of references")?;
        let mut inner = XmlWriter::new(Vec::new());
        for (i, r) in items.iter().enumerate() {
            let at = format!("referenceList[{i}]");
            write_ref(
                &mut inner,
                &at,
                "platformCore:initializeRef",
                None,
                &ref_attrs,
                r,
            )?;
        }
        splice(
            &mut w,
            "platformCore:referenceList",
            None,
            inner.into_inner(),
        )?;
    }
    let mut out = XmlWriter::new(Vec::new());
    splice(
        &mut out,
        "platformMsgs:initializeRecord",
        None,
        w.into_inner(),
    )?;
    Ok(out.into_inner())
}

/// Writes `element` (with an optional `xsi:type`) around bytes quick-xml already wrote.
pub(super) fn splice(
    w: &mut XmlWriter,
    element: &str,
    xsi_type: Option<&str>,
    inner: Vec<u8>,
) -> Result<(), String> {
    let mut el = w.create_element(element);
    if let Some(t) = xsi_type {
        el = el.with_attribute(("xsi:type", t));
    }
    el.write_inner_content(|w| {
        w.get_mut().extend_from_slice(&inner);
        Ok(())
    })
    .map_err(io_err)?;
    Ok(())
}

/// `attach`: `{"attachTo": ref, "attachedRecord": ref}` (AttachBasicReference) or
/// `{"attachTo": ref, "contact": ref, "contactRole"?: ref}` (AttachContactReference).
pub(crate) fn attach(json: &Value) -> Built {
    const EXPECTED: &str = "{\"attachTo\": {\"type\": \"customer\", \"internalId\": \"1\"}, \
                            \"attachedRecord\": {\"type\": \"file\", \"internalId\": \"2\"}}";
    only(
        json,
        &["attachTo", "attachedRecord", "contact", "contactRole"],
        EXPECTED,
    )?;
    let to = required(json, "attachTo")?;
    let contact = json.get("contact").filter(|v| !v.is_null());
    let attached = json.get("attachedRecord").filter(|v| !v.is_null());
    let class = match (contact, attached) {
        (Some(_), Some(_)) => return Err("give either contact or attachedRecord, not both".into()),
        (Some(_), None) => "platformCore:AttachContactReference",
        (None, Some(_)) => "platformCore:AttachBasicReference",
        (None, None) => return Err("attachedRecord (or contact): required".into()),
    };
    if contact.is_none() && json.get("contactRole").is_some() {
        return Err("contactRole: applies only when attaching a contact".into());
    }
    let mut body = XmlWriter::new(Vec::new());
    write_base_ref(&mut body, "attachTo", "platformCore:attachTo", to)?;
    if let Some(c) = contact {
        let attrs = ["internalId", "externalId", "type"];
        write_ref(
            &mut body,
            "contact",
            "platformCore:contact",
            None,
            &attrs,
            c,
        )?;
        if let Some(role) = json.get("contactRole").filter(|v| !v.is_null()) {
            write_ref(
                &mut body,
                "contactRole",
                "platformCore:contactRole",
                None,
                &attrs,
                role,
            )?;
        }
    } else if let Some(a) = attached {
        write_base_ref(
            &mut body,
            "attachedRecord",
            "platformCore:attachedRecord",
            a,
        )?;
    }
    wrap("platformMsgs:attachReference", class, body.into_inner())
}

/// `detach`: `{"detachFrom": ref, "detachedRecord": ref}` (DetachBasicReference).
pub(crate) fn detach(json: &Value) -> Built {
    const EXPECTED: &str = "{\"detachFrom\": {\"type\": \"customer\", \"internalId\": \"1\"}, \
                            \"detachedRecord\": {\"type\": \"file\", \"internalId\": \"2\"}}";
    only(json, &["detachFrom", "detachedRecord"], EXPECTED)?;
    let mut body = XmlWriter::new(Vec::new());
    write_base_ref(
        &mut body,
        "detachFrom",
        "platformCore:detachFrom",
        required(json, "detachFrom")?,
    )?;
    write_base_ref(
        &mut body,
        "detachedRecord",
        "platformCore:detachedRecord",
        required(json, "detachedRecord")?,
    )?;
    wrap(
        "platformMsgs:detachReference",
        "platformCore:DetachBasicReference",
        body.into_inner(),
    )
}

fn wrap(element: &str, xsi_type: &str, inner: Vec<u8>) -> Built {
    let mut w = XmlWriter::new(Vec::new());
    splice(&mut w, element, Some(xsi_type), inner)?;
    Ok(w.into_inner())
}

/// A criterion from `{"operator", "value"|"values", "value2", "predefined"}`.
pub(crate) fn criterion(field: &str, v: &Value) -> Result<Criterion, String> {
    let o = v.as_object().ok_or_else(|| {
        format!("{field} must be an object such as {{\"operator\": \"after\", \"value\": …}}")
    })?;
    for key in o.keys() {
        if !matches!(
            key.as_str(),
            "operator" | "value" | "values" | "value2" | "predefined"
        ) {
            return Err(format!(
                "{field}.{key}: unknown; a criterion has operator, value, values, value2, predefined"
            ));
        }
    }
    let operator = match o.get("operator") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.trim().to_string()),
        Some(_) => return Err(format!("{field}.operator must be text")),
    };
    let mut values = Vec::new();
    match o.get("values") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => values.extend(items.iter().cloned()),
        Some(_) => return Err(format!("{field}.values must be an array")),
    }
    if let Some(v) = o.get("value").filter(|v| !v.is_null()) {
        match v {
            Value::Array(items) => values.extend(items.iter().cloned()),
            v => values.insert(0, v.clone()),
        }
    }
    if let Some(v) = o.get("value2").filter(|v| !v.is_null()) {
        values.push(v.clone());
    }
    let predefined = match o.get("predefined") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.trim().to_string()),
        Some(_) => return Err(format!("{field}.predefined must be text such as lastMonth")),
    };
    Ok(Criterion {
        operator,
        values,
        predefined,
    })
}

/// `getDeleted` filter: `{"deletedDate"?: criterion, "type"?: "customer" | [..] | criterion,
/// "scriptId"?: criterion}`; the page index is added per request.
pub(crate) fn get_deleted_filter(json: &Value) -> Built {
    const EXPECTED: &str = "{\"type\": \"customer\", \"deletedDate\": {\"operator\": \"after\", \
                            \"value\": \"2024-01-01T00:00:00Z\"}}";
    only(json, &["deletedDate", "type", "scriptId"], EXPECTED)?;
    let date = match json.get("deletedDate").filter(|v| !v.is_null()) {
        Some(v) => Some(criterion("deletedDate", v)?),
        None => None,
    };
    let kind = match json.get("type").filter(|v| !v.is_null()) {
        Some(Value::String(s)) => Some(Criterion {
            operator: Some("anyOf".into()),
            values: vec![Value::String(s.clone())],
            predefined: None,
        }),
        Some(Value::Array(items)) => Some(Criterion {
            operator: Some("anyOf".into()),
            values: items.clone(),
            predefined: None,
        }),
        Some(v) => Some(criterion("type", v)?),
        None => None,
    };
    let script = match json.get("scriptId").filter(|v| !v.is_null()) {
        Some(Value::String(s)) => Some(Criterion {
            operator: Some("is".into()),
            values: vec![Value::String(s.clone())],
            predefined: None,
        }),
        Some(v) => Some(criterion("scriptId", v)?),
        None => None,
    };
    if date.is_none() && kind.is_none() {
        return Err(format!(
            "give deletedDate or type (NetSuite needs one of them), e.g. {EXPECTED}"
        ));
    }
    let fields = [
        ("deletedDate", FieldKind::Date, date),
        ("type", FieldKind::EnumMultiSelect, kind),
        ("scriptId", FieldKind::String, script),
    ];
    let mut w = XmlWriter::new(Vec::new());
    for (name, kind, c) in &fields {
        if let Some(c) = c {
            search_field::check(name, *kind, c)?;
        }
    }
    w.create_element("platformMsgs:getDeletedFilter")
        .write_inner_content(|w| {
            for (name, kind, c) in &fields {
                if let Some(c) = c {
                    search_field::write(w, &format!("platformCore:{name}"), &[], *kind, c)?;
                }
            }
            Ok(())
        })
        .map_err(io_err)?;
    Ok(w.into_inner())
}

/// `getSelectValue` field description: `{"recordType"?: "salesOrder", "customRecordType"?:
/// ref, "sublist"?: "itemList", "field": "entity", "filter"?: {"operator": "contains",
/// "value": "acme"}, "filterBy"?: [{"field", "internalId", "sublist"?}]}`.
pub(crate) fn get_select_value_description(json: &Value) -> Built {
    const EXPECTED: &str = "{\"recordType\": \"salesOrder\", \"field\": \"entity\"}";
    only(
        json,
        &[
            "recordType",
            "customRecordType",
            "customTransactionType",
            "sublist",
            "field",
            "customForm",
            "filter",
            "filterBy",
        ],
        EXPECTED,
    )?;
    let field = text_of("field", required(json, "field")?)?;
    let text = |name: &str| -> Result<Option<String>, String> {
        json.get(name)
            .filter(|v| !v.is_null())
            .map(|v| text_of(name, v))
            .transpose()
    };
    let record_type = text("recordType")?;
    let sublist = text("sublist")?;
    let ref_attrs = ["internalId", "externalId", "type"];
    let mut w = XmlWriter::new(Vec::new());
    if let Some(t) = &record_type {
        envelope::text(&mut w, "platformCore:recordType", t).map_err(io_err)?;
    }
    for name in ["customRecordType", "customTransactionType"] {
        if let Some(r) = json.get(name).filter(|v| !v.is_null()) {
            write_ref(
                &mut w,
                name,
                &format!("platformCore:{name}"),
                None,
                &ref_attrs,
                r,
            )?;
        }
    }
    if let Some(s) = &sublist {
        envelope::text(&mut w, "platformCore:sublist", s).map_err(io_err)?;
    }
    envelope::text(&mut w, "platformCore:field", &field).map_err(io_err)?;
    if let Some(r) = json.get("customForm").filter(|v| !v.is_null()) {
        write_ref(
            &mut w,
            "customForm",
            "platformCore:customForm",
            None,
            &ref_attrs,
            r,
        )?;
    }
    if let Some(f) = json.get("filter").filter(|v| !v.is_null()) {
        let c = criterion("filter", f)?;
        let op = c.operator.as_deref().unwrap_or("");
        if !matches!(op, "contains" | "is" | "startsWith") {
            return Err("filter.operator: one of contains, is, startsWith".into());
        }
        let [value] = c.values.as_slice() else {
            return Err("filter.value: give one value".into());
        };
        let value = text_of("filter.value", value)?;
        w.create_element("platformCore:filter")
            .with_attribute(("operator", op))
            .write_inner_content(|w| envelope::text(w, "platformCore:filterValue", &value))
            .map_err(io_err)?;
    }
    if let Some(list) = json.get("filterBy").filter(|v| !v.is_null()) {
        let items = list
            .as_array()
            .ok_or("filterBy must be an array of {\"field\", \"internalId\"}")?;
        let mut parsed = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let at = format!("filterBy[{i}]");
            only(item, &["sublist", "field", "internalId"], &at)?;
            let get = |k: &str| -> Result<Option<String>, String> {
                item.get(k)
                    .filter(|v| !v.is_null())
                    .map(|v| text_of(&format!("{at}.{k}"), v))
                    .transpose()
            };
            let field = get("field")?.ok_or(format!("{at}.field: required"))?;
            let id = get("internalId")?.ok_or(format!("{at}.internalId: required"))?;
            parsed.push((get("sublist")?, field, id));
        }
        if parsed.is_empty() {
            return Err("filterBy: give at least one {\"field\", \"internalId\"}".into());
        }
        w.create_element("platformCore:filterByValueList")
            .write_inner_content(|w| {
                for (sublist, field, id) in &parsed {
                    w.create_element("platformCore:filterBy")
                        .write_inner_content(|w| {
                            if let Some(s) = sublist {
                                envelope::text(w, "platformCore:sublist", s)?;
                            }
                            envelope::text(w, "platformCore:field", field)?;
                            envelope::text(w, "platformCore:internalId", id)
                        })?;
                }
                Ok(())
            })
            .map_err(io_err)?;
    }
    let mut out = XmlWriter::new(Vec::new());
    splice(
        &mut out,
        "platformMsgs:fieldDescription",
        None,
        w.into_inner(),
    )?;
    Ok(out.into_inner())
}

/// `getCurrencyRate` filter: `{"baseCurrency"?: ref, "fromCurrency"?: ref,
/// "effectiveDate"?: "2024-01-31T00:00:00Z"}`.
pub(crate) fn currency_rate_filter(json: &Value) -> Built {
    const EXPECTED: &str = "{\"baseCurrency\": {\"internalId\": \"1\"}, \"fromCurrency\": \
                            {\"internalId\": \"2\"}, \"effectiveDate\": \"2024-01-31T00:00:00Z\"}";
    only(
        json,
        &["baseCurrency", "fromCurrency", "effectiveDate"],
        EXPECTED,
    )?;
    let attrs = ["internalId", "externalId", "type"];
    let mut w = XmlWriter::new(Vec::new());
    for name in ["baseCurrency", "fromCurrency"] {
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
    if let Some(d) = json.get("effectiveDate").filter(|v| !v.is_null()) {
        let d = text_of("effectiveDate", d)?;
        envelope::text(&mut w, "platformCore:effectiveDate", &d).map_err(io_err)?;
    }
    let mut out = XmlWriter::new(Vec::new());
    splice(
        &mut out,
        "platformMsgs:currencyRateFilter",
        None,
        w.into_inner(),
    )?;
    Ok(out.into_inner())
}
