//! The account's own custom fields, learned from NetSuite rather than from the WSDL (which
//! knows none of them): getCustomizationId for each kind of custom field and for custom
//! record types, then getList of those customization records, read into the record types
//! each field applies to (`custentity_tier` → customer, vendor, … with its real type).
//!
//! Unlike Boomi's import, nothing is re-imported by hand: the result is cached
//! (`account_fields_cache`) and asked again when it is older than the connection's
//! `custom_fields_max_age_minutes` or when browse is asked to refresh.

use std::collections::BTreeMap;

use connector_sdk::Cancellation;
use roxmltree::Node;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::client::{CallOptions, Client};
use crate::error::Error;
use crate::operations::execute::customization;
use crate::parse::{child, response};

/// Where custom fields' types come from (connection setting `custom_fields`).
#[derive(Clone, Copy, Debug, Default, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(crate) enum CustomFieldsSource {
    /// Learn the account's custom fields from NetSuite (cached).
    #[default]
    Account,
    /// Use the WSDL alone: custom fields are typed by their values.
    SchemaOnly,
}

/// One learned custom field.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct LearnedField {
    /// `custentity_tier`.
    pub(crate) script_id: String,
    /// The customization record's internal id.
    pub(crate) internal_id: String,
    /// The label users see in NetSuite.
    pub(crate) label: String,
    /// NetSuite's field type (`_integerNumber`, `_listRecord`, …).
    pub(crate) field_type: String,
    /// The `*CustomFieldRef` kind values take: `String`, `Long`, `Double`, `Boolean`,
    /// `Date`, `Select` or `MultiSelect`.
    pub(crate) kind: String,
}

/// Fields by script id.
pub(crate) type FieldMap = BTreeMap<String, LearnedField>;

/// A custom record type and its fields.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct CustomRecordFields {
    pub(crate) internal_id: String,
    pub(crate) script_id: String,
    pub(crate) name: String,
    pub(crate) fields: FieldMap,
}

/// What an account's customizations say about its records.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct AccountFields {
    /// Fields by record type (`customer`, `salesOrder`, `inventoryItem`).
    pub(crate) record_types: BTreeMap<String, FieldMap>,
    /// Custom record types with their fields.
    pub(crate) custom_records: Vec<CustomRecordFields>,
}

impl AccountFields {
    /// The fields of a record type; for `customRecord`, those of the custom record type named
    /// by `rec_type` (internal id or script id), or of every custom record type without it.
    pub(crate) fn of(&self, record_type: &str, rec_type: Option<&str>) -> Option<FieldMap> {
        if record_type.eq_ignore_ascii_case("customRecord") {
            let mut all = FieldMap::new();
            for t in &self.custom_records {
                if rec_type.is_none_or(|r| r == t.internal_id || r == t.script_id) {
                    all.extend(t.fields.clone());
                }
            }
            return (!all.is_empty()).then_some(all);
        }
        let key = self
            .record_types
            .keys()
            .find(|k| k.eq_ignore_ascii_case(record_type))?;
        self.record_types.get(key).cloned()
    }
}

/// The kind of values a NetSuite field type takes (`CustomizationFieldType`).
pub(crate) fn kind_of(field_type: &str) -> &'static str {
    match field_type {
        "_checkBox" => "Boolean",
        "_integerNumber" => "Long",
        "_currency" | "_decimalNumber" | "_percent" => "Double",
        "_date" | "_datetime" | "_timeOfDay" => "Date",
        "_listRecord" | "_image" | "_document" => "Select",
        "_multipleSelect" => "MultiSelect",
        _ => "String",
    }
}

/// The customization types learned, with the flags that say which record types a field
/// applies to.
/// `(flag, record types it applies to)`.
type Applies = &'static [(&'static str, &'static [&'static str])];

