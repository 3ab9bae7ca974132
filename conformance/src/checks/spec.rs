//! `spec.*`: the descriptor parses, its schemas are valid JSON Schema, and every property is
//! described.

use connector_api::ConnectorBox;
use connector_payload::Spec;

use crate::report::Report;
use crate::schema;

/// Runs the spec checks; returns the spec when it parsed.
pub(super) fn check(connector: &ConnectorBox, report: &mut Report) -> Option<Spec> {
    let text = connector.spec();
    let spec = match serde_json::from_str::<Spec>(text.as_str()) {
        Ok(spec) if spec.name.trim().is_empty() => Err("the spec has an empty name".to_string()),
        Ok(spec) if spec.operations.is_empty() => Err("the spec declares no operation".to_string()),
        Ok(spec) => Ok(spec),
        Err(e) => Err(match reported_failure(text.as_str()) {
            // The SDK's way of failing inside spec(): `{"error": "..."}`.
            Some(message) => format!("spec() failed: {message}"),
            None => format!("spec() is not a valid Spec: {e}"),
        }),
    };
    let spec = match spec {
        Ok(spec) => {
            let actions: Vec<&str> = spec.operations.iter().map(|o| o.action.as_str()).collect();
            report.record(
                "spec.parses",
                Ok(format!(
                    "{} {} with {}",
                    spec.name,
                    spec.connector_version,
                    actions.join(", ")
                )),
            );
            spec
        }
        Err(reason) => {
            report.record("spec.parses", Err(reason));
            report.skip("spec.json_schema", "no spec");
            report.skip("spec.descriptions", "no spec");
            return None;
        }
    };

    let schemas = schemas(&spec);
    let invalid: Vec<String> = schemas
        .iter()
        .filter_map(|(name, s)| schema::check_valid(s).err().map(|e| format!("{name}: {e}")))
        .collect();
    report.record(
        "spec.json_schema",
        if invalid.is_empty() {
            Ok(format!("{} schemas are valid JSON Schema", schemas.len()))
        } else {
            Err(invalid.join("; "))
        },
    );

    let undescribed: Vec<String> = schemas
        .iter()
        .flat_map(|(name, s)| {
            schema::missing_descriptions(s)
                .into_iter()
                .map(move |p| format!("{name}{}", &p[1..]))
        })
        .collect();
    report.record(
        "spec.descriptions",
        if undescribed.is_empty() {
            Ok("every property has a description".to_string())
        } else {
            Err(format!(
                "properties without a description: {}",
                undescribed.join(", ")
            ))
        },
    );
    Some(spec)
}

/// `(name, schema)` for the connection and each operation.
fn schemas(spec: &Spec) -> Vec<(String, &serde_json::Value)> {
    std::iter::once(("connection".to_string(), &spec.connection))
        .chain(
            spec.operations
                .iter()
                .map(|o| (format!("operations.{}", o.action), &o.settings)),
        )
        .collect()
}

fn reported_failure(text: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    value.get("error")?.as_str().map(str::to_string)
}
