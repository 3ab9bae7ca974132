//! Operation settings: field-level validation through `prepare`, and the spec.

use serde_json::json;

use crate::operations::{prepare, specs, testkit};

fn fields_of(settings: serde_json::Value) -> Vec<String> {
    let (client, _) = testkit::client("2023.2", None, 0);
    match prepare(client, settings) {
        Ok(_) => Vec::new(),
        Err(e) => {
            let detail: serde_json::Value =
                serde_json::from_str(e.detail_json.as_str()).unwrap_or_default();
            let mut names: Vec<String> = detail["fields"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|f| f["field"].as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            if names.is_empty() {
                names.push(format!("<{}>", e.message));
            }
            names
        }
    }
}

#[test]
fn every_action_prepares_with_valid_settings() {
    for s in [
        json!({"action": "QUERY", "record_type": "customer"}),
        json!({"action": "query", "record_type": "customer", "saved_search_script_id": "customsearch_x"}),
        json!({"action": "CREATE", "record_type": "customer", "batch_size": 0}),
        json!({"action": "UPDATE", "record_type": "customer", "batch_size": 100}),
        json!({"action": "UPSERT", "record_type": "customer", "ignore_read_only_fields": true}),
        json!({"action": "DELETE", "record_type": "customer"}),
        json!({"action": "EXECUTE", "function": "getDeleted"}),
        json!({"action": "GET", "record_type": "customer"}),
    ] {
        assert_eq!(fields_of(s.clone()), Vec::<String>::new(), "{s}");
    }
}

#[test]
fn invalid_settings_name_their_field() {
    let cases = [
        (json!({"record_type": "customer"}), "action"),
        (
            json!({"action": "MERGE", "record_type": "customer"}),
            "action",
        ),
        (json!({"action": "CREATE"}), "record_type"),
        (
            json!({"action": "CREATE", "record_type": "customer", "batch_size": 201}),
            "batch_size",
        ),
        (
            json!({"action": "UPDATE", "record_type": "customer", "batch_size": 101}),
            "batch_size",
        ),
        (
            json!({"action": "UPSERT", "record_type": "customer", "batch_size": 101}),
            "batch_size",
        ),
        (
            json!({"action": "DELETE", "record_type": "customer", "batch_size": 201}),
            "batch_size",
        ),
        (
            json!({"action": "CREATE", "record_type": "customer", "warning_as_error": "yes"}),
            "warning_as_error",
        ),
        (
            json!({"action": "CREATE", "record_type": "customer", "bacth_size": 1}),
            "bacth_size",
        ),
        (
            json!({"action": "QUERY", "record_type": "customer", "page_size": 4}),
            "page_size",
        ),
        (
            json!({"action": "QUERY", "record_type": "customer", "page_size": 1001}),
            "page_size",
        ),
        (
            json!({"action": "QUERY", "record_type": "customer", "use_advanced_search": true}),
            "columns",
        ),
        (
            json!({"action": "QUERY", "record_type": "customer", "columns": [{"field": "entityId"}]}),
            "columns",
        ),
        (
            json!({"action": "QUERY", "record_type": "customer", "saved_search_id": "1", "saved_search_script_id": "x"}),
            "saved_search_script_id",
        ),
        (
            json!({"action": "QUERY", "record_type": "customRecord"}),
            "custom_record_type_id",
        ),
        (
            json!({"action": "QUERY", "record_type": "customer", "filters": [{"field": "email", "type": "text"}]}),
            "filters[0].type",
        ),
        (
            json!({"action": "QUERY", "record_type": "customer", "filters": [{"field": "email", "oprator": "is"}]}),
            "filters[0].oprator",
        ),
        (
            json!({"action": "EXECUTE", "function": "getEverything"}),
            "function",
        ),
        (
            json!({"action": "DELETE", "record_type": "customer", "deletion_reason_memo": "x"}),
            "deletion_reason_memo",
        ),
        (
            json!({"action": "QUERY", "record_type": "customer", "filters": [
                {"field": "custentity_n", "type": "long", "operator": "contains", "value": 1}]}),
            "filters[0]",
        ),
    ];
    for (settings, field) in cases {
        let got = fields_of(settings.clone());
        assert!(
            got.iter().any(|g| g == field || g.starts_with(field)),
            "{settings}: expected an error on {field}, got {got:?}"
        );
    }
}

#[test]
fn governance_info_needs_2020_1() {
    let (client, _) = testkit::client("2019.2", None, 0);
    let e = prepare(
        client,
        json!({"action": "EXECUTE", "function": "getAccountGovernanceInfo"}),
    )
    .err()
    .expect("refused before 2020.1");
    assert!(e.message.contains("function") || e.detail_json.contains("function"));
}

#[test]
fn every_setting_has_a_description() {
    fn check(schema: &serde_json::Value, defs: &serde_json::Value, path: &str) {
        if let Some(props) = schema.get("properties").and_then(|p| p.as_object()) {
            for (name, p) in props {
                let described = p.get("description").is_some()
                    || p.get("$ref")
                        .and_then(|r| r.as_str())
                        .and_then(|r| r.rsplit('/').next())
                        .and_then(|n| defs.get(n))
                        .is_some_and(|d| d.get("description").is_some());
                assert!(described, "{path}.{name} has no description");
            }
        }
    }
    for spec in specs() {
        let defs = spec.settings.get("$defs").cloned().unwrap_or_default();
        check(&spec.settings, &defs, &spec.action);
        if let Some(d) = defs.as_object() {
            for (name, def) in d {
                check(def, &defs, &format!("{}.{name}", spec.action));
            }
        }
    }
}