const FIELD_TYPES: [(&str, Applies); 3] = [
    (
        "entityCustomField",
        &[
            ("appliesToCustomer", &["customer"]),
            ("appliesToProject", &["job"]),
            ("appliesToVendor", &["vendor"]),
            ("appliesToEmployee", &["employee"]),
            ("appliesToContact", &["contact"]),
            ("appliesToPartner", &["partner"]),
        ],
    ),
    (
        "itemCustomField",
        &[
            (
                "appliesToInventory",
                &[
                    "inventoryItem",
                    "lotNumberedInventoryItem",
                    "serializedInventoryItem",
                ],
            ),
            (
                "appliesToNonInventory",
                &[
                    "nonInventorySaleItem",
                    "nonInventoryPurchaseItem",
                    "nonInventoryResaleItem",
                ],
            ),
            (
                "appliesToService",
                &[
                    "serviceSaleItem",
                    "servicePurchaseItem",
                    "serviceResaleItem",
                ],
            ),
            (
                "appliesToOtherCharge",
                &[
                    "otherChargeSaleItem",
                    "otherChargePurchaseItem",
                    "otherChargeResaleItem",
                ],
            ),
            ("appliesToGroup", &["itemGroup"]),
            ("appliesToKit", &["kitItem"]),
            ("appliesToItemAssembly", &["assemblyItem"]),
        ],
    ),
    (
        "transactionBodyCustomField",
        &[
            (
                "bodySale",
                &[
                    "salesOrder",
                    "invoice",
                    "cashSale",
                    "estimate",
                    "creditMemo",
                    "returnAuthorization",
                    "cashRefund",
                ],
            ),
            (
                "bodyPurchase",
                &[
                    "purchaseOrder",
                    "vendorBill",
                    "vendorCredit",
                    "vendorReturnAuthorization",
                ],
            ),
            ("bodyOpportunity", &["opportunity"]),
            ("bodyJournal", &["journalEntry"]),
            ("bodyExpenseReport", &["expenseReport"]),
            ("bodyTransferOrder", &["transferOrder"]),
            ("bodyItemReceipt", &["itemReceipt"]),
            ("bodyItemFulfillment", &["itemFulfillment"]),
            ("bodyInventoryAdjustment", &["inventoryAdjustment"]),
            ("bodyAssemblyBuild", &["assemblyBuild"]),
            ("bodyCustomerPayment", &["customerPayment"]),
            ("bodyVendorPayment", &["vendorPayment"]),
            ("bodyDeposit", &["deposit"]),
        ],
    ),
];

/// Records per getList of customization records.
const GET_LIST_CHUNK: usize = 100;

/// Why the account's fields could not be learned.
#[derive(Debug)]
pub(crate) enum LearnError {
    /// NetSuite refused (typically `INSUFFICIENT_PERMISSION`: the role may not read
    /// customizations).
    Refused { code: String, message: String },
    /// The request failed.
    Request(Error),
}

impl std::fmt::Display for LearnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LearnError::Refused { code, message } => write!(f, "{code}: {message}"),
            LearnError::Request(e) => write!(f, "{e}"),
        }
    }
}

impl From<Error> for LearnError {
    fn from(e: Error) -> Self {
        LearnError::Request(e)
    }
}

/// Asks NetSuite for the account's custom fields and custom record types.
///
/// # Errors
/// A refused status (no permission) or a failed request.
pub(crate) fn learn(client: &Client, cancel: &Cancellation) -> Result<AccountFields, LearnError> {
    let mut out = AccountFields::default();
    for (kind, applies) in FIELD_TYPES {
        let ids = customization_ids(client, kind, cancel)?;
        for record in records(client, kind, &ids, cancel)? {
            let Some(field) = record.field() else {
                continue;
            };
            for (flag, record_types) in applies.iter() {
                if record.flags.get(*flag).is_some_and(|v| v == "true") {
                    for t in record_types.iter() {
                        out.record_types
                            .entry((*t).to_string())
                            .or_default()
                            .insert(field.script_id.clone(), field.clone());
                    }
                }
            }
        }
    }
    let ids = customization_ids(client, "customRecordType", cancel)?;
    for record in records(client, "customRecordType", &ids, cancel)? {
        out.custom_records.push(CustomRecordFields {
            internal_id: record.internal_id.clone(),
            script_id: record.script_id.clone(),
            name: record.name.clone(),
            fields: record
                .sub_fields
                .iter()
                .filter_map(Read::field)
                .map(|f| (f.script_id.clone(), f))
                .collect(),
        });
    }
    Ok(out)
}

