//! The run-time schema registry (NetSuite's WSDL/XSD of the connection's version) and the
//! conversion of records between JSON documents and SuiteTalk XML.
//!
//! # Where the schema comes from
//!
//! [`registry_for`] gives an operation its connection's registry: loaded from the connection's
//! `schema_folder` (`<folder>/netsuite.wsdl` or `<folder>/<YYYY_N>/netsuite.wsdl`, XSDs beside
//! it or in `xsd/`), or downloaded from `<origin>/wsdl/v<YYYY_N>_0/netsuite.wsdl` (origin = the
//! account's webservices domain after discovery, else the URL's origin) through the host's
//! transport and cached on disk (see [`source`]). Registries are shared in memory per folder or
//! (origin, version) by the connections of one connector instance (`state::ConnectorState`),
//! loaded once per key while other keys load in parallel. `Ok(None)` means no schema is reachable and no
//! folder is given: everything below then works *schemaless* and the log says so once.
//!
//! ```ignore
//! let registry = schema::registry_for(&client, cancel)?;          // Option<Arc<SchemaRegistry>>
//! let reg = registry.as_deref();
//! schema::encode_document(reg, version, "customer", &doc.data, &doc.content_type,
//!                         "platformMsgs:record", w)?;              // Err(Vec<FieldError>)
//! let json = schema::decode_record(reg, record_node);           // serde_json::Value
//! schema::write_record_json(reg, record_node, &mut bytes);     // the same, as JSON text (faster)
//! let row = schema::decode_search_row(reg, search_row_node);
//! let classes = schema::search_classes(reg, version, "customer");  // CustomerSearch, ...
//! let kind = schema::search_field(reg, version, "customer", Some("contactJoin"), "email");
//! ```
//!
//! # JSON record shape (input of add/update/upsert, output of get/search)
//!
//! - One object per record: fields by name; `internalId` / `externalId` attributes as keys;
//!   `"recordType": "Customer"` (written by the decoder) is accepted and checked, never sent.
//! - References: `{"internalId": "12"}`, `{"externalId": "A-1"}` or `{"name": "Acme"}`
//!   (RecordRef, with `type` when the field needs it).
//! - Sublists: `"addressbookList": {"replaceAll": false, "addressbook": [{...}]}` or just
//!   `"addressbookList": [{...}]`; `"itemList": {"item": [...]}` likewise. Errors name the
//!   path: `itemList.item[2].quantity`.
//! - `customFieldList`: an array of `{"scriptId", "type", "value"}` (`type` one of `String`,
//!   `Long`, `Double`, `Boolean`, `Date`, `Select`, `MultiSelect`, or the full
//!   `StringCustomFieldRef`; optional, inferred from the value when missing; `internalId`
//!   optional), or an object keyed by scriptId (`{"custentity_tier": "gold"}`, types inferred:
//!   text → String, integer → Long, other number → Double, boolean → Boolean, object → Select,
//!   array of objects → MultiSelect; dates need the array form with `"type": "Date"`). The
//!   decoder always writes the array form with the full type name. The account's own custom
//!   fields, learned from NetSuite ([`account_fields`], cached by [`account_fields_cache`]),
//!   are typed by what they are, not by their values: a wrong value is refused naming the
//!   field, and a known field gets its type ([`account_fields_apply`]).
//! - Clearing fields on update: `"nullFieldList": ["phone", "custentity_tier"]`; a field given
//!   as `null` is added to it too.
//! - Scalars with a schema: `xsd:long`/`int` need whole numbers (or numeric text), `double` any
//!   number, `boolean` true/false, `dateTime` ISO 8601 with offset
//!   (`2024-01-31T10:00:00-08:00`, `…Z`); enumerations accept `_unitedStates` and
//!   `unitedStates`. Unknown fields are errors (with a "did you mean").
//! - Without a schema: fields in the document's order, in the record's namespace (an address's
//!   fields in `platformCommon`); types
//!   inferred (an object with internalId/externalId is a reference, an array a repeated element,
//!   an array under `xxxList` a list of `xxx`); only the record types of the built-in table
//!   ([`builtin`]) can be written.
//! - A field of an abstract type (`customDimension`, a `BaseRef`) names its concrete type:
//!   `{"xsiType": "RecordRef", "internalId": "3"}`.
//! - Raw XML (content type `…xml`, or a document starting with `<`) passes through unchanged,
//!   re-parented as the request's element ([`raw`]); a root without `xsi:type` gets the record
//!   type's.
//! - Output: `xsd:long`/`int`/`double` as JSON numbers, `boolean` as booleans, dates and
//!   enumerations as text; every element the XSD declares repeatable as an array, even with one
//!   item. Without a schema, the [`record_json`](crate::record_json) shape, leaves typed by
//!   their look (`true`/`false` booleans, plainly written numbers; everything else text).
//!
//! Search rows: see [`decode_row`] for the JSON shape.
//!
//! # Search support
//!
//! [`search_classes`] gives the classes of a record type with their namespaces
//! (`listRel:CustomerSearch`, `platformCommon:CustomerSearchBasic`,
//! `listRel:CustomerSearchAdvanced`, `listRel:CustomerSearchRow`, the join elements with their
//! `SearchBasic`/`SearchRowBasic` types, and for transactions and items the `type` filter value:
//! `salesOrder` → `TransactionSearch` + `_salesOrder`). [`search_field`] gives the
//! `Search*Field` kind of a criteria field; `SchemaRegistry::searchable_record_types` the record types Query
//! offers. Without a schema a built-in table covers the common record types (no joins; only
//! the fields every `SearchBasic` has).
//!
//! # Browse
//!
//! [`browse::browse`] answers the connection's browse requests from the same registry.
//!
//! # Stability
//!
//! The functions re-exported here are the API the operations call; they only grow.

