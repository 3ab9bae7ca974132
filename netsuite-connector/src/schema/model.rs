//! The registry's data model: namespaces, complexTypes with their flattened fields, simpleType
//! enumerations, and the record and search tables derived from them.
//!
//! Everything here is plain data built once by [`load`](super::load) and read by many threads
//! (the registry sits in an `Arc`). Lookups on the hot paths (decoding a page of records) are
//! hash lookups by name; nothing allocates per lookup.

use std::collections::HashMap;

use crate::version::Version;

/// Index of a namespace in [`SchemaRegistry::namespaces`].
pub(crate) type NsId = u16;

/// XML Schema's own namespace.
pub(crate) const XSD: &str = "http://www.w3.org/2001/XMLSchema";

/// A namespace with the conventional prefix the connector writes for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Namespace {
    /// The URI, e.g. `urn:relationships_2023_2.lists.webservices.netsuite.com`.
    pub(crate) uri: String,
    /// The prefix, e.g. `listRel` (see [`conventional_prefix`]).
    pub(crate) prefix: String,
}

/// A qualified name inside the registry (namespace by index).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct TypeName {
    /// Namespace index.
    pub(crate) ns: NsId,
    /// Local name.
    pub(crate) name: Box<str>,
}

/// A qualified name with its namespace spelled out, for callers outside the registry.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct QName {
    /// The namespace URI.
    pub(crate) namespace: String,
    /// The conventional prefix (`listRel`, `platformCommon`, ...).
    pub(crate) prefix: String,
    /// The local name (`CustomerSearch`).
    pub(crate) name: String,
}

impl QName {
    /// `prefix:name`, as written in `xsi:type`.
    pub(crate) fn prefixed(&self) -> String {
        format!("{}:{}", self.prefix, self.name)
    }
}

/// How many times an element may occur.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MaxOccurs {
    /// At most this many (usually 1).
    Bounded(u32),
    /// `maxOccurs="unbounded"`.
    Unbounded,
}

impl MaxOccurs {
    /// True when the element may repeat.
    pub(crate) fn is_many(self) -> bool {
        !matches!(self, MaxOccurs::Bounded(0 | 1))
    }
}

/// One element of a complexType's sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Field {
    /// Local name (`entityId`).
    pub(crate) name: String,
    /// Namespace of the element: the namespace of the schema that declares the sequence
    /// (all NetSuite schemas are `elementFormDefault="qualified"`), or of the referenced
    /// global element.
    pub(crate) ns: NsId,
    /// The element's type.
    pub(crate) type_name: TypeName,
    /// `minOccurs` (default 1).
    pub(crate) min_occurs: u32,
    /// `maxOccurs` (default 1).
    pub(crate) max_occurs: MaxOccurs,
    /// `nillable="true"`.
    pub(crate) nillable: bool,
}

/// One attribute of a complexType.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Attribute {
    /// Name (attributes are unqualified).
    pub(crate) name: String,
    /// Type.
    pub(crate) type_name: TypeName,
    /// `use="required"`.
    pub(crate) required: bool,
}

/// A complexType, with the fields of its base types first (XSD extension order).
#[derive(Clone, Debug)]
pub(crate) struct ComplexType {
    /// Local name (`Customer`).
    pub(crate) name: String,
    /// Target namespace of the declaring schema.
    pub(crate) ns: NsId,
    /// `abstract="true"`.
    pub(crate) is_abstract: bool,
    /// The base type of `complexContent/extension` (or of `simpleContent/extension`).
    pub(crate) base: Option<TypeName>,
    /// Every element, base types' first, then own, in sequence order.
    pub(crate) fields: Vec<Field>,
    /// Every attribute, base types' first.
    pub(crate) attributes: Vec<Attribute>,
    /// For `simpleContent`: the simple type of the text.
    pub(crate) simple_content: Option<TypeName>,
    pub(crate) index: HashMap<String, u32>,
}

