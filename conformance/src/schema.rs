//! Checks on the JSON Schemas in a connector's spec.
//!
//! Validity is checked against the schema's own meta-schema (draft detected from `$schema`,
//! 2020-12 by default) with `jsonschema::meta::validate`, which uses the meta-schemas bundled
//! in the crate and needs none of its network or file resolving features; the schema is then
//! compiled, which catches what the meta-schema cannot (a `$ref` that resolves nowhere).

use serde_json::Value;

/// Checks one schema; `Err` says why it is not a usable JSON Schema.
pub(crate) fn check_valid(schema: &Value) -> Result<(), String> {
    if !schema.is_object() && !schema.is_boolean() {
        return Err("not a JSON object".to_string());
    }
    jsonschema::meta::validate(schema)
        .map_err(|e| format!("violates its meta-schema at {}: {e}", e.instance_path()))?;
    jsonschema::validator_for(schema).map_err(|e| format!("does not compile: {e}"))?;
    Ok(())
}

/// Validates `instance` against `schema`; `Err` lists the first few violations.
pub(crate) fn validate_instance(schema: &Value, instance: &Value) -> Result<(), String> {
    let validator =
        jsonschema::validator_for(schema).map_err(|e| format!("does not compile: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .take(3)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

/// Paths of properties (at any depth) that have no non-empty `description`, neither on the
/// property nor on the local definition it refers to with `$ref`.
pub(crate) fn missing_descriptions(root: &Value) -> Vec<String> {
    let mut missing = Vec::new();
    walk(root, root, "#", &mut missing);
    missing
}

fn has_description(root: &Value, schema: &Value) -> bool {
    let described = |s: &Value| {
        s.get("description")
            .and_then(Value::as_str)
            .is_some_and(|d| !d.trim().is_empty())
    };
    if described(schema) {
        return true;
    }
    // `{"$ref": "#/$defs/X"}`: the definition may carry the description.
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|pointer| root.pointer(pointer))
        .is_some_and(described)
}

/// Visits every subschema; checks the properties of each.
fn walk(root: &Value, schema: &Value, path: &str, missing: &mut Vec<String>) {
    let Some(object) = schema.as_object() else {
        return;
    };
    if let Some(properties) = object.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            let here = format!("{path}/properties/{name}");
            if !has_description(root, property) {
                missing.push(here.clone());
            }
            walk(root, property, &here, missing);
        }
    }
    for key in [
        "items",
        "additionalProperties",
        "not",
        "if",
        "then",
        "else",
        "contains",
    ] {
        if let Some(sub) = object.get(key) {
            walk(root, sub, &format!("{path}/{key}"), missing);
        }
    }
    for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        if let Some(list) = object.get(key).and_then(Value::as_array) {
            for (i, sub) in list.iter().enumerate() {
                walk(root, sub, &format!("{path}/{key}/{i}"), missing);
            }
        }
    }
    for key in [
        "$defs",
        "definitions",
        "patternProperties",
        "dependentSchemas",
    ] {
        if let Some(map) = object.get(key).and_then(Value::as_object) {
            for (name, sub) in map {
                walk(root, sub, &format!("{path}/{key}/{name}"), missing);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_nested_properties_without_description() {
        let schema = json!({
            "type": "object",
            "properties": {
                "a": {"type": "string", "description": "A"},
                "b": {"type": "object", "description": "B", "properties": {
                    "c": {"type": "string"}
                }},
                "d": {"type": "array", "description": "D", "items": {"properties": {"e": {}}}},
                "f": {"$ref": "#/$defs/F"}
            },
            "$defs": {"F": {"description": "F", "oneOf": [{"properties": {"g": {"type": "integer"}}}]}}
        });
        assert_eq!(
            missing_descriptions(&schema),
            [
                "#/properties/b/properties/c",
                "#/properties/d/items/properties/e",
                "#/$defs/F/oneOf/0/properties/g",
            ]
        );
    }

    #[test]
    fn rejects_a_schema_with_a_bad_type() {
        assert!(check_valid(&json!({"type": "strin"})).is_err());
        assert!(check_valid(&json!({"type": "string"})).is_ok());
    }
}
