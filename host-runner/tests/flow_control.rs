//! Units and batches end to end, in process: every document exactly once with its outcome,
//! batches as documented, never more NetSuite requests in flight than the connection allows,
//! and a query streamed record by record.

mod support;

use host_runner::{run, RunControl};
use support::*;

#[test]
fn echo_gives_every_document_exactly_one_outcome_across_units_and_batches() {
    let dir = tempfile::tempdir().unwrap();
    let input: String = (1..=100)
        .map(|i| {
            if i % 10 == 0 {
                format!("{{\"n\":{i},\"fail\":true}}\n")
            } else {
                format!("{{\"n\":{i}}}\n")
            }
        })
        .collect();
    write(dir.path(), "in.ndjson", &input);
    let process = write(
        dir.path(),
        "echo.toml",
        r#"connection = { connector = "echo", settings = { prefix = "> " } }
input = "in.ndjson"
output = "out.ndjson"
failed = "failed.ndjson"

[operation]
action = "EXECUTE"

[flow]
units = 4
batch_size = 7
"#,
    );
    let report = run(&plan(&process), &RunControl::new()).expect("the run starts");

    assert_eq!(report.batches, 15, "100 documents in batches of 7");
    assert_eq!(report.counts.total(), 100);
    assert_eq!(report.counts.success, 90);
    assert_eq!(report.counts.failure, 10);
    assert_eq!(report.outputs, 90);
    assert_eq!(report.exit_code(), 1, "some documents failed");

    let lines = ndjson(&dir.path().join("out.ndjson"));
    let all = outcomes(&lines);
    assert_eq!(
        all.keys().copied().collect::<Vec<_>>(),
        (1..=100).collect::<Vec<_>>()
    );
    for (n, outcome) in &all {
        let expected = if n % 10 == 0 { "FAILURE" } else { "SUCCESS" };
        assert_eq!(outcome["outcome"], expected, "input {n}");
        let outputs: Vec<_> = lines
            .iter()
            .filter(|l| l["input"] == *n && l.get("document").is_some())
            .collect();
        if expected == "SUCCESS" {
            assert_eq!(outputs.len(), 1, "input {n}");
            assert_eq!(outputs[0]["document"]["document"]["n"], *n);
        } else {
            assert_eq!(outcome["code"], "REQUESTED_FAILURE");
            assert!(outputs.is_empty());
        }
    }
    let failed = ndjson(&dir.path().join("failed.ndjson"));
    let mut failed_ns: Vec<u64> = failed.iter().map(|l| l["n"].as_u64().unwrap()).collect();
    failed_ns.sort();
    assert_eq!(failed_ns, (1..=10).map(|i| i * 10).collect::<Vec<_>>());
}

#[test]
fn netsuite_units_beyond_the_connection_limit_wait_for_a_permit() {
    let sim = sim(10, 40, 100);
    let dir = tempfile::tempdir().unwrap();
    let connection = connection_file(dir.path(), &sim, 2, TOKEN_SECRET);
    write(dir.path(), "ids.ndjson", &customer_ids(40));
    let process = write(
        dir.path(),
        "get.toml",
        &format!(
            r#"connection = "{}"
input = "ids.ndjson"
output = "out.ndjson"

[operation]
action = "GET"
record_type = "customer"

[flow]
units = 6
individually = true
"#,
            connection.display()
        ),
    );
    let report = run(&plan(&process), &RunControl::new()).expect("the run starts");

    assert_eq!(report.counts.success, 40, "{report}");
    assert_eq!(report.batches, 40);
    let (key, stats) = report.pool.clone().expect("the connection declares a pool");
    assert_eq!(key, format!("netsuite:{ACCOUNT}"));
    assert_eq!(stats.limit, 2);
    assert_eq!(stats.peak_in_flight, 2, "6 units share 2 permits");
    let counters = sim.counters();
    assert!(
        counters.peak_in_flight(ACCOUNT) <= 2,
        "the simulator saw {} requests at once",
        counters.peak_in_flight(ACCOUNT)
    );
    assert_eq!(counters.faults("WS_REQUEST_BLOCKED"), 0);
    let all = outcomes(&ndjson(&dir.path().join("out.ndjson")));
    assert_eq!(all.len(), 40);
}

#[test]
fn a_query_streams_every_record_of_every_page() {
    let sim = sim(5, 0, 2500);
    let dir = tempfile::tempdir().unwrap();
    let connection = connection_file(dir.path(), &sim, 1, TOKEN_SECRET);
    let process = write(
        dir.path(),
        "query.toml",
        &format!(
            r#"connection = "{}"
output = "out/customers.ndjson"

[operation]
action = "QUERY"
record_type = "customer"
"#,
            connection.display()
        ),
    );
    let report = run(&plan(&process), &RunControl::new()).expect("the run starts");
    assert_eq!(report.exit_code(), 0, "{report}");
    assert_eq!(report.outputs, 2500);
    let lines = ndjson(&dir.path().join("out/customers.ndjson"));
    assert_eq!(lines.len(), 2501);
    let mut ids: Vec<u64> = lines[..2500]
        .iter()
        .map(|l| {
            l["document"]["internalId"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 2500, "every record once");
    assert_eq!(lines[2500]["outcome"], "SUCCESS");
    assert_eq!(lines[2500]["input"], 1);
}
