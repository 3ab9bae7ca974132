//! The supported record types, their field tables, and the stored record.
//!
//! A [`Record`] keeps its body as generic [`Elem`]s by local name, in any order; the field table
//! of its [`RecordKind`] gives the XSD order and each field's kind when it is written back.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::elem::Elem;
use super::schema_table as table;
use crate::version::Version;

/// A record type the simulator stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum RecordKind {
    Customer,
    Contact,
    Vendor,
    Employee,
    InventoryItem,
    NonInventorySaleItem,
    ServiceSaleItem,
    SalesOrder,
    Invoice,
    CustomRecord,
}

/// An internal id space shared by several record kinds (items, transactions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Family {
    Customer,
    Contact,
    Vendor,
    Employee,
    Item,
    Transaction,
    CustomRecord,
}

impl Family {
    /// Every family.
    pub(crate) const ALL: [Family; 7] = [
        Family::Customer,
        Family::Contact,
        Family::Vendor,
        Family::Employee,
        Family::Item,
        Family::Transaction,
        Family::CustomRecord,
    ];

    /// Internal ids of the family are `base + 1 ..`; families never overlap below 20,000,000
    /// customers.
    pub(crate) fn id_base(self) -> u64 {
        match self {
            Family::Customer => 0,
            Family::Contact => 20_000_000,
            Family::Vendor => 40_000_000,
            Family::Employee => 41_000_000,
            Family::Item => 42_000_000,
            Family::Transaction => 50_000_000,
            Family::CustomRecord => 80_000_000,
        }
    }
}

/// The XSD type of a simple field's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueType {
    /// `xsd:string`.
    String,
    /// `xsd:boolean`.
    Boolean,
    /// `xsd:long`.
    Long,
    /// `xsd:double`.
    Double,
    /// `xsd:dateTime`.
    DateTime,
    /// An enumeration of NetSuite's (`_unitedStates`); the simulator knows no value lists, so
    /// any text is accepted and the generated schema types it as `xsd:string`.
    Enum,
}

impl ValueType {
    /// The type's suffix in a field table (`isInactive:boolean`).
    fn from_suffix(suffix: &str) -> ValueType {
        match suffix {
            "boolean" => ValueType::Boolean,
            "long" => ValueType::Long,
            "double" => ValueType::Double,
            "dateTime" => ValueType::DateTime,
            "enum" => ValueType::Enum,
            _ => ValueType::String,
        }
    }

    /// The XSD built-in type of the generated schema.
    pub(crate) fn xsd(self) -> &'static str {
        match self {
            ValueType::String | ValueType::Enum => "xsd:string",
            ValueType::Boolean => "xsd:boolean",
            ValueType::Long => "xsd:long",
            ValueType::Double => "xsd:double",
            ValueType::DateTime => "xsd:dateTime",
        }
    }

    /// True when `text` is a value of the type, as NetSuite reads it (XSD lexical forms;
    /// surrounding white space is collapsed).
    pub(crate) fn accepts(self, text: &str) -> bool {
        let t = text.trim();
        match self {
            ValueType::String | ValueType::Enum => true,
            ValueType::Boolean => matches!(t, "true" | "false" | "1" | "0"),
            ValueType::Long => t.parse::<i64>().is_ok(),
            ValueType::Double => {
                matches!(t, "INF" | "-INF" | "NaN")
                    || (t.parse::<f64>().is_ok()
                        && t.bytes().all(|b| {
                            b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E')
                        }))
            }
            ValueType::DateTime => t.contains('T') && super::dates::parse(t).is_some(),
        }
    }
}

/// How a field is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FieldKind {
    /// Text content of an XSD simple type.
    Simple(ValueType),
    /// A `platformCore:RecordRef`.
    Ref,
    /// The `customFieldList`.
    CustomFields,
    /// A sublist of line records with the given table.
    Lines(LineKind),
}

/// A sublist line type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LineKind {
    SalesOrderItem,
    InvoiceItem,
}

