//! Paths inside a connector's settings follow the file that names them.
//!
//! The host knows no connector's setting names; the connector's spec marks every setting that
//! names a file or folder with `"format": "path"` ([`connector_payload::PATH_FORMAT`]), also
//! inside nested objects such as a secret reference `{ file = "…" }`. Before `configure` and
//! `prepare`, each such value that is relative is made absolute against the folder of the file
//! that holds it, so a process runs the same from cron in `$HOME` as from its own folder.

use std::path::Path;

use connector_payload::PATH_FORMAT;
use serde_json::Value;

/// How deep a schema is followed (a `$ref` cycle in a connector's schema must not hang us).
const MAX_DEPTH: usize = 32;

/// Makes every relative path of `settings` that `schema` marks as a path absolute against
/// `base` (the folder of the file holding the settings).
pub(crate) fn resolve(settings: &mut Value, schema: &Value, base: &Path) {
    // An empty base (a bare file name) is the working directory.
    let base = if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base
    };
    let base = std::path::absolute(base).unwrap_or_else(|_| base.to_path_buf());
    walk(settings, schema, schema, &base, 0);
}

fn walk(value: &mut Value, schema: &Value, root: &Value, base: &Path, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let schema = follow_ref(schema, root);
    if schema.get("format").and_then(Value::as_str) == Some(PATH_FORMAT) {
        if let Value::String(text) = value {
            if !text.is_empty() && Path::new(text.as_str()).is_relative() {
                *text = base.join(text.as_str()).to_string_lossy().into_owned();
            }
        }
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(branches) = schema.get(key).and_then(Value::as_array) {
            for branch in branches {
                walk(value, branch, root, base, depth + 1);
            }
        }
    }
    match value {
        Value::Object(fields) => {
            if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                for (name, field) in fields.iter_mut() {
                    if let Some(field_schema) = properties.get(name) {
                        walk(field, field_schema, root, base, depth + 1);
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for item in items {
                    walk(item, item_schema, root, base, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// The schema a local `$ref` (`#/$defs/Name`, `#/definitions/Name`) points at, or `schema`.
fn follow_ref<'a>(schema: &'a Value, root: &'a Value) -> &'a Value {
    let mut current = schema;
    for _ in 0..MAX_DEPTH {
        match current
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| root.pointer(pointer))
        {
            Some(target) => current = target,
            None => break,
        }
    }
    current
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn schema() -> Value {
        json!({
            "type": "object",
            "properties": {
                "schema_folder": {"type": ["string", "null"], "format": "path"},
                "account": {"type": "string"},
                "token_secret": {"anyOf": [{"$ref": "#/$defs/SecretRef"}, {"type": "null"}]},
                "folders": {"type": "array", "items": {"type": "string", "format": "path"}}
            },
            "$defs": {
                "SecretRef": {
                    "type": "object",
                    "properties": {
                        "env": {"type": "string"},
                        "file": {"type": "string", "format": "path"}
                    }
                }
            }
        })
    }

    #[test]
    fn relative_paths_follow_the_file_and_nothing_else_changes() {
        let mut settings = json!({
            "schema_folder": "schemas",
            "account": "relative/looking",
            "token_secret": {"file": "tok.secret"},
            "folders": ["a", "/abs/b"],
            "unknown": "stays"
        });
        resolve(&mut settings, &schema(), Path::new("/etc/conn"));
        assert_eq!(
            settings,
            json!({
                "schema_folder": "/etc/conn/schemas",
                "account": "relative/looking",
                "token_secret": {"file": "/etc/conn/tok.secret"},
                "folders": ["/etc/conn/a", "/abs/b"],
                "unknown": "stays"
            })
        );
    }

    #[test]
    fn env_references_and_absolute_paths_are_left_alone() {
        let mut settings = json!({
            "schema_folder": "/opt/xsd",
            "token_secret": {"env": "TOKEN"}
        });
        let before = settings.clone();
        resolve(&mut settings, &schema(), Path::new("/etc/conn"));
        assert_eq!(settings, before);
    }

    #[test]
    fn a_relative_base_is_made_absolute() {
        let mut settings = json!({"schema_folder": "x"});
        resolve(&mut settings, &schema(), Path::new("conn"));
        let got = settings["schema_folder"].as_str().unwrap();
        assert!(Path::new(got).is_absolute(), "{got}");
        assert!(got.ends_with("conn/x"), "{got}");
    }

    #[test]
    fn a_ref_cycle_ends() {
        let schema = json!({"$ref": "#/$defs/A", "$defs": {"A": {"$ref": "#/$defs/A"}}});
        let mut settings = json!({"x": "y"});
        resolve(&mut settings, &schema, Path::new("/b"));
        assert_eq!(settings, json!({"x": "y"}));
    }
}