impl ComplexType {
    /// The field with this local name.
    pub(crate) fn field(&self, name: &str) -> Option<&Field> {
        self.index.get(name).map(|&i| &self.fields[i as usize])
    }

    /// The attribute with this name.
    pub(crate) fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The single repeated element of a list type such as `CustomerAddressbookList`
    /// (`addressbook*` plus a `replaceAll` attribute), if this is one.
    pub(crate) fn list_item(&self) -> Option<&Field> {
        match self.fields.as_slice() {
            [only] if only.max_occurs.is_many() => Some(only),
            _ => None,
        }
    }
}

/// A simpleType: a restriction with its enumeration values (empty when not an enumeration).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SimpleType {
    /// Local name (`Country`).
    pub(crate) name: String,
    /// Namespace.
    pub(crate) ns: NsId,
    /// Restriction base (`xsd:string`).
    pub(crate) base: Option<TypeName>,
    /// Enumeration values in schema order (`_unitedStates`, ...).
    pub(crate) enumeration: Vec<String>,
}

/// One value of the RecordType enumeration and its record complexType.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RecordTypeInfo {
    /// The RecordType value (`customer`, `salesOrder`).
    pub(crate) name: String,
    /// The record's complexType (`listRel:Customer`).
    pub(crate) type_name: TypeName,
}

/// A join of a record search (`contactJoin` → `platformCommon:ContactSearchBasic`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SearchJoin {
    /// The join element name in `<Rec>Search` and `<Rec>SearchRow` (`contactJoin`).
    pub(crate) element: String,
    /// The criteria type (`ContactSearchBasic`).
    pub(crate) basic: QName,
    /// The row (columns) type (`ContactSearchRowBasic`), when the row has this join.
    pub(crate) row_basic: Option<QName>,
}

/// A filter a search needs to return only one record type (transactions, items).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SearchTypeFilter {
    /// The `SearchBasic` field (`type`, a `SearchEnumMultiSelectField`).
    pub(crate) field: String,
    /// The value (`_salesOrder`, `_inventoryItem`).
    pub(crate) value: String,
}

/// The search classes of one record type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SearchClasses {
    /// The record type asked for (`customer`, `salesOrder`).
    pub(crate) record_type: String,
    /// `listRel:CustomerSearch` (`tranSales:TransactionSearch` for a sales order).
    pub(crate) search: QName,
    /// `platformCommon:CustomerSearchBasic`.
    pub(crate) basic: QName,
    /// `listRel:CustomerSearchAdvanced`.
    pub(crate) advanced: QName,
    /// `listRel:CustomerSearchRow`.
    pub(crate) row: QName,
    /// `platformCommon:CustomerSearchRowBasic`.
    pub(crate) row_basic: QName,
    /// Joins in schema order (empty in the schemaless table).
    pub(crate) joins: Vec<SearchJoin>,
    /// A filter to add when the search class covers several record types.
    pub(crate) type_filter: Option<SearchTypeFilter>,
}

/// The kind of a `SearchBasic` field (its `platformCore:Search*Field` type).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum SearchFieldKind {
    /// `SearchStringField`.
    String,
    /// `SearchLongField`.
    Long,
    /// `SearchDoubleField`.
    Double,
    /// `SearchDateField`.
    Date,
    /// `SearchBooleanField`.
    Boolean,
    /// `SearchMultiSelectField` (values are RecordRefs).
    MultiSelect,
    /// `SearchEnumMultiSelectField` (values are enumeration strings).
    EnumMultiSelect,
    /// `SearchTextNumberField`.
    TextNumber,
    /// `SearchCustomFieldList` (`customFieldList`).
    CustomFieldList,
    /// Another type, by local name.
    Other(String),
}