/// One field of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FieldDef {
    pub name: &'static str,
    pub kind: FieldKind,
}

/// A parsed field table: fields in XSD order plus a name index.
#[derive(Debug)]
pub(crate) struct Table {
    pub fields: Vec<FieldDef>,
    index: HashMap<&'static str, usize>,
}

impl Table {
    fn parse(src: &'static str) -> Table {
        let fields: Vec<FieldDef> = src
            .split_whitespace()
            .map(|word| {
                if let Some(name) = word.strip_suffix('@') {
                    FieldDef {
                        name,
                        kind: FieldKind::Ref,
                    }
                } else if let Some(name) = word.strip_suffix('$') {
                    FieldDef {
                        name,
                        kind: FieldKind::CustomFields,
                    }
                } else if let Some((name, line)) = word.split_once('[') {
                    let line = match line.trim_end_matches(']') {
                        "SalesOrderItem" => LineKind::SalesOrderItem,
                        _ => LineKind::InvoiceItem,
                    };
                    FieldDef {
                        name,
                        kind: FieldKind::Lines(line),
                    }
                } else {
                    let (name, suffix) = word.split_once(':').unwrap_or((word, ""));
                    FieldDef {
                        name,
                        kind: FieldKind::Simple(ValueType::from_suffix(suffix)),
                    }
                }
            })
            .collect();
        let index = fields
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name, i))
            .collect();
        Table { fields, index }
    }

    /// The position and definition of a field.
    pub(crate) fn get(&self, name: &str) -> Option<(usize, FieldDef)> {
        self.index.get(name).map(|&i| (i, self.fields[i]))
    }
}

fn tables() -> &'static [Table; 12] {
    static TABLES: OnceLock<[Table; 12]> = OnceLock::new();
    TABLES.get_or_init(|| {
        [
            Table::parse(table::CUSTOMER),
            Table::parse(table::CONTACT),
            Table::parse(table::VENDOR),
            Table::parse(table::EMPLOYEE),
            Table::parse(table::INVENTORY_ITEM),
            Table::parse(table::NON_INVENTORY_SALE_ITEM),
            Table::parse(table::SERVICE_SALE_ITEM),
            Table::parse(table::SALES_ORDER),
            Table::parse(table::INVOICE),
            Table::parse(table::CUSTOM_RECORD),
            Table::parse(table::SALES_ORDER_ITEM),
            Table::parse(table::INVOICE_ITEM),
        ]
    })
}

impl LineKind {
    /// The line's complexType name (`SalesOrderItem`).
    pub(crate) fn class_name(self) -> &'static str {
        match self {
            LineKind::SalesOrderItem => "SalesOrderItem",
            LineKind::InvoiceItem => "InvoiceItem",
        }
    }

    /// The line's field table.
    pub(crate) fn table(self) -> &'static Table {
        match self {
            LineKind::SalesOrderItem => &tables()[10],
            LineKind::InvoiceItem => &tables()[11],
        }
    }
}

/// The namespace area of a record kind: its conventional prefix and `(name, area)` for
/// [`Version::ns`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RecordNs {
    pub prefix: &'static str,
    pub name: &'static str,
    pub area: &'static str,
}

/// Every namespace a record may use, for declaring them once on a response element.
pub(crate) const RECORD_NAMESPACES: [RecordNs; 5] = [
    RecordNs {
        prefix: "listRel",
        name: "relationships",
        area: "lists",
    },
    RecordNs {
        prefix: "listAcct",
        name: "accounting",
        area: "lists",
    },
    RecordNs {
        prefix: "listEmp",
        name: "employees",
        area: "lists",
    },
    RecordNs {
        prefix: "tranSales",
        name: "sales",
        area: "transactions",
    },
    RecordNs {
        prefix: "setupCustom",
        name: "customization",
        area: "setup",
    },
];

