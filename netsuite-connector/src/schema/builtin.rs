//! The schemaless fallback: where common record types live and how they are searched, for when
//! no WSDL/XSD set is reachable.
//!
//! These are facts read from NetSuite's own XSDs (2017.1 to 2023.2 agree on them): the record
//! complexType and its schema (`customer` → `listRel:Customer` in
//! `urn:relationships_<v>.lists`), and the search class of each. Record types not listed here
//! need the schema.

use super::model::{netsuite_uri, QName, SearchClasses, SearchTypeFilter};
use crate::version::Version;

/// `(RecordType value, complexType, schema name, schema area, search)` where search is
/// `Own` (a `<Type>Search` of its own), `Transaction`, `Item` or `None`.
const RECORDS: &[(&str, &str, &str, &str, Search)] = &[
    (
        "customer",
        "Customer",
        "relationships",
        "lists",
        Search::Own,
    ),
    ("contact", "Contact", "relationships", "lists", Search::Own),
    ("vendor", "Vendor", "relationships", "lists", Search::Own),
    ("partner", "Partner", "relationships", "lists", Search::Own),
    ("job", "Job", "relationships", "lists", Search::Own),
    ("employee", "Employee", "employees", "lists", Search::Own),
    (
        "inventoryItem",
        "InventoryItem",
        "accounting",
        "lists",
        Search::Item,
    ),
    (
        "nonInventorySaleItem",
        "NonInventorySaleItem",
        "accounting",
        "lists",
        Search::Item,
    ),
    (
        "nonInventoryResaleItem",
        "NonInventoryResaleItem",
        "accounting",
        "lists",
        Search::Item,
    ),
    (
        "nonInventoryPurchaseItem",
        "NonInventoryPurchaseItem",
        "accounting",
        "lists",
        Search::Item,
    ),
    (
        "serviceSaleItem",
        "ServiceSaleItem",
        "accounting",
        "lists",
        Search::Item,
    ),
    (
        "serviceResaleItem",
        "ServiceResaleItem",
        "accounting",
        "lists",
        Search::Item,
    ),
    (
        "servicePurchaseItem",
        "ServicePurchaseItem",
        "accounting",
        "lists",
        Search::Item,
    ),
    (
        "otherChargeSaleItem",
        "OtherChargeSaleItem",
        "accounting",
        "lists",
        Search::Item,
    ),
    ("kitItem", "KitItem", "accounting", "lists", Search::Item),
    (
        "assemblyItem",
        "AssemblyItem",
        "accounting",
        "lists",
        Search::Item,
    ),
    (
        "lotNumberedInventoryItem",
        "LotNumberedInventoryItem",
        "accounting",
        "lists",
        Search::Item,
    ),
    (
        "serializedInventoryItem",
        "SerializedInventoryItem",
        "accounting",
        "lists",
        Search::Item,
    ),
    (
        "discountItem",
        "DiscountItem",
        "accounting",
        "lists",
        Search::Item,
    ),
    ("account", "Account", "accounting", "lists", Search::Own),
    (
        "department",
        "Department",
        "accounting",
        "lists",
        Search::Own,
    ),
    ("location", "Location", "accounting", "lists", Search::Own),
    (
        "subsidiary",
        "Subsidiary",
        "accounting",
        "lists",
        Search::Own,
    ),
    (
        "classification",
        "Classification",
        "accounting",
        "lists",
        Search::Own,
    ),
    ("currency", "Currency", "accounting", "lists", Search::None),
    ("term", "Term", "accounting", "lists", Search::Own),
    (
        "priceLevel",
        "PriceLevel",
        "accounting",
        "lists",
        Search::Own,
    ),
    (
        "salesOrder",
        "SalesOrder",
        "sales",
        "transactions",
        Search::Transaction,
    ),
    (
        "invoice",
        "Invoice",
        "sales",
        "transactions",
        Search::Transaction,
    ),
    (
        "estimate",
        "Estimate",
        "sales",
        "transactions",
        Search::Transaction,
    ),
    (
        "cashSale",
        "CashSale",
        "sales",
        "transactions",
        Search::Transaction,
    ),
    (
        "itemFulfillment",
        "ItemFulfillment",
        "sales",
        "transactions",
        Search::Transaction,
    ),
    (
        "opportunity",
        "Opportunity",
        "sales",
        "transactions",
        Search::Own,
    ),
    (
        "returnAuthorization",
        "ReturnAuthorization",
        "customers",
        "transactions",
        Search::Transaction,
    ),
    (
        "creditMemo",
        "CreditMemo",
        "customers",
        "transactions",
        Search::Transaction,
    ),
    (
        "customerPayment",
        "CustomerPayment",
        "customers",
        "transactions",
        Search::Transaction,
    ),
    (
        "customerRefund",
        "CustomerRefund",
        "customers",
        "transactions",
        Search::Transaction,
    ),
    (
        "customerDeposit",
        "CustomerDeposit",
        "customers",
        "transactions",
        Search::Transaction,
    ),
    (
        "purchaseOrder",
        "PurchaseOrder",
        "purchases",
        "transactions",
        Search::Transaction,
    ),
    (
        "vendorBill",
        "VendorBill",
        "purchases",
        "transactions",
        Search::Transaction,
    ),
    (
        "vendorPayment",
        "VendorPayment",
        "purchases",
        "transactions",
        Search::Transaction,
    ),
    (
        "itemReceipt",
        "ItemReceipt",
        "purchases",
        "transactions",
        Search::Transaction,
    ),
    (
        "journalEntry",
        "JournalEntry",
        "general",
        "transactions",
        Search::Transaction,
    ),
    (
        "customRecord",
        "CustomRecord",
        "customization",
        "setup",
        Search::Own,
    ),
    (
        "phoneCall",
        "PhoneCall",
        "scheduling",
        "activities",
        Search::Own,
    ),
    ("task", "Task", "scheduling", "activities", Search::Own),
    (
        "calendarEvent",
        "CalendarEvent",
        "scheduling",
        "activities",
        Search::Own,
    ),
    (
        "supportCase",
        "SupportCase",
        "support",
        "lists",
        Search::Own,
    ),
    ("note", "Note", "communication", "general", Search::Own),
    (
        "message",
        "Message",
        "communication",
        "general",
        Search::Own,
    ),
    ("file", "File", "filecabinet", "documents", Search::Own),
    ("folder", "Folder", "filecabinet", "documents", Search::Own),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Search {
    Own,
    Transaction,
    Item,
    None,
}

/// A record type known without a schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BuiltinRecord {
    /// RecordType value (`customer`).
    pub(crate) record_type: &'static str,
    /// The record complexType with its namespace (`listRel:Customer`).
    pub(crate) type_name: QName,
}

