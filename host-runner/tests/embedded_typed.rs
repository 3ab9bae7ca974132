//! The embedded demo is typed: the simulator serves a WSDL/XSD set of its own, the connector
//! loads it as it loads an account's, so a document with an unknown field or a value of the
//! wrong type is refused before anything is sent, naming the field, and outputs carry JSON
//! types. Through the binary, the loaded plugin and the simulator.

mod support;

use std::path::Path;

use support::*;

/// Runs a demo process with `input` (NDJSON text) through the binary, with the schema cache
/// in `cache`; returns (exit code, stderr, output lines).
fn run_demo(
    dir: &Path,
    cache: &Path,
    operation: &str,
    input: Option<&str>,
) -> (Option<i32>, String, Vec<serde_json::Value>) {
    let input_line = match input {
        Some(text) => {
            write(dir, "in.ndjson", text);
            "input = \"in.ndjson\"\n"
        }
        None => "",
    };
    let process = write(
        dir,
        "process.toml",
        &format!(
            "connection = {{ connector = \"netsuite\", simulator = {{ customers = 5 }} }}\n\
             {input_line}output = \"out.ndjson\"\n\n[operation]\n{operation}\n"
        ),
    );
    let deps = deps_dir();
    let out = binary()
        .args([
            "run",
            process.to_str().unwrap(),
            "--connectors",
            deps.to_str().unwrap(),
            "--log-level",
            "info",
        ])
        .env_remove("RUST_LOG")
        .env("NETSUITE_SCHEMA_CACHE", cache)
        .output()
        .expect("host-runner runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code(), stderr, ndjson(&dir.join("out.ndjson")))
}

const DOCUMENTS: &str = r#"{"externalId":"typed-1","companyName":"Good One","isInactive":false,"creditLimit":1500.5,"subsidiary":{"internalId":"1"}}
{"externalId":"typed-2","companyName":"Colourful","favouriteColour":"teal"}
{"externalId":"typed-3","companyName":"Rich","creditLimit":"lots"}
{"externalId":"typed-4","companyName":"Unsure","isInactive":"maybe"}
{"externalId":"typed-5","companyName":"Text reference","subsidiary":"1"}
"#;

/// Checks the five outcomes of [`DOCUMENTS`]: the good one SUCCESS, each other one
/// APPLICATION_ERROR naming its field.
fn check_refusals(stderr: &str, lines: &[serde_json::Value]) {
    let all = outcomes(lines);
    assert_eq!(all.len(), 5, "{stderr}\n{lines:?}");
    assert_eq!(all[&1]["outcome"], "SUCCESS", "{:?}", all[&1]);
    for (input, field) in [
        (2, "favouriteColour"),
        (3, "creditLimit"),
        (4, "isInactive"),
        (5, "subsidiary"),
    ] {
        let line = &all[&input];
        assert_eq!(line["outcome"], "APPLICATION_ERROR", "{field}: {line}");
        assert!(line.to_string().contains(field), "{field}: {line}");
    }
    assert!(!stderr.contains("no SuiteTalk schema"), "{stderr}");
}

#[test]
fn upsert_refuses_unknown_fields_and_wrong_types_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let (code, stderr, lines) = run_demo(
        dir.path(),
        cache.path(),
        "action = \"UPSERT\"\nrecord_type = \"customer\"",
        Some(DOCUMENTS),
    );
    check_refusals(&stderr, &lines);
    assert_eq!(code, Some(1), "some documents failed: {stderr}");
    assert!(stderr.contains("SuiteTalk schema downloaded"), "{stderr}");
    // The embedded simulator's port changes every run: its schema is not cached on disk.
    assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 0);
}

#[test]
fn create_refuses_unknown_fields_and_wrong_types_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let (_, stderr, lines) = run_demo(
        dir.path(),
        cache.path(),
        "action = \"CREATE\"\nrecord_type = \"customer\"",
        Some(DOCUMENTS),
    );
    check_refusals(&stderr, &lines);
}

#[test]
fn query_output_is_typed() {
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let (code, stderr, lines) = run_demo(
        dir.path(),
        cache.path(),
        "action = \"QUERY\"\nrecord_type = \"customer\"",
        None,
    );
    assert_eq!(code, Some(0), "{stderr}");
    let records: Vec<&serde_json::Value> = lines.iter().filter_map(|l| l.get("document")).collect();
    assert_eq!(records.len(), 5, "{stderr}");
    for record in records {
        assert_eq!(record["isInactive"], serde_json::json!(false), "{record}");
        if let Some(balance) = record.get("balance") {
            assert!(balance.is_number(), "{record}");
        }
    }
}

#[test]
fn browse_answers_from_the_demos_own_schema() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "demo.toml", "connector = \"netsuite\"\n");
    let deps = deps_dir();
    let out = host_runner(&[
        "browse",
        file.to_str().unwrap(),
        "--action",
        "CREATE",
        "--object-type",
        "customer",
        "--connectors",
        deps.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let profile: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let props = &profile["input"]["properties"];
    assert_eq!(props["isInactive"]["type"], "boolean", "{profile}");
    assert_eq!(props["companyName"]["type"], "string", "{profile}");
    assert!(props.get("favouriteColour").is_none());
}

#[test]
fn the_simulator_itself_refuses_a_raw_xml_value_of_the_wrong_type() {
    // Raw XML passes the connector unchanged: the simulator checks it, as NetSuite does.
    let record = |id: &str, extra: &str| {
        serde_json::to_string(&format!(
            "<record externalId=\"{id}\" xsi:type=\"listRel:Customer\" \
             xmlns:listRel=\"urn:relationships_2025_2.lists.webservices.netsuite.com\" \
             xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
             <listRel:companyName>Raw {id}</listRel:companyName>{extra}</record>"
        ))
        .unwrap()
    };
    let input = format!(
        "{}\n{}\n",
        record("raw-1", "<listRel:isInactive>false</listRel:isInactive>"),
        record("raw-2", "<listRel:creditLimit>lots</listRel:creditLimit>")
    );
    let dir = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let (_, stderr, lines) = run_demo(
        dir.path(),
        cache.path(),
        "action = \"UPSERT\"\nrecord_type = \"customer\"",
        Some(&input),
    );
    let all = outcomes(&lines);
    assert_eq!(all[&1]["outcome"], "SUCCESS", "{stderr}\n{lines:?}");
    let refused = &all[&2];
    assert_eq!(refused["outcome"], "APPLICATION_ERROR", "{refused}");
    assert!(
        refused.to_string().contains("INVALID_FLD_VALUE")
            && refused.to_string().contains("creditLimit"),
        "{refused}"
    );
}