impl RecordNs {
    /// The URI for a version.
    pub(crate) fn uri(&self, version: Version) -> String {
        version.ns(self.name, self.area)
    }
}

impl RecordKind {
    /// Every kind.
    pub(crate) const ALL: [RecordKind; 10] = [
        RecordKind::Customer,
        RecordKind::Contact,
        RecordKind::Vendor,
        RecordKind::Employee,
        RecordKind::InventoryItem,
        RecordKind::NonInventorySaleItem,
        RecordKind::ServiceSaleItem,
        RecordKind::SalesOrder,
        RecordKind::Invoice,
        RecordKind::CustomRecord,
    ];

    /// The `RecordType` enum value (`customer`, `salesOrder`).
    pub(crate) fn type_name(self) -> &'static str {
        match self {
            RecordKind::Customer => "customer",
            RecordKind::Contact => "contact",
            RecordKind::Vendor => "vendor",
            RecordKind::Employee => "employee",
            RecordKind::InventoryItem => "inventoryItem",
            RecordKind::NonInventorySaleItem => "nonInventorySaleItem",
            RecordKind::ServiceSaleItem => "serviceSaleItem",
            RecordKind::SalesOrder => "salesOrder",
            RecordKind::Invoice => "invoice",
            RecordKind::CustomRecord => "customRecord",
        }
    }

    /// The complexType name (`Customer`), used in `xsi:type`.
    pub(crate) fn class_name(self) -> &'static str {
        match self {
            RecordKind::Customer => "Customer",
            RecordKind::Contact => "Contact",
            RecordKind::Vendor => "Vendor",
            RecordKind::Employee => "Employee",
            RecordKind::InventoryItem => "InventoryItem",
            RecordKind::NonInventorySaleItem => "NonInventorySaleItem",
            RecordKind::ServiceSaleItem => "ServiceSaleItem",
            RecordKind::SalesOrder => "SalesOrder",
            RecordKind::Invoice => "Invoice",
            RecordKind::CustomRecord => "CustomRecord",
        }
    }

    /// The kind for a `RecordType` value.
    pub(crate) fn from_type_name(name: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.type_name() == name)
    }

    /// The kind for a complexType name (from `xsi:type`).
    pub(crate) fn from_class_name(name: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.class_name() == name)
    }

    /// The record's namespace.
    pub(crate) fn ns(self) -> RecordNs {
        match self {
            RecordKind::Customer | RecordKind::Contact | RecordKind::Vendor => RECORD_NAMESPACES[0],
            RecordKind::InventoryItem
            | RecordKind::NonInventorySaleItem
            | RecordKind::ServiceSaleItem => RECORD_NAMESPACES[1],
            RecordKind::Employee => RECORD_NAMESPACES[2],
            RecordKind::SalesOrder | RecordKind::Invoice => RECORD_NAMESPACES[3],
            RecordKind::CustomRecord => RECORD_NAMESPACES[4],
        }
    }

    /// The id space the kind lives in.
    pub(crate) fn family(self) -> Family {
        match self {
            RecordKind::Customer => Family::Customer,
            RecordKind::Contact => Family::Contact,
            RecordKind::Vendor => Family::Vendor,
            RecordKind::Employee => Family::Employee,
            RecordKind::InventoryItem
            | RecordKind::NonInventorySaleItem
            | RecordKind::ServiceSaleItem => Family::Item,
            RecordKind::SalesOrder | RecordKind::Invoice => Family::Transaction,
            RecordKind::CustomRecord => Family::CustomRecord,
        }
    }

    /// The field table, in XSD order.
    pub(crate) fn table(self) -> &'static Table {
        &tables()[self as usize]
    }

    /// The body field holding the creation date.
    pub(crate) fn created_field(self) -> &'static str {
        match self.family() {
            Family::Item | Family::Transaction => "createdDate",
            Family::CustomRecord => "created",
            _ => "dateCreated",
        }
    }

    /// The body field holding the last modification date.
    pub(crate) fn modified_field(self) -> &'static str {
        match self {
            RecordKind::CustomRecord => "lastModified",
            _ => "lastModifiedDate",
        }
    }

    /// Fields an add must provide: (field, label used in the error message).
    pub(crate) fn required(self) -> &'static [(&'static str, &'static str)] {
        match self {
            RecordKind::Customer | RecordKind::Vendor => &[("companyName", "Company Name")],
            RecordKind::Contact => &[("entityId", "Contact")],
            RecordKind::Employee => &[("lastName", "Last Name")],
            RecordKind::InventoryItem
            | RecordKind::NonInventorySaleItem
            | RecordKind::ServiceSaleItem => &[("itemId", "Item Name/Number")],
            RecordKind::SalesOrder | RecordKind::Invoice => {
                &[("entity", "Customer"), ("itemList", "Items")]
            }
            RecordKind::CustomRecord => &[("name", "Name")],
        }
    }

    /// The record's display name, as `RecordRef/name` shows it.
    pub(crate) fn display_field(self) -> &'static str {
        match self.family() {
            Family::Item => "itemId",
            Family::Transaction => "tranId",
            Family::CustomRecord => "name",
            _ => "entityId",
        }
    }

    /// The prefix of the kind's custom field script ids.
    pub(crate) fn custom_field_prefix(self) -> &'static str {
        match self.family() {
            Family::Item => "custitem",
            Family::Transaction => "custbody",
            Family::CustomRecord => "custrecord",
            _ => "custentity",
        }
    }
}

