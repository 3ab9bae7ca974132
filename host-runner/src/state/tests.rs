//! The cursor state: comparing, watching, saving only complete runs, refusing foreign files.

use std::sync::atomic::Ordering as AtomicOrdering;

use connector_api::Document;
use serde_json::json;

use super::*;

#[test]
fn compares_instants_then_numbers_then_text() {
    let c = |a: Value, b: Value| compare(&a, &b);
    // 10:00 at -08:00 is 18:00 UTC: later than 17:00Z although it sorts first as text.
    assert_eq!(
        c(
            json!("2024-03-05T10:00:00.000-08:00"),
            json!("2024-03-05T17:00:00Z")
        ),
        Ordering::Greater
    );
    assert_eq!(
        c(
            json!("2024-03-05T18:00:00Z"),
            json!("2024-03-05T10:00:00.000-08:00")
        ),
        Ordering::Equal
    );
    assert_eq!(c(json!("100"), json!(99)), Ordering::Greater);
    assert_eq!(c(json!(1.5), json!("1.25")), Ordering::Greater);
    assert_eq!(c(json!("b"), json!("a")), Ordering::Greater);
}

#[test]
fn keeps_the_highest_value_of_a_dotted_path() {
    let watch = CursorWatch::new("meta.modified");
    for doc in [
        r#"{"id":1,"meta":{"modified":"2024-01-02T00:00:00Z","x":[1,2]}}"#,
        r#"{"meta":{"other":true,"modified":"2024-01-03T00:00:00Z"}}"#,
        r#"{"meta":{"modified":"2024-01-01T00:00:00Z"}}"#,
        r#"{"meta":"no"}"#,
        r#"[1,2]"#,
    ] {
        watch.observe(&Document::json(doc.as_bytes().to_vec()));
    }
    assert_eq!(watch.highest(), Some(json!("2024-01-03T00:00:00Z")));
    assert_eq!(watch.seen.load(AtomicOrdering::Relaxed), 3);
    assert_eq!(watch.without.load(AtomicOrdering::Relaxed), 2);
}

fn spec(dir: &Path) -> StateSpec {
    StateSpec {
        file: dir.join("state").join("s.json"),
        cursor: "lastModifiedDate".into(),
        start: json!("2020-01-01T00:00:00Z"),
        saved: None,
    }
}

fn end(complete: bool) -> RunEnd<'static> {
    RunEnd {
        complete,
        resumed: false,
        output: None,
        started: OffsetDateTime::now_utc(),
        process: "p",
    }
}

#[test]
fn advances_only_a_complete_run_and_only_forward() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec(dir.path());
    let watch = CursorWatch::new("lastModifiedDate");
    watch.observe(&Document::json(
        br#"{"lastModifiedDate":"2024-05-01T10:00:00.000-08:00"}"#.to_vec(),
    ));

    let kept = spec.commit(&watch, &end(false));
    assert!(matches!(kept.outcome, StateOutcome::Kept { .. }), "{kept}");
    assert!(!spec.file.exists());

    let advanced = spec.commit(&watch, &end(true));
    assert_eq!(
        advanced.to_string(),
        format!(
            "state: cursor lastModifiedDate advanced from 2020-01-01T00:00:00Z to 2024-05-01T10:00:00.000-08:00 ({})",
            spec.file.display()
        )
    );
    let saved: StateFile =
        serde_json::from_str(&std::fs::read_to_string(&spec.file).unwrap()).unwrap();
    assert_eq!(saved.value, json!("2024-05-01T10:00:00.000-08:00"));
    assert_eq!(saved.previous, Some(json!("2020-01-01T00:00:00Z")));

    // The next run starts from the saved value; nothing newer keeps it.
    let again = StateSpec {
        saved: spec.read().unwrap().map(|s| s.value),
        ..spec.clone()
    };
    let kept = again.commit(&watch, &end(true));
    assert!(
        kept.to_string()
            .contains("kept at 2024-05-01T10:00:00.000-08:00"),
        "{kept}"
    );
}