/// The built-in record types, in table order.
pub(crate) fn record_types() -> impl Iterator<Item = &'static str> {
    RECORDS.iter().map(|r| r.0)
}

/// A record type by RecordType value or complexType name (case-insensitive).
pub(crate) fn record(version: Version, record_type: &str) -> Option<BuiltinRecord> {
    let key = record_type.trim();
    let r = RECORDS
        .iter()
        .find(|r| r.0.eq_ignore_ascii_case(key) || r.1.eq_ignore_ascii_case(key))?;
    Some(BuiltinRecord {
        record_type: r.0,
        type_name: qname(r.2, r.3, r.1, version),
    })
}

fn qname(schema: &str, area: &str, name: &str, version: Version) -> QName {
    let namespace = netsuite_uri(schema, area, version);
    let prefix = super::model::conventional_prefix(&namespace).unwrap_or_else(|| "ns".into());
    QName {
        namespace,
        prefix,
        name: name.to_string(),
    }
}

/// The search classes of a built-in record type (joins unknown: empty).
pub(crate) fn search_classes(version: Version, record_type: &str) -> Option<SearchClasses> {
    let key = record_type.trim();
    let r = RECORDS
        .iter()
        .find(|r| r.0.eq_ignore_ascii_case(key) || r.1.eq_ignore_ascii_case(key))?;
    let (class, schema, area, type_filter) = match r.4 {
        Search::None => return None,
        Search::Own => (r.1.to_string(), r.2, r.3, None),
        Search::Transaction => (
            "Transaction".to_string(),
            "sales",
            "transactions",
            transaction_filter(r.0),
        ),
        Search::Item => ("Item".to_string(), "accounting", "lists", item_filter(r.0)),
    };
    Some(SearchClasses {
        record_type: r.0.to_string(),
        search: qname(schema, area, &format!("{class}Search"), version),
        basic: qname(
            "common",
            "platform",
            &format!("{class}SearchBasic"),
            version,
        ),
        advanced: qname(schema, area, &format!("{class}SearchAdvanced"), version),
        row: qname(schema, area, &format!("{class}SearchRow"), version),
        row_basic: qname(
            "common",
            "platform",
            &format!("{class}SearchRowBasic"),
            version,
        ),
        joins: Vec::new(),
        type_filter,
    })
}

