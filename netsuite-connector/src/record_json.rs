//! SuiteTalk XML records to JSON documents, without a schema.
//!
//! Shape: one JSON object per record; child elements by local name; `internalId`,
//! `externalId`, `type` (and `scriptId`, `typeId`) attributes as keys; a reference
//! (`<entity internalId="12"><name>Acme</name></entity>`) as `{"internalId":"12","name":"Acme"}`;
//! a repeated element as an array; `customFieldList` as an array of
//! `{"scriptId", "internalId", "type", "value"}`; the record's `xsi:type` as `"recordType"`
//! (`"Customer"`). Text stays text: without a schema, types are not guessed on output.

use roxmltree::Node;
use serde_json::{Map, Value};

use crate::ns::XSI;

/// Converts one record element (e.g. `record xsi:type="listRel:Customer"`) to JSON.
pub(crate) fn record_to_json(record: Node<'_, '_>) -> Value {
    let mut obj = Map::new();
    if let Some(t) = record.attribute((XSI, "type")) {
        let local = t.rsplit(':').next().unwrap_or(t);
        obj.insert("recordType".into(), Value::String(local.to_string()));
    }
    add_attributes(record, &mut obj);
    add_children(record, &mut obj);
    Value::Object(obj)
}

fn add_attributes(node: Node<'_, '_>, obj: &mut Map<String, Value>) {
    for a in node.attributes() {
        if a.namespace().is_none() {
            obj.insert(a.name().to_string(), Value::String(a.value().to_string()));
        }
    }
}

fn add_children(node: Node<'_, '_>, obj: &mut Map<String, Value>) {
    for child in node.children().filter(Node::is_element) {
        let name = child.tag_name().name();
        let value = if name == "customFieldList" {
            Value::Array(
                child
                    .children()
                    .filter(Node::is_element)
                    .map(custom_field)
                    .collect(),
            )
        } else {
            element_value(child)
        };
        match obj.get_mut(name) {
            None => {
                obj.insert(name.to_string(), value);
            }
            Some(Value::Array(items))
                if child
                    .prev_sibling_element()
                    .is_some_and(|p| p.tag_name().name() == name) =>
            {
                items.push(value)
            }
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, value]);
            }
        }
    }
}

fn element_value(node: Node<'_, '_>) -> Value {
    let has_elements = node.children().any(|c| c.is_element());
    let has_attributes = node.attributes().any(|a| a.namespace().is_none());
    if !has_elements && !has_attributes {
        return Value::String(node.text().unwrap_or("").to_string());
    }
    let mut obj = Map::new();
    add_attributes(node, &mut obj);
    add_children(node, &mut obj);
    if !has_elements {
        if let Some(t) = node.text().map(str::trim).filter(|t| !t.is_empty()) {
            obj.insert("value".into(), Value::String(t.to_string()));
        }
    }
    Value::Object(obj)
}

fn custom_field(node: Node<'_, '_>) -> Value {
    let mut obj = Map::new();
    add_attributes(node, &mut obj);
    if let Some(t) = node.attribute((XSI, "type")) {
        obj.insert(
            "type".into(),
            Value::String(t.rsplit(':').next().unwrap_or(t).to_string()),
        );
    }
    let values: Vec<Value> = node
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "value")
        .map(element_value)
        .collect();
    let value = match values.len() {
        1 if !obj
            .get("type")
            .is_some_and(|t| t == "MultiSelectCustomFieldRef") =>
        {
            values.into_iter().next().unwrap_or(Value::Null)
        }
        _ => Value::Array(values),
    };
    obj.insert("value".into(), value);
    Value::Object(obj)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_references_custom_fields_and_lists() {
        let xml = r#"<record xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:l="urn:relationships_2023_2.lists.webservices.netsuite.com" xmlns:c="urn:core_2023_2.platform.webservices.netsuite.com"
            internalId="42" externalId="C-42" xsi:type="l:Customer">
            <l:entityId>Acme &amp; Co</l:entityId>
            <l:subsidiary internalId="1"><c:name>Parent</c:name></l:subsidiary>
            <l:customFieldList>
              <c:customField scriptId="custentity_tier" xsi:type="c:StringCustomFieldRef"><c:value>gold</c:value></c:customField>
              <c:customField scriptId="custentity_tags" xsi:type="c:MultiSelectCustomFieldRef"><c:value internalId="1"/><c:value internalId="2"/></c:customField>
            </l:customFieldList>
          </record>"#;
        let doc = roxmltree::Document::parse(xml).unwrap();
        let json = record_to_json(doc.root_element());
        assert_eq!(json["recordType"], "Customer");
        assert_eq!(json["internalId"], "42");
        assert_eq!(json["entityId"], "Acme & Co");
        assert_eq!(json["subsidiary"]["internalId"], "1");
        assert_eq!(json["subsidiary"]["name"], "Parent");
        assert_eq!(json["customFieldList"][0]["value"], "gold");
        assert_eq!(json["customFieldList"][1]["value"][1]["internalId"], "2");
    }
}
