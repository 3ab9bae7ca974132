//! The `aimd` section: adaptive concurrency against an account whose limit is lower than the
//! connection's `max_concurrent_connections` (issue 14, part 7).
//!
//! The real host runs GETs of one record per request (`batch_size = 1`) with more units than
//! the account allows, against a simulator of limit 4 and 200 ms latency while the connection
//! says 10. Throughput is compared with the limit's ceiling (limit ÷ latency); the concurrency
//! faults the connector met are counted per half of the run (from the JSON execution log: each
//! request's end time and outcome), once with adaptive concurrency and once without it
//! (`adaptive_concurrency = false`: retries with backoff only).

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use super::{
    account, check, fmt_num, library, loadavg, run_host_with, service_url, settings, start_sim,
    toml_value, verdict, Row, Scale,
};

/// The connection's setting, above the account's limit.
const SETTING: u32 = 10;

/// What one host run showed.
struct Measured {
    docs_per_s: f64,
    faults_first_half: u64,
    faults_second_half: u64,
    /// getList attempts that ended in the second half.
    attempts_second_half: u64,
    sim_faults: u64,
    changes: usize,
    successes: u64,
}

pub(super) fn aimd(scale: Scale, rows: &mut Vec<Row>, notes: &mut Vec<String>) {
    let (limit, latency_ms, docs, units) = if scale.full {
        (4u32, 200u64, 1_200usize, 10u32)
    } else {
        (4, 5, 60, 10)
    };
    let ideal = f64::from(limit) / (latency_ms as f64 / 1e3);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut input = String::new();
    for i in 0..docs {
        let _ = writeln!(input, "{{\"internalId\":\"{}\"}}", i % 100 + 1);
    }
    std::fs::write(dir.path().join("ids.ndjson"), input).expect("input written");
    let process = dir.path().join("get.toml");
    std::fs::write(
        &process,
        format!(
            "name = \"bench aimd\"\nconnection = \"connection.toml\"\ninput = \"ids.ndjson\"\n\
             output = \"-\"\n\n[operation]\naction = \"GET\"\nrecord_type = \"customer\"\n\
             batch_size = 1\n\n[flow]\nunits = {units}\nbatch_size = 1\n"
        ),
    )
    .expect("process file written");

    let mut measured = Vec::new();
    for adaptive in [true, false] {
        eprintln!(
            "aimd: GET {docs} with {units} units, limit {limit}, setting {SETTING}, latency \
             {latency_ms} ms, adaptive {adaptive} (load {})",
            loadavg()
        );
        let sim = start_sim(account(100, limit, latency_ms));
        write_connection(dir.path(), &service_url(&sim), adaptive);
        // The default filter plus the connector's info lines (the target's changes).
        let filter = format!("{},connector=info", host_runner::exec_log::DEFAULT_FILTER);
        let run = run_host_with(&process, &["--log-level", &filter]);
        if adaptive {
            check(&run, "aimd get");
        }
        let m = measure(&run.stderr);
        let counters = sim.counters();
        measured.push(Measured {
            sim_faults: counters.faults("WS_REQUEST_BLOCKED"),
            successes: run.successes,
            ..m
        });
        sim.shutdown();
    }
    let (on, off) = (&measured[0], &measured[1]);
    assert_eq!(on.successes, docs as u64, "aimd: every document SUCCESS");
    let eff = on.docs_per_s / ideal;
    rows.push(Row {
        section: "aimd",
        figure: format!(
            "GET {docs} one per request, {units} units, setting {SETTING}, simulator limit \
             {limit}, latency {latency_ms} ms: documents/s ÷ limit/latency ({})",
            fmt_num(ideal)
        ),
        measured: format!(
            "{:.1}% ({} documents/s)",
            eff * 100.0,
            fmt_num(on.docs_per_s)
        ),
        target: "≥ 90%".into(),
        verdict: verdict(eff >= 0.9),
    });
    rows.push(Row {
        section: "aimd",
        figure: "concurrency faults met, first half / second half of the run".into(),
        measured: format!(
            "{} / {} of {} requests (simulator: {} in all)",
            on.faults_first_half, on.faults_second_half, on.attempts_second_half, on.sim_faults
        ),
        target: "second half: near zero (≤ 1% of its requests)".into(),
        verdict: verdict(on.faults_second_half * 100 <= on.attempts_second_half),
    });
    rows.push(Row {
        section: "aimd",
        figure: "the same without adaptive concurrency (retries with backoff only)".into(),
        measured: format!(
            "{:.1}% ({} documents/s); faults {} / {} (simulator: {}); {} of {docs} SUCCESS",
            off.docs_per_s / ideal * 100.0,
            fmt_num(off.docs_per_s),
            off.faults_first_half,
            off.faults_second_half,
            off.sim_faults,
            off.successes
        ),
        target: "—".into(),
        verdict: "",
    });
    notes.push(format!(
        "aimd: documents/s over the window from the first getList's start to the last one's \
         end; in-flight target changes logged: {} (adaptive), {} (fixed)",
        on.changes, off.changes
    ));
}

/// The connection file: the suite's settings at 10, retries enough for the fixed run.
fn write_connection(dir: &Path, sim_url: &str, adaptive: bool) {
    let mut text = format!(
        "connector = \"netsuite\"\nlibrary = {}\n\n[settings]\n",
        Value::from(library().to_string_lossy().to_string())
    );
    let mut s = settings(sim_url, SETTING);
    s["adaptive_concurrency"] = adaptive.into();
    s["number_of_retries"] = 10.into();
    s["retry_initial_wait_ms"] = 100.into();
    if let Value::Object(m) = s {
        for (k, v) in &m {
            let _ = writeln!(text, "{k} = {}", toml_value(v));
        }
    }
    std::fs::write(dir.join("connection.toml"), text).expect("connection file written");
}

/// Throughput and faults per half from the JSON execution log.
fn measure(stderr: &str) -> Measured {
    // (end, duration, concurrency fault?) of every getList attempt.
    let mut attempts = Vec::new();
    let mut changes = 0;
    for line in stderr.lines().filter(|l| l.starts_with('{')) {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if v.to_string().contains("in-flight target for account") {
            changes += 1;
        }
        if v["operation"] != "getList" || v["duration_ms"].is_null() {
            continue;
        }
        let Some(at) = v["time"].as_str().and_then(|t| {
            time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok()
        }) else {
            continue;
        };
        let end = at.unix_timestamp_nanos() as f64 / 1e9;
        let duration = v["duration_ms"].as_f64().unwrap_or(0.0) / 1e3;
        let fault = v["code"] == "WS_REQUEST_BLOCKED";
        attempts.push((end, duration, fault));
    }
    assert!(!attempts.is_empty(), "getList lines in the log");
    let first = attempts
        .iter()
        .map(|(end, d, _)| end - d)
        .fold(f64::INFINITY, f64::min);
    let last = attempts
        .iter()
        .map(|(end, _, _)| *end)
        .fold(f64::NEG_INFINITY, f64::max);
    let middle = (first + last) / 2.0;
    let ok = attempts.iter().filter(|(_, _, f)| !f).count() as f64;
    let faults = |second: bool| {
        attempts
            .iter()
            .filter(|(end, _, f)| *f && ((*end >= middle) == second))
            .count() as u64
    };
    Measured {
        docs_per_s: ok / (last - first).max(1e-9),
        faults_first_half: faults(false),
        faults_second_half: faults(true),
        attempts_second_half: attempts.iter().filter(|(end, _, _)| *end >= middle).count() as u64,
        sim_faults: 0,
        changes,
        successes: 0,
    }
}