impl SearchFieldKind {
    /// The kind of a `platformCore` search field type name.
    pub(crate) fn from_type_name(name: &str) -> SearchFieldKind {
        match name {
            "SearchStringField" => SearchFieldKind::String,
            "SearchLongField" => SearchFieldKind::Long,
            "SearchDoubleField" => SearchFieldKind::Double,
            "SearchDateField" => SearchFieldKind::Date,
            "SearchBooleanField" => SearchFieldKind::Boolean,
            "SearchMultiSelectField" => SearchFieldKind::MultiSelect,
            "SearchEnumMultiSelectField" => SearchFieldKind::EnumMultiSelect,
            "SearchTextNumberField" => SearchFieldKind::TextNumber,
            "SearchCustomFieldList" => SearchFieldKind::CustomFieldList,
            other => SearchFieldKind::Other(other.to_string()),
        }
    }

    /// The `platformCore` type name (`SearchStringField`).
    pub(crate) fn type_name(&self) -> &str {
        match self {
            SearchFieldKind::String => "SearchStringField",
            SearchFieldKind::Long => "SearchLongField",
            SearchFieldKind::Double => "SearchDoubleField",
            SearchFieldKind::Date => "SearchDateField",
            SearchFieldKind::Boolean => "SearchBooleanField",
            SearchFieldKind::MultiSelect => "SearchMultiSelectField",
            SearchFieldKind::EnumMultiSelect => "SearchEnumMultiSelectField",
            SearchFieldKind::TextNumber => "SearchTextNumberField",
            SearchFieldKind::CustomFieldList => "SearchCustomFieldList",
            SearchFieldKind::Other(name) => name,
        }
    }
}

/// A loaded WSDL/XSD set of one version.
#[derive(Debug)]
pub struct SchemaRegistry {
    pub(crate) version: Version,
    /// The id of XML Schema's namespace.
    pub(crate) xsd: NsId,
    /// The id of `platformCore`.
    pub(crate) core: Option<NsId>,
    pub(crate) namespaces: Vec<Namespace>,
    pub(crate) ns_index: HashMap<String, NsId>,
    pub(crate) complex: Vec<ComplexType>,
    /// Per namespace: complexType name → index in `complex`.
    pub(crate) complex_index: Vec<HashMap<String, u32>>,
    pub(crate) simple: Vec<SimpleType>,
    pub(crate) simple_index: Vec<HashMap<String, u32>>,
    pub(crate) records: Vec<RecordTypeInfo>,
    /// Lowercased RecordType value and lowercased complexType name → index in `records`.
    pub(crate) record_index: HashMap<String, u32>,
    /// Lowercased record type → search classes.
    pub(crate) searches: HashMap<String, SearchClasses>,
    /// Files read, in load order (for messages and tests).
    pub(crate) files: Vec<String>,
}

impl SchemaRegistry {
    /// The version the set is for.
    pub fn version(&self) -> Version {
        self.version
    }

    /// The namespace of an id.
    pub(crate) fn namespace(&self, ns: NsId) -> &Namespace {
        &self.namespaces[ns as usize]
    }

    /// The id of a namespace URI.
    pub(crate) fn ns_id(&self, uri: &str) -> Option<NsId> {
        self.ns_index.get(uri).copied()
    }

    /// The files the set was read from, in load order.
    pub(crate) fn files(&self) -> &[String] {
        &self.files
    }

    /// A `QName` for a registry type name.
    pub(crate) fn qname(&self, t: &TypeName) -> QName {
        let ns = self.namespace(t.ns);
        QName {
            namespace: ns.uri.clone(),
            prefix: ns.prefix.clone(),
            name: t.name.to_string(),
        }
    }

    /// The complexType with this namespace and name.
    pub(crate) fn complex_type(&self, ns: NsId, name: &str) -> Option<&ComplexType> {
        let i = *self.complex_index.get(ns as usize)?.get(name)?;
        Some(&self.complex[i as usize])
    }

    /// The complexType a type name refers to, if it is one.
    pub(crate) fn complex_of(&self, t: &TypeName) -> Option<&ComplexType> {
        self.complex_type(t.ns, &t.name)
    }

