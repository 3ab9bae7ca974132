//! Process and connection files: what they accept and how mistakes are reported.

use std::path::Path;

use super::*;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn problems(result: Result<ProcessFile, RunError>) -> Vec<String> {
    match result {
        Err(RunError::Config(problems)) => problems.iter().map(ToString::to_string).collect(),
        Err(other) => panic!("expected a config error, got {other}"),
        Ok(_) => panic!("expected a config error"),
    }
}

#[test]
fn debug_output_names_settings_but_never_their_values() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "p.toml",
        "connection = { connector = \"netsuite\", settings = { account = \"1\", token_secret_deprecated = \"plain-s3cr3t\" } }\n\n[operation]\naction = \"GET\"\nrecord_type = \"customer\"\n",
    );
    let file = load_process_file(&path).unwrap();
    let text = format!("{file:?}");
    assert!(text.contains("token_secret_deprecated"), "{text}");
    assert!(!text.contains("plain-s3cr3t"), "{text}");
}

#[test]
fn reads_a_process_with_a_connection_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "conn.toml",
        "connector = \"netsuite\"\n[settings]\naccount = \"123\"\nconsumer_secret = { env = \"S\" }\n",
    );
    let path = write(
        dir.path(),
        "p.toml",
        "connection = \"conn.toml\"\ninput = \"in.ndjson\"\nfailed = \"f.ndjson\"\n\n[operation]\naction = \"GET\"\nrecord_type = \"customer\"\n\n[flow]\nunits = 4\nbatch_size = 10\n",
    );
    let file = load_process_file(&path).unwrap();
    assert_eq!(file.name, "p");
    assert_eq!(file.connection.connector, "netsuite");
    assert_eq!(
        file.connection.settings,
        serde_json::json!({"account": "123", "consumer_secret": {"env": "S"}})
    );
    assert_eq!(
        file.operation,
        serde_json::json!({"action": "GET", "record_type": "customer"})
    );
    assert_eq!(file.input, InputSpec::File(dir.path().join("in.ndjson")));
    assert_eq!(file.output, OutputSpec::Stdout);
    assert_eq!(file.failed, Some(dir.path().join("f.ndjson")));
    assert_eq!(
        file.flow,
        FlowSettings {
            units: 4,
            batch_size: 10,
            individually: false,
            ..FlowSettings::default()
        }
    );
}

#[test]
fn an_unknown_key_is_reported_with_its_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "p.toml",
        "connection = { connector = \"echo\", settings = { prefix = \"> \" } }\n\n[operation]\naction = \"GET\"\n\n[flow]\nunitz = 4\n",
    );
    let shown = problems(load_process_file(&path));
    assert_eq!(shown.len(), 1);
    assert!(
        shown[0].starts_with(&format!(
            "{}:7:1: flow.unitz: unknown key `unitz`; did you mean `units`?",
            path.display()
        )),
        "{shown:?}"
    );
}

#[test]
fn values_out_of_range_name_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "p.toml",
        "connection = { connector = \"echo\" }\n[operation]\naction = \"GET\"\n[flow]\nunits = 0\nbatch_size = 20000\n",
    );
    let shown = problems(load_process_file(&path));
    assert_eq!(
        shown,
        [
            format!(
                "{}:5:9: flow.units: must be between 1 and 64, found 0",
                path.display()
            ),
            format!(
                "{}:6:14: flow.batch_size: must be between 1 and 10000, found 20000",
                path.display()
            ),
        ]
    );
}

#[test]
fn a_wrong_type_names_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "p.toml",
        "connection = { connector = \"echo\" }\n[operation]\naction = \"GET\"\n[flow]\nindividually = \"yes\"\n",
    );
    let shown = problems(load_process_file(&path));
    assert!(
        shown[0].starts_with(&format!(
            "{}:5:16: flow.individually: expected true or false, found the text \"yes\"",
            path.display()
        )),
        "{shown:?}"
    );
}

#[test]
fn a_missing_connection_file_names_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "p.toml",
        "connection = \"nope.toml\"\n[operation]\naction = \"GET\"\n",
    );
    let shown = problems(load_process_file(&path));
    assert_eq!(
        shown[0],
        format!("{}: no such file", dir.path().join("nope.toml").display())
    );
    assert_eq!(
        shown[1],
        format!(
            "{}:1:14: connection: names this connection file: nope.toml",
            path.display()
        )
    );
}

#[test]
fn connector_field_errors_point_at_their_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "conn.toml",
        "# demo\nconnector = \"netsuite\"\n\n[settings]\naccount = \"12 34\"\nconsumer_secret = { env = \"NS_X\" }\n",
    );
    let spec = load_connection_file(&path).unwrap();
    let located = spec.origin.locate(&[
        FieldError::new("account", "not an account id"),
        FieldError::new("consumer_secret.env", "variable NS_X is not set"),
        FieldError::new("token_id", "required"),
    ]);
    let shown: Vec<String> = located.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            format!(
                "{}:5:1: settings.account: not an account id",
                path.display()
            ),
            format!(
                "{}:6:21: settings.consumer_secret.env: variable NS_X is not set",
                path.display()
            ),
            // A missing key: the line of its table.
            format!("{}:4:2: settings.token_id: required", path.display()),
        ]
    );
}

#[test]
fn toml_becomes_json() {
    let value: toml::Value = toml::from_str("a = 1\nb = [true, 1.5]\n[c]\nd = \"x\"\n").unwrap();
    assert_eq!(
        toml_to_json(&value),
        serde_json::json!({"a": 1, "b": [true, 1.5], "c": {"d": "x"}})
    );
}
