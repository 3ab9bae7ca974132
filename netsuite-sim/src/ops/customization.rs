//! getCustomizationId, and get/getList of the customization records it names
//! (`entityCustomField`, `itemCustomField`, `transactionBodyCustomField`,
//! `customRecordCustomField`, `customRecordType`), from the account's custom fields
//! (`store::customization`).
//!
//! A role without the permission to read customizations gets NetSuite's
//! `INSUFFICIENT_PERMISSION` status (the request itself succeeds).

use roxmltree::Node;

use super::response::{self, Detail};
use super::{OpContext, OpResult};
use crate::faults::Fault;
use crate::store::customization::{CustomField, CustomFieldKind, CUSTOM_RECORD_TYPE};
use crate::store::elem::{child_named, children_named};
use crate::store::xml::XmlOut;

/// Answers getCustomizationId always, and get/getList when every reference names a
/// customization type; `None` leaves the request to the record operations.
pub(crate) fn dispatch(op: &str, body: Node<'_, '_>, ctx: &OpContext<'_>) -> Option<OpResult> {
    match op {
        "getCustomizationId" => Some(get_customization_id(body, ctx)),
        "get" | "getList" => {
            let refs: Vec<Node<'_, '_>> = children_named(body, "baseRef").collect();
            let all_custom = !refs.is_empty()
                && refs
                    .iter()
                    .all(|r| ref_type(r).is_some_and(is_customization_type));
            all_custom.then(|| read(op, &refs, ctx))
        }
        _ => None,
    }
}

/// The plain `type` attribute of a reference (not its `xsi:type`, which roxmltree would
/// also match by local name).
fn ref_type<'a>(node: &Node<'a, '_>) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.namespace().is_none() && a.name() == "type")
        .map(|a| a.value())
}

fn is_customization_type(t: &str) -> bool {
    t == "customRecordType" || CustomFieldKind::from_type_name(t).is_some()
}

fn denied() -> Detail {
    Detail::error(
        "INSUFFICIENT_PERMISSION",
        "Permission Violation: You need the 'Custom Fields' permission to access this page. \
         Please contact your account administrator.",
    )
}

