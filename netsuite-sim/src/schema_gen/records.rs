//! The record schemas of the generated set: each record type the simulator stores, with its
//! fields typed from the field tables, the sublists' line types, and the search classes
//! (`<Class>Search`, `…Advanced`, `…Row`) of the namespace; plus the two enumerations the
//! connector reads to search items and transactions by type (`ItemType`, `TransactionType`).

use super::xsd::{Complex, Occ, Schema};
use crate::store::record::{FieldKind, LineKind, RecordKind, Table};
use crate::store::search::SearchClass;
use crate::version::Version;

/// The record namespaces, in the order of the WSDL's imports.
pub(super) const RECORD_PREFIXES: [&str; 5] =
    ["listRel", "listAcct", "listEmp", "tranSales", "setupCustom"];

/// The schema of the record namespace `prefix`.
pub(super) fn records(version: Version, prefix: &str) -> String {
    let mut s = Schema::new(version, prefix);
    for kind in RecordKind::ALL
        .into_iter()
        .filter(|k| k.ns().prefix == prefix)
    {
        let c = Complex::new(kind.class_name()).base("platformCore:Record");
        let c = fields(c, prefix, kind.table())
            .attr("internalId", "xsd:string")
            .attr("externalId", "xsd:string");
        s.complex(c);
    }
    if prefix == "tranSales" {
        for (line, class) in [
            (LineKind::SalesOrderItem, "SalesOrderItem"),
            (LineKind::InvoiceItem, "InvoiceItem"),
        ] {
            s.complex(fields(Complex::new(class), prefix, line.table()));
            s.complex(
                Complex::new(format!("{class}List"))
                    .field("item", format!("{prefix}:{class}"), Occ::Many)
                    .attr("replaceAll", "xsd:boolean"),
            );
        }
    }
    for class in SearchClass::ALL
        .into_iter()
        .filter(|c| c.prefix() == prefix)
    {
        search_class(&mut s, prefix, class);
    }
    s.finish()
}

/// A record's or line's fields, in table order, all optional.
fn fields(mut c: Complex, prefix: &str, table: &Table) -> Complex {
    for f in &table.fields {
        let ty = match f.kind {
            FieldKind::Simple(v) => v.xsd().to_owned(),
            FieldKind::Ref => "platformCore:RecordRef".to_owned(),
            FieldKind::CustomFields => "platformCore:CustomFieldList".to_owned(),
            FieldKind::Lines(LineKind::SalesOrderItem) => format!("{prefix}:SalesOrderItemList"),
            FieldKind::Lines(LineKind::InvoiceItem) => format!("{prefix}:InvoiceItemList"),
        };
        c = c.field(f.name, ty, Occ::Opt);
    }
    c
}

fn search_class(s: &mut Schema, prefix: &str, class: SearchClass) {
    let stem = class.stem();
    let mut search = Complex::new(format!("{stem}Search"))
        .base("platformCore:SearchRecord")
        .field(
            "basic",
            format!("platformCommon:{stem}SearchBasic"),
            Occ::Opt,
        );
    let mut row = Complex::new(format!("{stem}SearchRow"))
        .base("platformCore:SearchRow")
        .field(
            "basic",
            format!("platformCommon:{stem}SearchRowBasic"),
            Occ::Opt,
        );
    for (join, joined) in class.joins() {
        let other = joined.stem();
        search = search.field(
            *join,
            format!("platformCommon:{other}SearchBasic"),
            Occ::Opt,
        );
        row = row.field(
            *join,
            format!("platformCommon:{other}SearchRowBasic"),
            Occ::Opt,
        );
    }
    // Last, as in NetSuite's row types: one per custom record join.
    row = row.field(
        "customSearchJoin",
        "platformCommon:CustomSearchRowBasic",
        Occ::Many,
    );
    s.complex(search);
    s.complex(
        Complex::new(format!("{stem}SearchAdvanced"))
            .base("platformCore:SearchRecord")
            .field("criteria", format!("{prefix}:{stem}Search"), Occ::Opt)
            .field("columns", format!("{prefix}:{stem}SearchRow"), Occ::Opt)
            .attr("savedSearchId", "xsd:string")
            .attr("savedSearchScriptId", "xsd:string"),
    );
    s.complex(row);
}

/// `lists.accountingTypes.xsd`: the `ItemSearchBasic.type` values of the stored item kinds.
pub(super) fn item_types(version: Version) -> String {
    let mut s = Schema::new(version, "listAcctTyp");
    s.enumeration(
        "ItemType",
        &["_inventoryItem", "_nonInventoryItem", "_service"],
    );
    s.finish()
}

/// `transactions.saleTypes.xsd`: the `TransactionSearchBasic.type` values of the stored
/// transaction kinds.
pub(super) fn transaction_types(version: Version) -> String {
    let mut s = Schema::new(version, "tranSalesTyp");
    s.enumeration("TransactionType", &["_invoice", "_salesOrder"]);
    s.finish()
}
