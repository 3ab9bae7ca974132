//! getCustomizationId: the account's customizations of one type (custom fields, custom
//! record types, custom lists, …), one output document per customization ref.
//!
//! Input `{"type": "entityCustomField", "includeInactives"?: false}`; output
//! `{"internalId", "scriptId", "name", "type"}` per customization.

use roxmltree::Node;
use serde_json::{Map, Value};

use crate::envelope::{self, XmlWriter};
use crate::parse::{child, child_text, response, response::Status};
use crate::version::Version;

/// `GetCustomizationType` values of every version (SuiteTalk 2017.1 and later).
pub(crate) const TYPES: [&str; 11] = [
    "crmCustomField",
    "customList",
    "customRecordType",
    "customTransactionType",
    "entityCustomField",
    "itemCustomField",
    "itemNumberCustomField",
    "itemOptionCustomField",
    "otherCustomField",
    "transactionBodyCustomField",
    "transactionColumnCustomField",
];

/// Values added after 2017.2 (present in 2023.2).
const LATER_TYPES: [&str; 4] = [
    "customRecordCustomField",
    "customSegment",
    "customSale",
    "customPurchase",
];

/// The last version without [`LATER_TYPES`].
const LAST_WITHOUT_LATER: Version = Version {
    year: 2017,
    release: 2,
};

/// The transaction types NetSuite also accepts (their custom forms' customizations).
fn is_transaction_type(t: &str) -> bool {
    matches!(
        t,
        "assemblyBuild"
            | "assemblyUnbuild"
            | "binWorksheet"
            | "cashRefund"
            | "cashSale"
            | "creditMemo"
            | "customerPayment"
            | "customerRefund"
            | "depositApplication"
            | "estimate"
            | "invoice"
            | "itemFulfillment"
            | "itemReceipt"
            | "inventoryTransfer"
            | "purchaseOrder"
            | "returnAuthorization"
            | "salesOrder"
            | "vendorBill"
            | "vendorCredit"
            | "vendorReturnAuthorization"
            | "vendorPayment"
            | "workOrder"
    )
}

/// Checks a customization type against the version; the message names the accepted ones.
pub(crate) fn check_type(t: &str, version: Version) -> Result<(), String> {
    if TYPES.contains(&t) || is_transaction_type(t) {
        return Ok(());
    }
    if LATER_TYPES.contains(&t) {
        return if version > LAST_WITHOUT_LATER {
            Ok(())
        } else {
            Err(format!(
                "type: {t} is not a customization type of SuiteTalk {version}; it needs a \
                 later version"
            ))
        };
    }
    Err(format!(
        "type: `{t}` is not a customization type; use one of {}",
        TYPES.join(", ")
    ))
}

/// The request's children: `customizationType` and `includeInactives`.
pub(crate) fn request(json: &Value, version: Version) -> Result<Vec<u8>, String> {
    const EXPECTED: &str = "{\"type\": \"entityCustomField\", \"includeInactives\": false}";
    let obj = json
        .as_object()
        .ok_or_else(|| format!("the document must be a JSON object: {EXPECTED}"))?;
    if let Some(k) = obj
        .keys()
        .find(|k| !matches!(k.as_str(), "type" | "includeInactives"))
    {
        return Err(format!(
            "{k}: unknown field; this function takes type, includeInactives"
        ));
    }
    let t = match obj.get("type") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim(),
        _ => return Err(format!("type: required, e.g. {EXPECTED}")),
    };
    check_type(t, version)?;
    let inactive = match obj.get("includeInactives") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err("includeInactives must be true or false".into()),
    };
    write(t, inactive).map_err(|e| format!("could not write the request: {e}"))
}

/// The children of `getCustomizationId` for one type.
pub(crate) fn write(t: &str, include_inactives: bool) -> std::io::Result<Vec<u8>> {
    let mut w = XmlWriter::new(Vec::new());
    w.create_element("platformMsgs:customizationType")
        .with_attribute(("getCustomizationType", t))
        .write_empty()?;
    envelope::text(
        &mut w,
        "platformMsgs:includeInactives",
        if include_inactives { "true" } else { "false" },
    )?;
    Ok(w.into_inner())
}

/// Reads `getCustomizationIdResponse`: its status and one `{"internalId", "scriptId",
/// "name", "type"}` per customization ref.
pub(crate) fn read(response_el: Node<'_, '_>) -> Result<(Status, Vec<Value>), String> {
    let r = child(response_el, "getCustomizationIdResult")
        .ok_or("no getCustomizationIdResult in the response")?;
    let status = response::status(r).ok_or("getCustomizationIdResult has no status")?;
    let refs = child(r, "customizationRefList")
        .map(|list| {
            list.children()
                .filter(|n| n.is_element() && n.tag_name().name() == "customizationRef")
                .map(customization_ref)
                .collect()
        })
        .unwrap_or_default();
    Ok((status, refs))
}

fn customization_ref(node: Node<'_, '_>) -> Value {
    let mut obj = Map::new();
    for key in ["internalId", "scriptId"] {
        if let Some(v) = node.attribute(key) {
            obj.insert(key.into(), Value::String(v.to_string()));
        }
    }
    if let Some(name) = child_text(node, "name") {
        obj.insert("name".into(), Value::String(name.to_string()));
    }
    if let Some(t) = node.attribute("type") {
        obj.insert("type".into(), Value::String(t.to_string()));
    }
    Value::Object(obj)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn version(year: u16, release: u8) -> Version {
        Version { year, release }
    }

    #[test]
    fn types_are_checked_against_the_version_before_sending() {
        let v2017 = version(2017, 2);
        let v2023 = version(2023, 2);
        assert!(request(&json!({"type": "entityCustomField"}), v2017).is_ok());
        assert!(request(&json!({"type": "salesOrder"}), v2017).is_ok());
        let later = request(&json!({"type": "customRecordCustomField"}), v2017).unwrap_err();
        assert!(later.contains("2017.2"), "{later}");
        assert!(request(&json!({"type": "customRecordCustomField"}), v2023).is_ok());
        let unknown = request(&json!({"type": "custField"}), v2023).unwrap_err();
        assert!(
            unknown.contains("custField") && unknown.contains("entityCustomField"),
            "{unknown}"
        );
        let extra = request(&json!({"type": "customList", "inactive": true}), v2023).unwrap_err();
        assert!(extra.starts_with("inactive"), "{extra}");
        let flag = request(
            &json!({"type": "customList", "includeInactives": "yes"}),
            v2023,
        );
        assert!(flag.unwrap_err().contains("includeInactives"));
    }

    #[test]
    fn the_request_names_the_type_and_whether_inactive_ones_are_wanted() {
        let body = request(
            &json!({"type": "customList", "includeInactives": true}),
            version(2023, 2),
        )
        .unwrap();
        let text = String::from_utf8(body).unwrap();
        assert_eq!(
            text,
            "<platformMsgs:customizationType getCustomizationType=\"customList\"/>\
             <platformMsgs:includeInactives>true</platformMsgs:includeInactives>"
        );
    }
}
