//! Browse from the registry: the object types of an action, and the JSON Schema profiles of
//! one record type's input and output documents.
//!
//! Profiles describe the JSON shape documented in [`super`]: fields in schema order, JSON
//! types from the XSD types, enumerations, references, sublists, `customFieldList` items and
//! `nullFieldList`. `required` lists only what the XSD requires (`minOccurs > 0`, rare in
//! NetSuite records) and the ids an action needs (Update: internalId or externalId; Upsert:
//! externalId); NetSuite's own mandatory fields depend on the account's forms and are not in the
//! schema, so they are not claimed.

use std::collections::{BTreeMap, VecDeque};

use serde_json::{json, Map, Value};

use super::model::{ComplexType, Field, SchemaRegistry, TypeName};

/// The actions browse knows.
pub(crate) const RECORD_ACTIONS: &[&str] = &["GET", "CREATE", "UPDATE", "UPSERT", "DELETE"];

/// The object type ids of an action: record types for GET/CREATE/UPDATE/UPSERT/DELETE,
/// searchable ones for QUERY, the functions for EXECUTE.
///
/// # Errors
/// An action browse does not know.
pub(crate) fn object_types(
    registry: &SchemaRegistry,
    action: &str,
) -> Result<Vec<(String, String)>, String> {
    let action = action.to_ascii_uppercase();
    let label = |id: &str| -> String {
        match registry.record_type(id) {
            Some(r) => format!("{} ({})", split_camel(&r.type_name.name), id),
            None => id.to_string(),
        }
    };
    match action.as_str() {
        a if RECORD_ACTIONS.contains(&a) => Ok(registry
            .record_types()
            .iter()
            .map(|r| (r.name.clone(), label(&r.name)))
            .collect()),
        "QUERY" | "SEARCH" => Ok(registry
            .searchable_record_types()
            .into_iter()
            .map(|r| (r.to_string(), label(r)))
            .collect()),
        "EXECUTE" => Ok(execute_functions()
            .into_iter()
            .map(|f| (f.clone(), f))
            .collect()),
        other => Err(format!(
            "unknown action `{other}`; browse knows GET, CREATE, UPDATE, UPSERT, DELETE, QUERY and EXECUTE"
        )),
    }
}

/// The Execute functions, read from the Execute operation's settings schema.
pub(crate) fn execute_functions() -> Vec<String> {
    let schema = schemars::schema_for!(crate::operations::execute::ExecuteSettings).to_value();
    let mut out = Vec::new();
    let function = &schema["properties"]["function"];
    let def = match function.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.rsplit('/').next().unwrap_or("");
            schema
                .get("$defs")
                .or_else(|| schema.get("definitions"))
                .and_then(|d| d.get(name))
                .cloned()
                .unwrap_or(Value::Null)
        }
        None => function.clone(),
    };
    collect_strings(&def, &mut out);
    out
}

fn collect_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Array(items)) = m.get("enum") {
                out.extend(items.iter().filter_map(|i| i.as_str().map(str::to_string)));
            }
            if let Some(Value::String(c)) = m.get("const") {
                out.push(c.clone());
            }
            for k in ["oneOf", "anyOf"] {
                if let Some(Value::Array(items)) = m.get(k) {
                    for i in items {
                        collect_strings(i, out);
                    }
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_strings(i, out)),
        _ => {}
    }
}