#[test]
fn a_resumed_run_counts_the_documents_of_the_earlier_attempt() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec(dir.path());
    let output = dir.path().join("out.ndjson");
    // The earlier attempt wrote every record and its outcome, then crashed before
    // saving the state: the resumed run skips the input and sees no document itself.
    std::fs::write(
        &output,
        concat!(
            r#"{"input":1,"document":{"internalId":"7","lastModifiedDate":"2024-02-01T00:00:00Z"}}"#,
            "\n",
            r#"{"input":1,"document":{"internalId":"8","lastModifiedDate":"2024-03-01T00:00:00Z"}}"#,
            "\n",
            r#"{"input":1,"outcome":"SUCCESS","code":"","message":""}"#,
            "\n"
        ),
    )
    .unwrap();
    let run = RunEnd {
        resumed: true,
        output: Some(&output),
        ..end(true)
    };
    let report = spec.commit(&CursorWatch::new("lastModifiedDate"), &run);
    assert_eq!(
        report.outcome,
        StateOutcome::Advanced {
            to: "2024-03-01T00:00:00Z".into()
        }
    );
}

#[test]
fn a_state_file_that_cannot_be_written_is_an_error_of_the_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("state"), "a file, not a folder").unwrap();
    let spec = spec(dir.path());
    let watch = CursorWatch::new("lastModifiedDate");
    watch.observe(&Document::json(
        br#"{"lastModifiedDate":"2024-05-01T00:00:00Z"}"#.to_vec(),
    ));
    let report = spec.commit(&watch, &end(true));
    assert!(report.is_error(), "{report}");
    assert!(
        report.to_string().starts_with(
            "state: cursor lastModifiedDate kept at 2020-01-01T00:00:00Z, not advanced to 2024-05-01T00:00:00Z: cannot write "
        ),
        "{report}"
    );
}

#[test]
fn the_state_table_takes_params_and_reports_its_mistakes_at_their_keys() {
    let dir = tempfile::tempdir().unwrap();
    let process = dir.path().join("p.toml");
    let text = "connection = { connector = \"netsuite\" }\n\n[state]\nfile = \"state/${param.tenant}.json\"\ncursor = \"lastModifiedDate\"\nstart = 2021-03-04T05:06:07Z\n\n[operation]\naction = \"QUERY\"\nsince = \"${state.cursor}\"\n";
    std::fs::write(&process, text).unwrap();
    let params = crate::process_file::Params::new([("tenant".into(), "acme".into())]);
    let file = crate::process_file::load_process_file_with(&process, &params).unwrap();
    let state = file.state.expect("a state");
    assert_eq!(state.file, dir.path().join("state/acme.json"));
    assert_eq!(file.operation["since"], "2021-03-04T05:06:07Z");

    let e = crate::process_file::load_process_file(&process)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("p.toml:4:1: state.file: `${param.tenant}` has no value"),
        "{e}"
    );
    std::fs::write(
        &process,
        text.replace(
            "start = 2021-03-04T05:06:07Z",
            "start = \"${state.cursor}\"",
        ),
    )
    .unwrap();
    let e = crate::process_file::load_process_file_with(&process, &params)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("p.toml:6:1: state.start: `${state.cursor}` cannot be used in [state] itself"),
        "{e}"
    );
}

#[test]
fn a_state_file_of_another_cursor_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec(dir.path());
    std::fs::create_dir_all(spec.file.parent().unwrap()).unwrap();
    std::fs::write(&spec.file, r#"{"cursor":"dateCreated","value":"x"}"#).unwrap();
    let e = spec.read().unwrap_err().to_string();
    assert!(
        e.contains("holds the cursor of the field `dateCreated`"),
        "{e}"
    );
    std::fs::write(&spec.file, "{").unwrap();
    let e = spec.read().unwrap_err().to_string();
    assert!(e.contains("not a state file"), "{e}");
}