    /// The complexType by namespace URI and name.
    pub(crate) fn complex_type_by_uri(&self, uri: &str, name: &str) -> Option<&ComplexType> {
        self.complex_type(self.ns_id(uri)?, name)
    }

    /// The simpleType with this namespace and name.
    pub(crate) fn simple_type(&self, ns: NsId, name: &str) -> Option<&SimpleType> {
        let i = *self.simple_index.get(ns as usize)?.get(name)?;
        Some(&self.simple[i as usize])
    }

    /// Every complexType.
    pub(crate) fn complex_types(&self) -> &[ComplexType] {
        &self.complex
    }

    /// Every simpleType.
    pub(crate) fn simple_types(&self) -> &[SimpleType] {
        &self.simple
    }

    /// True when `t` is an XML Schema built-in type (`xsd:string`).
    pub(crate) fn is_builtin(&self, t: &TypeName) -> bool {
        t.ns == self.xsd
    }

    /// The id of `platformCore` (`urn:core_<v>.platform`), if the set has it.
    pub(crate) fn core_ns(&self) -> Option<NsId> {
        self.core
    }

    /// Every record type of the RecordType enumeration that has a record complexType.
    pub(crate) fn record_types(&self) -> &[RecordTypeInfo] {
        &self.records
    }

    /// A record type by RecordType value (`salesOrder`) or complexType name (`SalesOrder`),
    /// case-insensitively.
    pub(crate) fn record_type(&self, name: &str) -> Option<&RecordTypeInfo> {
        let key = name.trim().to_ascii_lowercase();
        self.record_index
            .get(&key)
            .map(|&i| &self.records[i as usize])
    }

    /// The complexType of a record type.
    #[cfg(test)]
    pub(crate) fn record_complex_type(&self, record_type: &str) -> Option<&ComplexType> {
        self.complex_of(&self.record_type(record_type)?.type_name)
    }

    /// The search classes of a record type (`customer` → `CustomerSearch`, ...); `None` when
    /// the record type cannot be searched.
    pub(crate) fn search_classes(&self, record_type: &str) -> Option<&SearchClasses> {
        self.searches.get(&record_type.trim().to_ascii_lowercase())
    }

    /// Record types that can be searched, in RecordType order.
    pub(crate) fn searchable_record_types(&self) -> Vec<&str> {
        self.records
            .iter()
            .filter(|r| self.searches.contains_key(&r.name.to_ascii_lowercase()))
            .map(|r| r.name.as_str())
            .collect()
    }

    /// The kind of a search field: `field` of the record's `SearchBasic`, or of the join's
    /// `SearchBasic` when `join` (`contactJoin`) is given.
    pub(crate) fn search_field(
        &self,
        record_type: &str,
        join: Option<&str>,
        field: &str,
    ) -> Option<SearchFieldKind> {
        let classes = self.search_classes(record_type)?;
        let basic = match join {
            None => &classes.basic,
            Some(j) => &classes.joins.iter().find(|x| x.element == j)?.basic,
        };
        let ct = self.complex_type_by_uri(&basic.namespace, &basic.name)?;
        let f = ct.field(field)?;
        Some(SearchFieldKind::from_type_name(&f.type_name.name))
    }