fn split_camel(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && c.is_ascii_uppercase() {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// The input and output JSON Schemas of `object_type` for `action`.
///
/// # Errors
/// An unknown action or object type.
pub(crate) fn profile(
    registry: &SchemaRegistry,
    action: &str,
    object_type: &str,
) -> Result<(Value, Value), String> {
    let action = action.to_ascii_uppercase();
    if action == "EXECUTE" {
        if !execute_functions().iter().any(|f| f == object_type) {
            return Err(format!(
                "`{object_type}` is not an Execute function; functions are {}",
                execute_functions().join(", ")
            ));
        }
        return Ok((
            json!({
                "type": "object",
                "description": format!("the parameters of {object_type} (see the Execute operation)"),
            }),
            json!({
                "type": "object",
                "description": format!("NetSuite's answer to {object_type}, as JSON"),
            }),
        ));
    }
    let Some(info) = registry.record_type(object_type) else {
        return Err(format!(
            "`{object_type}` is not a record type of SuiteTalk {}",
            registry.version()
        ));
    };
    let Some(ct) = registry.complex_of(&info.type_name) else {
        return Err(format!("no complexType for {object_type}"));
    };
    let record = record_schema(registry, ct, &info.name);
    let id_ref = json!({
        "type": "object",
        "description": format!("the {} to address, by internalId or externalId", info.name),
        "properties": {
            "internalId": {"type": "string"},
            "externalId": {"type": "string"},
        },
        "anyOf": [{"required": ["internalId"]}, {"required": ["externalId"]}],
    });
    let write_result = json!({
        "type": "object",
        "description": format!("the reference of the {} NetSuite wrote (its baseRef)", info.name),
        "properties": {
            "internalId": {"type": "string", "description": "NetSuite's id of the record"},
            "externalId": {"type": "string", "description": "the record's external id, if it has one"},
            "type": {"type": "string", "description": format!("the record type ({})", info.name)},
            "typeId": {"type": "string", "description": "custom record type id (custom records)"},
            "scriptId": {"type": "string", "description": "custom record type script id (custom records)"},
            "name": {"type": "string", "description": "the record's name, when NetSuite sends it"},
        },
    });
    let with = |mut schema: Value, extra: Value| {
        if let (Some(obj), Some(extra)) = (schema.as_object_mut(), extra.as_object()) {
            for (k, v) in extra {
                obj.insert(k.clone(), v.clone());
            }
        }
        schema
    };
    Ok(match action.as_str() {
        "GET" => (id_ref, record),
        "CREATE" => (record, write_result),
        "UPDATE" => (
            with(
                record,
                json!({"anyOf": [{"required": ["internalId"]}, {"required": ["externalId"]}]}),
            ),
            write_result,
        ),
        "UPSERT" => (
            with(record, json!({"required": ["externalId"]})),
            write_result,
        ),
        "DELETE" => (id_ref, write_result),
        "QUERY" | "SEARCH" => {
            let search = search_description(registry, &info.name);
            (
                json!({
                    "type": "object",
                    "description": "one query run: empty, or parameters and extra filters (see the Query operation)",
                    "properties": {
                        "parameters": {"type": "object", "description": "values of the filters bound to parameters"},
                        "filters": {"type": "array", "description": "filters added to the configured ones"},
                    },
                    "x-netsuite-search": search,
                }),
                record,
            )
        }
        other => return Err(format!("unknown action `{other}`")),
    })
}

fn search_description(registry: &SchemaRegistry, record_type: &str) -> Value {
    let Some(classes) = registry.search_classes(record_type) else {
        return Value::Null;
    };
    let fields: Map<String, Value> = registry
        .search_fields(record_type, None)
        .into_iter()
        .map(|(f, k)| (f, Value::String(k.type_name().to_string())))
        .collect();
    json!({
        "search": classes.search.prefixed(),
        "basic": classes.basic.prefixed(),
        "advanced": classes.advanced.prefixed(),
        "row": classes.row.prefixed(),
        "joins": classes.joins.iter().map(|j| j.element.clone()).collect::<Vec<_>>(),
        "typeFilter": classes.type_filter.as_ref().map(|f| f.value.clone()),
        "fields": fields,
    })
}

/// A record's JSON Schema with `$defs` for the complexTypes it reaches.
pub(crate) fn record_schema(
    registry: &SchemaRegistry,
    ct: &ComplexType,
    record_type: &str,
) -> Value {
    let mut defs: BTreeMap<String, Value> = BTreeMap::new();
    let mut queue: VecDeque<TypeName> = VecDeque::new();
    let mut root = object_schema(registry, ct, &mut queue, true);
    if let Some(obj) = root.as_object_mut() {
        obj.insert(
            "title".into(),
            Value::String(format!("{} ({record_type})", ct.name)),
        );
        obj.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
    }
    while let Some(t) = queue.pop_front() {
        let key = def_key(registry, &t);
        if defs.contains_key(&key) {
            continue;
        }
        defs.insert(key.clone(), Value::Null);
        if let Some(c) = registry.complex_of(&t) {
            let s = object_schema(registry, c, &mut queue, false);
            defs.insert(key, s);
        }
    }
    if let Some(obj) = root.as_object_mut() {
        obj.insert("$defs".into(), Value::Object(defs.into_iter().collect()));
    }
    root
}

fn def_key(registry: &SchemaRegistry, t: &TypeName) -> String {
    format!("{}.{}", registry.namespace(t.ns).prefix, t.name)
}

fn object_schema(
    registry: &SchemaRegistry,
    ct: &ComplexType,
    queue: &mut VecDeque<TypeName>,
    is_record: bool,
) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    if is_record {
        props.insert(
            "recordType".into(),
            json!({"type": "string", "const": ct.name, "description": "the record's complexType (optional on input)"}),
        );
    }
    for a in &ct.attributes {
        let mut s = scalar_schema(registry, &a.type_name);
        set_description(
            &mut s,
            &format!("attribute, {}", type_label(registry, &a.type_name)),
        );
        props.insert(a.name.clone(), s);
        if a.required {
            required.push(Value::String(a.name.clone()));
        }
    }
    if let Some(st) = &ct.simple_content {
        props.insert("value".into(), scalar_schema(registry, st));
    }
    for f in &ct.fields {
        let s = field_schema(registry, f, queue);
        props.insert(f.name.clone(), s);
        if f.min_occurs > 0 && f.name != "nullFieldList" {
            required.push(Value::String(f.name.clone()));
        }
    }
    let mut out = json!({
        "type": "object",
        "description": format!("{}:{}", registry.namespace(ct.ns).prefix, ct.name),
        "properties": props,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        out["required"] = Value::Array(required);
    }
    out
}

fn set_description(s: &mut Value, d: &str) {
    if let Some(obj) = s.as_object_mut() {
        obj.entry("description")
            .or_insert_with(|| Value::String(d.to_string()));
    }
}

fn type_label(registry: &SchemaRegistry, t: &TypeName) -> String {
    format!("{}:{}", registry.namespace(t.ns).prefix, t.name)
}

fn field_schema(registry: &SchemaRegistry, f: &Field, queue: &mut VecDeque<TypeName>) -> Value {
    let t = &f.type_name;
    let one = if f.name == "nullFieldList" {
        return json!({
            "type": "array",
            "items": {"type": "string"},
            "description": "names of fields (or custom field script ids) to clear on update",
        });
    } else if registry.namespace(t.ns).prefix == "platformCore" && &*t.name == "CustomFieldList" {
        return custom_field_list_schema();
    } else if let Some(c) = registry.complex_of(t) {
        queue.push_back(t.clone());
        let reference = json!({"$ref": format!("#/$defs/{}", def_key(registry, t))});
        match c.list_item() {
            Some(item) => {
                // A sublist: the object, or just the array of its items.
                let items = field_schema(
                    registry,
                    &Field {
                        max_occurs: super::model::MaxOccurs::Bounded(1),
                        ..item.clone()
                    },
                    queue,
                );
                json!({
                    "anyOf": [reference, {"type": "array", "items": items}],
                    "description": format!("{} (or the array of its {} items)", type_label(registry, t), item.name),
                })
            }
            None => {
                let mut r = reference;
                set_description(&mut r, &type_label(registry, t));
                r
            }
        }
    } else {
        let mut s = scalar_schema(registry, t);
        set_description(&mut s, &type_label(registry, t));
        s
    };
    if f.max_occurs.is_many() {
        json!({"type": "array", "items": one})
    } else {
        one
    }
}

fn scalar_schema(registry: &SchemaRegistry, t: &TypeName) -> Value {
    if registry.is_builtin(t) {
        return match &*t.name {
            "long" | "int" | "integer" | "short" | "byte" | "unsignedInt" | "unsignedLong" => {
                json!({"type": "integer"})
            }
            "double" | "float" | "decimal" => json!({"type": "number"}),
            "boolean" => json!({"type": "boolean"}),
            "dateTime" => json!({"type": "string", "format": "date-time"}),
            "date" => json!({"type": "string", "format": "date"}),
            _ => json!({"type": "string"}),
        };
    }
    if let Some(st) = registry.simple_type(t.ns, &t.name) {
        if !st.enumeration.is_empty() {
            return json!({
                "type": "string",
                "enum": st.enumeration,
                "description": format!("{}: NetSuite's values (the connector also accepts them without the leading `_`)", type_label(registry, t)),
            });
        }
        if let Some(b) = &st.base {
            return scalar_schema(registry, b);
        }
    }
    json!({"type": "string"})
}

fn custom_field_list_schema() -> Value {
    json!({
        "description": "custom fields: an array of {scriptId, type, value}, or an object keyed by scriptId",
        "anyOf": [
            {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "scriptId": {"type": "string"},
                        "internalId": {"type": "string"},
                        "type": {
                            "type": "string",
                            "enum": ["String", "Long", "Double", "Boolean", "Date", "Select", "MultiSelect",
                                     "StringCustomFieldRef", "LongCustomFieldRef", "DoubleCustomFieldRef",
                                     "BooleanCustomFieldRef", "DateCustomFieldRef", "SelectCustomFieldRef",
                                     "MultiSelectCustomFieldRef"]
                        },
                        "value": {}
                    },
                    "required": ["value"]
                }
            },
            {"type": "object", "additionalProperties": true}
        ]
    })
}

