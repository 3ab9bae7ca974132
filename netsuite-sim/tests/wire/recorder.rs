//! The recorder writes numbered request/response pairs.

use crate::support::{self, *};

#[test]
fn writes_every_request_and_response_as_numbered_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("rec");
    let sim = support::start_with(
        netsuite_sim::Simulator::builder()
            .account(account())
            .record_folder(&folder),
    );
    let url = sim.service_url(v("2023_2"));
    let request = server_time_request("2023_2", &creds());
    assert_eq!(post(&url, "getServerTime", &request).status, 200);
    post(
        &url,
        "getDataCenterUrls",
        &envelope("2023_2", "", &discovery_body(ACCOUNT)),
    );
    post(&url, "getServerTime", &request); // replay → fault, recorded too
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "000001-getServerTime.request.xml",
            "000001-getServerTime.response.xml",
            "000002-getDataCenterUrls.request.xml",
            "000002-getDataCenterUrls.response.xml",
            "000003-getServerTime.request.xml",
            "000003-getServerTime.response.xml",
        ]
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("000001-getServerTime.request.xml")).unwrap(),
        request
    );
    let fault = std::fs::read_to_string(folder.join("000003-getServerTime.response.xml")).unwrap();
    assert!(fault.contains("Invalid login attempt."));
    validate_collected();
}

#[test]
fn records_injected_pages_and_dropped_responses() {
    for (plan, expected) in [
        (
            netsuite_sim::FaultPlan {
                http_503_rate: 1.0,
                ..Default::default()
            },
            "000001-getServerTime.response.503.html",
        ),
        (
            netsuite_sim::FaultPlan {
                drop_after_rate: 1.0,
                ..Default::default()
            },
            "000001-getServerTime.response.dropped.xml",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let sim = support::start_with(
            netsuite_sim::Simulator::builder()
                .account(account().with_faults(plan))
                .record_folder(dir.path()),
        );
        let (target, path) = parse_url(&sim.service_url(v("2023_2")));
        let _ = post_to(
            &target,
            &path,
            "getServerTime",
            &server_time_request("2023_2", &creds()),
        );
        assert!(dir.path().join(expected).is_file(), "{expected}");
        assert!(dir
            .path()
            .join("000001-getServerTime.request.xml")
            .is_file());
    }
}