/// `getCustomizationId > customizationType[@getCustomizationType], includeInactives`.
fn get_customization_id(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    const OP: &str = "getCustomizationIdResponse";
    let kind = child_named(body, "customizationType")
        .and_then(|n| n.attribute("getCustomizationType"))
        .map(str::trim)
        .ok_or_else(|| {
            Fault::user_error("getCustomizationId needs customizationType/@getCustomizationType.")
        })?;
    // (internal id, script id, name) of each customization of the type; types the account
    // has none of give an empty list, as NetSuite does.
    let refs: Vec<(u64, String, String)> = if kind == "customRecordType" {
        let (id, script, name) = CUSTOM_RECORD_TYPE;
        vec![(id, script.to_string(), name.to_string())]
    } else {
        CustomFieldKind::from_type_name(kind)
            .map(|k| {
                ctx.store
                    .custom_fields_of(k)
                    .into_iter()
                    .map(|f| (f.internal_id, f.script_id, f.label))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut out = XmlOut::new();
    response::open(&mut out, OP, ctx.version);
    out.start("platformCore:getCustomizationIdResult", &[]);
    if !ctx.store.may_read_customizations() {
        response::status(&mut out, &[denied()]);
    } else {
        response::status(&mut out, &[]);
        out.leaf("platformCore:totalRecords", &refs.len().to_string());
        out.start("platformCore:customizationRefList", &[]);
        for (id, script, name) in &refs {
            out.start(
                "platformCore:customizationRef",
                &[
                    ("internalId", &id.to_string()),
                    ("scriptId", script),
                    ("type", kind),
                ],
            );
            out.leaf("platformCore:name", name);
            out.end("platformCore:customizationRef");
        }
        out.end("platformCore:customizationRefList");
    }
    out.end("platformCore:getCustomizationIdResult");
    out.end(OP);
    Ok(out.finish())
}

fn read(op: &str, refs: &[Node<'_, '_>], ctx: &OpContext<'_>) -> OpResult {
    if op == "get" && refs.len() > 1 {
        return Err(Fault::exceeded_record_count(
            "The maximum number of records allowed for get is 1.",
        ));
    }
    let element = format!("{op}Response");
    let mut out = XmlOut::new();
    response::open(&mut out, &element, ctx.version);
    if op == "getList" {
        out.start("readResponseList", &[]);
        response::status(&mut out, &[]);
    }
    for r in refs {
        read_one(&mut out, r, ctx);
    }
    if op == "getList" {
        out.end("readResponseList");
    }
    out.end(&element);
    Ok(out.finish())
}

fn read_one(out: &mut XmlOut, sent: &Node<'_, '_>, ctx: &OpContext<'_>) {
    out.start("readResponse", &[]);
    let t = ref_type(sent).unwrap_or("");
    let id = sent
        .attribute("internalId")
        .and_then(|i| i.trim().parse::<u64>().ok());
    if !ctx.store.may_read_customizations() {
        response::status(out, &[denied()]);
    } else if t == "customRecordType" {
        if id == Some(CUSTOM_RECORD_TYPE.0) {
            response::status(out, &[]);
            custom_record_type(out, ctx);
        } else {
            response::status(out, &[Detail::not_found()]);
        }
    } else {
        let found = CustomFieldKind::from_type_name(t)
            .zip(id)
            .and_then(|(k, id)| ctx.store.custom_field(k, id));
        match found {
            Some(f) => {
                response::status(out, &[]);
                custom_field(out, "record", &f, true);
            }
            None => response::status(out, &[Detail::not_found()]),
        }
    }
    out.end("readResponse");
}

/// The record class of a field kind.
fn class(kind: CustomFieldKind) -> &'static str {
    match kind {
        CustomFieldKind::Entity => "setupCustom:EntityCustomField",
        CustomFieldKind::Item => "setupCustom:ItemCustomField",
        CustomFieldKind::TransactionBody => "setupCustom:TransactionBodyCustomField",
        CustomFieldKind::CustomRecord => "setupCustom:CustomRecordCustomField",
    }
}

/// Writes one field: `fieldType`, `scriptId`, `label`, `selectRecordType` and where it
/// applies, in the XSD's order. `typed` writes `xsi:type` (a `record`, not an item of a
/// custom record type's `customFieldList`).
fn custom_field(out: &mut XmlOut, element: &str, f: &CustomField, typed: bool) {
    let id = f.internal_id.to_string();
    let mut attrs = vec![("internalId", id.as_str())];
    if typed {
        attrs.push(("xsi:type", class(f.kind)));
    }
    out.start(element, &attrs);
    out.leaf("setupCustom:fieldType", &f.field_type);
    out.leaf("setupCustom:scriptId", &f.script_id);
    out.leaf("setupCustom:label", &f.label);
    if let Some(list) = &f.select_list {
        out.empty("setupCustom:selectRecordType", &[("internalId", list)]);
    }
    let applies: &[&str] = match f.kind {
        CustomFieldKind::Entity => &[
            "appliesToCustomer",
            "appliesToVendor",
            "appliesToEmployee",
            "appliesToContact",
        ],
        CustomFieldKind::Item => &[
            "appliesToInventory",
            "appliesToNonInventory",
            "appliesToService",
        ],
        CustomFieldKind::TransactionBody => &["bodySale"],
        CustomFieldKind::CustomRecord => &[],
    };
    for name in applies {
        out.leaf(&format!("setupCustom:{name}"), "true");
    }
    out.end(element);
}

/// `customrecord_sim_project` with its fields.
fn custom_record_type(out: &mut XmlOut, ctx: &OpContext<'_>) {
    let (id, script, name) = CUSTOM_RECORD_TYPE;
    out.start(
        "record",
        &[
            ("internalId", &id.to_string()),
            ("xsi:type", "setupCustom:CustomRecordType"),
        ],
    );
    out.leaf("setupCustom:recordName", name);
    out.leaf("setupCustom:scriptId", script);
    out.start("setupCustom:customFieldList", &[]);
    for f in ctx.store.custom_fields_of(CustomFieldKind::CustomRecord) {
        custom_field(out, "setupCustom:customField", &f, false);
    }
    out.end("setupCustom:customFieldList");
    out.end("record");
}