/// Browse for a connection: object types or a profile, from the connection's registry.
///
/// # Errors
/// No schema reachable (the message says where to get one), an unknown action or object type.
pub(crate) fn browse(
    client: &crate::client::Client,
    request: connector_sdk::payload::BrowseRequest,
    cancel: &connector_sdk::Cancellation,
) -> Result<Value, connector_sdk::ConnectorError> {
    use connector_sdk::payload::{
        BrowseRequest, ObjectType, ObjectTypes, Profile, PAYLOAD_VERSION,
    };
    use connector_sdk::{ConnectorError, ErrorKind};

    let bad = |m: String| ConnectorError::new(ErrorKind::Config, "INVALID_BROWSE_REQUEST", m);
    let to_json = |v: Result<Value, serde_json::Error>| {
        v.map_err(|e| ConnectorError::internal(e.to_string()))
    };
    // Execute functions need no schema.
    if let BrowseRequest::ObjectTypes { action, .. } = &request {
        if action.eq_ignore_ascii_case("EXECUTE") {
            let object_types = execute_functions()
                .into_iter()
                .map(|f| ObjectType {
                    id: f.clone(),
                    label: f,
                })
                .collect();
            return to_json(serde_json::to_value(ObjectTypes {
                version: PAYLOAD_VERSION,
                object_types,
            }));
        }
    }
    let registry = super::registry_for(client, cancel).map_err(ConnectorError::from)?;
    let Some(registry) = registry else {
        let s = client.settings();
        return Err(ConnectorError::new(
            ErrorKind::Config,
            "SCHEMA_UNAVAILABLE",
            format!(
                "browsing needs the SuiteTalk {} schema (WSDL/XSD), and none is reachable: set the connection's \
                 schema_folder to a folder holding netsuite.wsdl and its XSDs (download them from \
                 https://webservices.netsuite.com/wsdl/v{}_0/netsuite.wsdl), or make the account's WSDL URL reachable",
                s.version,
                s.version.tag()
            ),
        ));
    };
    match request {
        BrowseRequest::ObjectTypes { action, refresh } => {
            if refresh {
                // Learned again now, so that the profiles browsed next show today's fields.
                super::account_fields_cache::fields_for(client, true, cancel);
            }
            let object_types = object_types(&registry, &action)
                .map_err(bad)?
                .into_iter()
                .map(|(id, label)| ObjectType { id, label })
                .collect();
            to_json(serde_json::to_value(ObjectTypes {
                version: PAYLOAD_VERSION,
                object_types,
            }))
        }
        BrowseRequest::Profile {
            action,
            object_type,
            refresh,
        } => {
            let (mut input, mut output) = profile(&registry, &action, &object_type).map_err(bad)?;
            // Only record schemas have a customFieldList to describe.
            let records = !action.eq_ignore_ascii_case("EXECUTE");
            if let Some(fields) = records
                .then(|| super::account_fields_cache::fields_for(client, refresh, cancel))
                .flatten()
                .and_then(|f| f.of(&object_type, None))
            {
                super::account_fields_apply::apply_to_profile(&fields, &mut input);
                super::account_fields_apply::apply_to_profile(&fields, &mut output);
            }
            crate::operations::execute::describe_saved_searches(
                client,
                Some(&registry),
                &action,
                &object_type,
                &mut input,
                cancel,
            );
            to_json(serde_json::to_value(Profile {
                version: PAYLOAD_VERSION,
                input,
                output,
            }))
        }
    }
}