/// One stored record.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Record {
    pub kind: RecordKind,
    pub internal_id: u64,
    pub external_id: Option<Box<str>>,
    /// Body fields by local name, any order; written in table order.
    pub fields: Vec<Elem>,
}

impl Record {
    /// The first body field with this name.
    pub(crate) fn field(&self, name: &str) -> Option<&Elem> {
        self.fields.iter().find(|f| &*f.name == name)
    }

    /// A simple field's text.
    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        self.field(name).map(|f| &*f.text).filter(|t| !t.is_empty())
    }

    /// Sets (replaces) a body field.
    pub(crate) fn set(&mut self, field: Elem) {
        match self.fields.iter_mut().find(|f| f.name == field.name) {
            Some(slot) => *slot = field,
            None => self.fields.push(field),
        }
    }

    /// Removes a body field.
    pub(crate) fn remove(&mut self, name: &str) {
        self.fields.retain(|f| &*f.name != name);
    }

    /// The display name for references to this record.
    pub(crate) fn display_name(&self) -> Option<&str> {
        self.text(self.kind.display_field())
    }

    /// A reference to this record, as an element named `name`.
    pub(crate) fn reference(&self, name: &str) -> Elem {
        Elem::reference(
            name.to_owned(),
            self.internal_id,
            self.display_name().map(|n| n.to_owned().into()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse_with_kinds() {
        let customer = RecordKind::Customer.table();
        assert_eq!(
            customer.fields[0],
            FieldDef {
                name: "customForm",
                kind: FieldKind::Ref
            }
        );
        assert_eq!(
            customer.get("customFieldList").unwrap().1.kind,
            FieldKind::CustomFields
        );
        let so = RecordKind::SalesOrder.table();
        assert_eq!(
            so.get("itemList").unwrap().1.kind,
            FieldKind::Lines(LineKind::SalesOrderItem)
        );
        assert!(LineKind::InvoiceItem.table().get("item").is_some());
        for kind in RecordKind::ALL {
            let t = kind.table();
            assert!(t.get(kind.created_field()).is_some(), "{kind:?} created");
            assert!(t.get(kind.modified_field()).is_some(), "{kind:?} modified");
            assert!(t.get("customFieldList").is_some(), "{kind:?} custom fields");
            for (f, _) in kind.required() {
                assert!(t.get(f).is_some(), "{kind:?} {f}");
            }
        }
    }
}
