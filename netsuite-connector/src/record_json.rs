//! SuiteTalk XML records to JSON documents, without a schema.
//!
//! Shape: one JSON object per record; child elements by local name; `internalId`,
//! `externalId`, `type` (and `scriptId`, `typeId`) attributes as keys; a reference
//! (`<entity internalId="12"><name>Acme</name></entity>`) as `{"internalId":"12","name":"Acme"}`;
//! a repeated element as an array; `customFieldList` as an array of
//! `{"scriptId", "internalId", "type", "value"}`; the record's `xsi:type` as `"recordType"`
//! (`"Customer"`).
//!
//! Without a schema, an element's text is typed by its look ([`infer_scalar`]): `true` and
//! `false` as booleans, numbers written plainly (`12`, `-3.5`, `24.00`) as numbers, anything
//! else as text (`007`, `1e3`, dates). Attributes (`internalId`, …) stay text. A custom
//! field's value follows its declared type (`LongCustomFieldRef` a number,
//! `StringCustomFieldRef` text even when it looks like a number).

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
    // Names already made an array by repetition: a further one joins it, wherever it stands
    // (one key per name), while a first value that is itself an array is kept whole.
    let mut repeated: Vec<&str> = Vec::new();
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
            Some(Value::Array(items)) if repeated.contains(&name) => items.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, value]);
                repeated.push(name);
            }
        }
    }
}

fn element_value(node: Node<'_, '_>) -> Value {
    let has_elements = node.children().any(|c| c.is_element());
    let has_attributes = node.attributes().any(|a| a.namespace().is_none());
    if !has_elements && !has_attributes {
        return infer_scalar(node.text().unwrap_or(""));
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
    let declared = obj.get("type").and_then(Value::as_str).map(str::to_owned);
    let values: Vec<Value> = node
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "value")
        .map(|v| {
            let leaf = !v.children().any(|c| c.is_element())
                && !v.attributes().any(|a| a.namespace().is_none());
            if !leaf {
                return element_value(v);
            }
            let text = v.text().unwrap_or("");
            match declared.as_deref() {
                Some("LongCustomFieldRef") => crate::schema::decode::builtin_value("long", text),
                Some("DoubleCustomFieldRef") => {
                    crate::schema::decode::builtin_value("double", text)
                }
                Some("BooleanCustomFieldRef") => {
                    crate::schema::decode::builtin_value("boolean", text)
                }
                Some(_) => Value::String(text.to_string()),
                None => infer_scalar(text),
            }
        })
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

/// A leaf's text typed by its look (module doc): booleans, plainly written numbers of at most
/// 15 significant digits (exact in a double), else text.
pub(crate) fn infer_scalar(text: &str) -> Value {
    match text {
        "true" => return Value::Bool(true),
        "false" => return Value::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let plain = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && (int == "0" || !int.starts_with('0'))
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
        && int.len() + frac.map_or(0, str::len) <= 15;
    if !plain {
        return Value::String(text.to_string());
    }
    let number = match frac {
        None => text.parse::<i64>().ok().map(serde_json::Number::from),
        Some(_) => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64),
    };
    number.map_or_else(|| Value::String(text.to_string()), Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infers_booleans_and_plain_numbers_and_keeps_the_rest_as_text() {
        assert_eq!(infer_scalar("true"), Value::Bool(true));
        assert_eq!(infer_scalar("false"), Value::Bool(false));
        assert_eq!(infer_scalar("12"), serde_json::json!(12));
        assert_eq!(infer_scalar("-3.5"), serde_json::json!(-3.5));
        assert_eq!(infer_scalar("24.00"), serde_json::json!(24.0));
        assert_eq!(infer_scalar("0.25"), serde_json::json!(0.25));
        for text in [
            "007",
            "1e3",
            "+1",
            "1.",
            ".5",
            "",
            "TRUE",
            "maybe",
            "555-1001",
            "2024-01-31T10:00:00Z",
            "1234567890123456",
            "NaN",
            "-",
        ] {
            assert_eq!(infer_scalar(text), Value::String(text.into()), "{text}");
        }
    }

    #[test]
    fn custom_field_values_follow_their_declared_type() {
        let xml = r#"<record xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:l="urn:relationships_2023_2.lists.webservices.netsuite.com" xmlns:c="urn:core_2023_2.platform.webservices.netsuite.com" xsi:type="l:Customer">
            <l:isInactive>false</l:isInactive><l:balance>1500.50</l:balance><l:zipCode>02139</l:zipCode>
            <l:customFieldList>
              <c:customField scriptId="custentity_code" xsi:type="c:StringCustomFieldRef"><c:value>42</c:value></c:customField>
              <c:customField scriptId="custentity_n" xsi:type="c:LongCustomFieldRef"><c:value>42</c:value></c:customField>
              <c:customField scriptId="custentity_b" xsi:type="c:BooleanCustomFieldRef"><c:value>true</c:value></c:customField>
            </l:customFieldList>
          </record>"#;
        let doc = roxmltree::Document::parse(xml).unwrap();
        let json = record_to_json(doc.root_element());
        assert_eq!(json["isInactive"], false);
        assert_eq!(json["balance"], 1500.5);
        assert_eq!(json["zipCode"], "02139");
        assert_eq!(json["customFieldList"][0]["value"], "42");
        assert_eq!(json["customFieldList"][1]["value"], 42);
        assert_eq!(json["customFieldList"][2]["value"], true);
    }

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