/// Fields of type `platformCommon:Address` in NetSuite's records (their children are
/// `platformCommon` elements), for writing addresses without a schema.
pub(crate) fn is_address_field(name: &str) -> bool {
    matches!(
        name,
        "addressbookAddress"
            | "billingAddress"
            | "shippingAddress"
            | "payeeAddress"
            | "returnAddress"
            | "mainAddress"
    )
}

/// The `TransactionSearchBasic.type` value of a transaction record type.
pub(crate) fn transaction_filter(record_type: &str) -> Option<SearchTypeFilter> {
    let value = match record_type {
        "journalEntry" => "_journal".to_string(),
        "purchaseRequisition" => "_requisition".to_string(),
        "customTransaction" => "_custom".to_string(),
        other => format!("_{other}"),
    };
    Some(SearchTypeFilter {
        field: "type".into(),
        value,
    })
}

/// The `ItemSearchBasic.type` value of an item record type (NetSuite's ItemType groups the
/// sale/resale/purchase variants of a kind under one value).
pub(crate) fn item_filter(record_type: &str) -> Option<SearchTypeFilter> {
    let value = match record_type {
        "inventoryItem" | "lotNumberedInventoryItem" | "serializedInventoryItem" => {
            "_inventoryItem"
        }
        "assemblyItem" | "lotNumberedAssemblyItem" | "serializedAssemblyItem" => "_assembly",
        "descriptionItem" => "_description",
        "discountItem" => "_discount",
        "downloadItem" => "_downloadItem",
        "giftCertificateItem" => "_giftCertificateItem",
        "itemGroup" => "_itemGroup",
        "kitItem" => "_kit",
        "markupItem" => "_markup",
        "nonInventorySaleItem" | "nonInventoryResaleItem" | "nonInventoryPurchaseItem" => {
            "_nonInventoryItem"
        }
        "otherChargeSaleItem" | "otherChargeResaleItem" | "otherChargePurchaseItem" => {
            "_otherCharge"
        }
        "paymentItem" => "_payment",
        "serviceSaleItem" | "serviceResaleItem" | "servicePurchaseItem" => "_service",
        "subtotalItem" => "_subtotal",
        _ => return None,
    };
    Some(SearchTypeFilter {
        field: "type".into(),
        value: value.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_common_record_namespaces() {
        let v = Version::parse("2023.2").unwrap();
        let c = record(v, "customer").unwrap();
        assert_eq!(c.type_name.prefixed(), "listRel:Customer");
        assert_eq!(
            c.type_name.namespace,
            "urn:relationships_2023_2.lists.webservices.netsuite.com"
        );
        assert_eq!(
            record(v, "SalesOrder").unwrap().type_name.prefixed(),
            "tranSales:SalesOrder"
        );
        let s = search_classes(v, "salesOrder").unwrap();
        assert_eq!(s.search.prefixed(), "tranSales:TransactionSearch");
        assert_eq!(s.basic.prefixed(), "platformCommon:TransactionSearchBasic");
        assert_eq!(s.type_filter.unwrap().value, "_salesOrder");
        assert!(search_classes(v, "currency").is_none());
    }
}