    /// Every field of a record type's (or a join's) `SearchBasic`, with its kind.
    pub(crate) fn search_fields(
        &self,
        record_type: &str,
        join: Option<&str>,
    ) -> Vec<(String, SearchFieldKind)> {
        let Some(classes) = self.search_classes(record_type) else {
            return Vec::new();
        };
        let basic = match join {
            None => Some(&classes.basic),
            Some(j) => classes
                .joins
                .iter()
                .find(|x| x.element == j)
                .map(|x| &x.basic),
        };
        basic
            .and_then(|b| self.complex_type_by_uri(&b.namespace, &b.name))
            .map(|ct| {
                ct.fields
                    .iter()
                    .map(|f| {
                        (
                            f.name.clone(),
                            SearchFieldKind::from_type_name(&f.type_name.name),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// True when `t` is `sub` or derives from it (through `base`).
    pub(crate) fn derives_from(&self, t: &TypeName, ancestor_ns: NsId, ancestor: &str) -> bool {
        let mut cur = Some(t.clone());
        let mut guard = 0;
        while let Some(c) = cur {
            if c.ns == ancestor_ns && &*c.name == ancestor {
                return true;
            }
            guard += 1;
            if guard > 32 {
                return false;
            }
            cur = self.complex_of(&c).and_then(|ct| ct.base.clone());
        }
        false
    }
}

/// The prefix NetSuite's documentation and clients use for a namespace URI
/// (`urn:relationships_2023_2.lists.webservices.netsuite.com` → `listRel`); `None` for URIs
/// outside NetSuite's pattern.
pub(crate) fn conventional_prefix(uri: &str) -> Option<String> {
    if uri == XSD {
        return Some("xsd".into());
    }
    if uri == crate::ns::XSI {
        return Some("xsi".into());
    }
    let rest = uri.strip_prefix("urn:")?;
    let rest = rest.strip_suffix(".webservices.netsuite.com")?;
    let (types, rest) = match rest.strip_prefix("types.") {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (name_ver, area) = rest.split_once('.')?;
    let name = name_ver.split('_').next()?;
    let base = match (area, name) {
        ("platform", "core") => "platformCore",
        ("platform", "common") => "platformCommon",
        ("platform", "messages") => "platformMsgs",
        ("platform", "faults") => "platformFaults",
        ("lists", "relationships") => "listRel",
        ("lists", "accounting") => "listAcct",
        ("lists", "employees") => "listEmp",
        ("lists", "marketing") => "listMkt",
        ("lists", "support") => "listSupport",
        ("lists", "website") => "listSite",
        ("lists", "supplychain") => "listScm",
        ("transactions", "sales") => "tranSales",
        ("transactions", "purchases") => "tranPurch",
        ("transactions", "customers") => "tranCust",
        ("transactions", "bank") => "tranBank",
        ("transactions", "inventory") => "tranInvt",
        ("transactions", "general") => "tranGeneral",
        ("transactions", "employees") => "tranEmp",
        ("transactions", "financial") => "tranFin",
        ("transactions", "demandplanning") => "tranDP",
        ("setup", "customization") => "setupCustom",
        ("activities", "scheduling") => "actSched",
        ("general", "communication") => "commGeneral",
        ("documents", "filecabinet") => "docFileCab",
        ("webservices", "platform") | ("", "platform") => "tns",
        _ => {
            return Some(format!(
                "{area}{}{}",
                upper_first(name),
                if types { "Typ" } else { "" }
            ))
        }
    };
    Some(if types {
        format!("{base}Typ")
    } else {
        base.to_string()
    })
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// The namespace URI of a NetSuite schema for a version: `("relationships", "lists")` →
/// `urn:relationships_2023_2.lists.webservices.netsuite.com`.
pub(crate) fn netsuite_uri(name: &str, area: &str, version: Version) -> String {
    format!(
        "urn:{name}_{}.{area}.webservices.netsuite.com",
        version.tag()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventional_prefixes_follow_netsuite_usage() {
        let p = |u: &str| conventional_prefix(u).unwrap();
        assert_eq!(
            p("urn:relationships_2023_2.lists.webservices.netsuite.com"),
            "listRel"
        );
        assert_eq!(
            p("urn:types.core_2017_1.platform.webservices.netsuite.com"),
            "platformCoreTyp"
        );
        assert_eq!(
            p("urn:sales_2017_2.transactions.webservices.netsuite.com"),
            "tranSales"
        );
        assert_eq!(p("urn:foo_2023_2.bar.webservices.netsuite.com"), "barFoo");
        assert!(conventional_prefix("http://example.com").is_none());
    }
}