/// The internal ids getCustomizationId lists for a type.
fn customization_ids(
    client: &Client,
    kind: &str,
    cancel: &Cancellation,
) -> Result<Vec<String>, LearnError> {
    let body = customization::write(kind, false)
        .map_err(|e| LearnError::Request(Error::Parse(e.to_string())))?;
    let response = client.call("getCustomizationId", CallOptions::default(), cancel, &|w| {
        w.create_element("platformMsgs:getCustomizationId")
            .write_inner_content(|w| {
                // Built by quick-xml in `customization::write`; spliced as is.
                w.get_mut().extend_from_slice(&body);
                Ok(())
            })?;
        Ok(())
    })?;
    let (status, refs) = response.read(customization::read)?;
    refused(&status)?;
    Ok(refs
        .iter()
        .filter_map(|r| r["internalId"].as_str().map(str::to_string))
        .collect())
}

fn refused(status: &response::Status) -> Result<(), LearnError> {
    if status.is_success {
        return Ok(());
    }
    let (code, message) = status
        .first_problem()
        .map(|d| (d.code.as_str().to_string(), d.message.clone()))
        .unwrap_or_else(|| ("UNKNOWN".into(), "NetSuite refused the request".into()));
    Err(LearnError::Refused { code, message })
}

/// One customization record as read.
#[derive(Default)]
struct Read {
    internal_id: String,
    script_id: String,
    name: String,
    field_type: Option<String>,
    /// `appliesTo…` / `body…` flags by name.
    flags: BTreeMap<String, String>,
    /// A custom record type's fields.
    sub_fields: Vec<Read>,
}

impl Read {
    fn field(&self) -> Option<LearnedField> {
        let field_type = self.field_type.clone()?;
        if self.script_id.is_empty() {
            return None;
        }
        Some(LearnedField {
            script_id: self.script_id.clone(),
            internal_id: self.internal_id.clone(),
            label: self.name.clone(),
            kind: kind_of(&field_type).to_string(),
            field_type,
        })
    }
}

fn read_record(node: Node<'_, '_>) -> Read {
    let mut r = Read {
        internal_id: node.attribute("internalId").unwrap_or("").to_string(),
        ..Read::default()
    };
    for c in node.children().filter(Node::is_element) {
        let name = c.tag_name().name();
        let text = c.text().unwrap_or("").trim();
        match name {
            "scriptId" => r.script_id = text.to_string(),
            "label" | "recordName" => r.name = text.to_string(),
            "fieldType" => r.field_type = Some(text.to_string()),
            "customFieldList" => {
                r.sub_fields = c
                    .children()
                    .filter(|f| f.is_element() && f.tag_name().name() == "customField")
                    .map(read_record)
                    .collect();
            }
            n if n.starts_with("appliesTo") || n.starts_with("body") => {
                r.flags.insert(n.to_string(), text.to_string());
            }
            _ => {}
        }
    }
    r
}

/// getList of customization records of one type, by internal id.
fn records(
    client: &Client,
    kind: &str,
    ids: &[String],
    cancel: &Cancellation,
) -> Result<Vec<Read>, LearnError> {
    let mut out = Vec::new();
    for chunk in ids.chunks(GET_LIST_CHUNK) {
        let response = client.call("getList", CallOptions::default(), cancel, &|w| {
            w.create_element("platformMsgs:getList")
                .write_inner_content(|w| {
                    for id in chunk {
                        w.create_element("platformMsgs:baseRef")
                            .with_attribute(("xsi:type", "platformCore:RecordRef"))
                            .with_attribute(("internalId", id.as_str()))
                            .with_attribute(("type", kind))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
        let read = response.read(|node| {
            let list =
                child(node, "readResponseList").ok_or("no readResponseList in the response")?;
            let status = response::status(list).ok_or("readResponseList has no status")?;
            let mut records = Vec::new();
            let mut first_refusal = None;
            for rr in list
                .children()
                .filter(|n| n.is_element() && n.tag_name().name() == "readResponse")
            {
                match (response::status(rr), child(rr, "record")) {
                    (Some(s), Some(rec)) if s.is_success => records.push(read_record(rec)),
                    (Some(s), _) if !s.is_success => {
                        first_refusal.get_or_insert(s);
                    }
                    _ => {}
                }
            }
            Ok((status, records, first_refusal))
        })?;
        let (status, records, refusal) = read;
        refused(&status)?;
        // A record the role may not read refuses them all (they share one permission).
        if records.is_empty() {
            if let Some(s) = refusal {
                refused(&s)?;
            }
        }
        out.extend(records);
    }
    Ok(out)
}