pub(crate) mod account_fields;
pub(crate) mod account_fields_apply;
pub(crate) mod account_fields_cache;
pub(crate) mod browse;
pub(crate) mod builtin;
pub(crate) mod decode;
pub(crate) mod decode_json;
pub(crate) mod decode_row;
pub(crate) mod encode;
pub(crate) mod load;
pub(crate) mod model;
mod names;
pub(crate) mod raw;
pub(crate) mod source;
mod tree;
mod values;

#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_account_fields;
#[cfg(test)]
mod tests_generated;
#[cfg(test)]
mod tests_rows;
#[cfg(test)]
mod tests_source;
#[cfg(test)]
mod tests_validate;

use connector_sdk::payload::FieldError;

// `pub` only where `lib.rs`'s `testing` module re-exports them for the benches.
pub use decode::decode_record;
pub use decode_json::write_record_json;
pub(crate) use decode_json::write_search_row_json;
pub(crate) use decode_row::decode_search_row;
pub use encode::encode_record;
pub use load::SchemaError;
pub use model::SchemaRegistry;
pub(crate) use model::{QName, SearchClasses, SearchFieldKind};
pub(crate) use source::registry_for;

use crate::envelope::XmlWriter;
use crate::version::Version;

/// True when a document is raw XML: an XML content type, or data starting with `<`.
pub(crate) fn is_xml_document(data: &[u8], content_type: &str) -> bool {
    let ct = content_type.to_ascii_lowercase();
    if ct.contains("xml") {
        return true;
    }
    if ct.contains("json") {
        return false;
    }
    data.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<')
}

/// Writes one input document (JSON or raw XML) as the record element `element_name`.
///
/// # Errors
/// Field-level errors: not JSON, not well-formed XML, or what [`encode_record`] finds.
pub(crate) fn encode_document(
    registry: Option<&SchemaRegistry>,
    version: Version,
    record_type: &str,
    data: &[u8],
    content_type: &str,
    element_name: &str,
    w: &mut XmlWriter,
) -> Result<(), Vec<FieldError>> {
    if is_xml_document(data, content_type) {
        let text = std::str::from_utf8(data)
            .map_err(|_| vec![FieldError::new("", "the XML document is not UTF-8")])?;
        let qname = record_qname(registry, version, record_type);
        let default = qname
            .as_ref()
            .map(|q| (q.prefix.as_str(), q.namespace.as_str(), q.name.as_str()));
        return raw::write_raw_record(text, element_name, default, w);
    }
    let value: serde_json::Value = serde_json::from_slice(data).map_err(|e| {
        vec![FieldError::new(
            "",
            format!("the document is not JSON: {e}"),
        )]
    })?;
    encode_record(registry, version, record_type, &value, element_name, w)
}

/// The record complexType of a record type (`salesOrder` → `tranSales:SalesOrder`), from the
/// registry or the built-in table.
pub(crate) fn record_qname(
    registry: Option<&SchemaRegistry>,
    version: Version,
    record_type: &str,
) -> Option<QName> {
    match registry {
        Some(reg) => reg
            .record_type(record_type)
            .map(|r| reg.qname(&r.type_name)),
        None => builtin::record(version, record_type).map(|b| b.type_name),
    }
}

/// The search classes of a record type, from the registry (with joins) or the built-in table
/// (without joins); `None` when it cannot be searched (or is unknown without a schema).
pub(crate) fn search_classes(
    registry: Option<&SchemaRegistry>,
    version: Version,
    record_type: &str,
) -> Option<SearchClasses> {
    match registry {
        Some(reg) => reg.search_classes(record_type).cloned(),
        None => builtin::search_classes(version, record_type),
    }
}

/// The kind of a search field of a record type's `SearchBasic` (or of a join's). Without a
/// registry only the fields every `SearchBasic` has are known (`internalId`, `externalId`,
/// `internalIdNumber`, `externalIdString`, `lastModifiedDate`, `dateCreated`, `isInactive`,
/// `customFieldList`) plus the type filter field; other fields give `None`.
pub(crate) fn search_field(
    registry: Option<&SchemaRegistry>,
    version: Version,
    record_type: &str,
    join: Option<&str>,
    field: &str,
) -> Option<SearchFieldKind> {
    if let Some(reg) = registry {
        return reg.search_field(record_type, join, field);
    }
    let classes = builtin::search_classes(version, record_type)?;
    if join.is_none()
        && classes
            .type_filter
            .as_ref()
            .is_some_and(|f| f.field == field)
    {
        return Some(SearchFieldKind::EnumMultiSelect);
    }
    Some(match field {
        "internalId" | "externalId" => SearchFieldKind::MultiSelect,
        "internalIdNumber" => SearchFieldKind::Long,
        "externalIdString" => SearchFieldKind::String,
        "lastModifiedDate" | "dateCreated" => SearchFieldKind::Date,
        "isInactive" => SearchFieldKind::Boolean,
        "customFieldList" => SearchFieldKind::CustomFieldList,
        _ => return None,
    })
}
