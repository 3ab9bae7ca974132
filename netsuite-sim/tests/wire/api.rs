//! The library API: async and blocking starts, many at once, TLS, shutdown.

use crate::support::{self, *};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starts_many_simulators_at_once_on_their_own_ports_and_shuts_down() {
    let mut handles = Vec::new();
    for _ in 0..3 {
        handles.push(
            netsuite_sim::Simulator::builder()
                .account(account())
                .start()
                .await
                .unwrap(),
        );
    }
    let ports: std::collections::BTreeSet<u16> = handles.iter().map(|h| h.addr().port()).collect();
    assert_eq!(ports.len(), 3);
    for h in &handles {
        assert!(h.addr().ip().is_loopback());
        let url = h.service_url(v("2023_2"));
        let r = tokio::task::spawn_blocking(move || {
            post(
                &url,
                "getServerTime",
                &server_time_request("2023_2", &creds()),
            )
        })
        .await
        .unwrap();
        assert_eq!(r.status, 200);
    }
    let addr = handles[0].addr();
    for h in handles {
        h.shutdown().await;
    }
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "no longer listening"
    );
    tokio::task::spawn_blocking(validate_collected)
        .await
        .unwrap();
}

#[test]
fn serves_https_with_a_self_signed_certificate() {
    let sim = support::start_with(
        netsuite_sim::Simulator::builder()
            .account(account())
            .tls(true),
    );
    assert!(sim.base_url().starts_with("https://127.0.0.1:"));
    assert!(sim
        .certificate_pem()
        .unwrap()
        .starts_with("-----BEGIN CERTIFICATE-----"));
    let (mut target, path) = parse_url(&sim.service_url(v("2023_2")));
    target.trust = Some(sim.certificate_der().unwrap().to_vec());
    let r = post_to(
        &target,
        &path,
        "getServerTime",
        &server_time_request("2023_2", &creds()),
    )
    .unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    // Discovery answers https account domains.
    let r = post_to(
        &target,
        &path,
        "getDataCenterUrls",
        &envelope("2023_2", "", &discovery_body(ACCOUNT)),
    )
    .unwrap();
    assert!(r
        .text_of("webservicesDomain")
        .unwrap()
        .starts_with("https://127.0.0.1:"));
    validate_collected();
}

#[test]
fn serves_the_demo_accounts_when_none_is_configured() {
    let sim = support::start_with(netsuite_sim::Simulator::builder());
    let ids: Vec<&str> = sim.accounts().iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            netsuite_sim::config::DEMO_ACCOUNT,
            netsuite_sim::config::DEMO_SANDBOX_ACCOUNT
        ]
    );
    let r = post(
        &sim.service_url(v("2023_2")),
        "getServerTime",
        &server_time_request("2023_2", &Creds::demo()),
    );
    assert_eq!(r.status, 200);
    sim.shutdown();
    validate_collected();
}

#[test]
fn keeps_connections_alive_between_requests() {
    use std::io::{Read, Write};
    let sim = support::start();
    let mut s = std::net::TcpStream::connect(sim.addr()).unwrap();
    s.set_nodelay(true).unwrap();
    for _ in 0..2 {
        let body = server_time_request("2023_2", &creds());
        write!(s, "POST /services/NetSuitePort_2023_2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        let mut buf = vec![0u8; 64 * 1024];
        let mut got = Vec::new();
        // Read until the announced body length is in.
        loop {
            let n = s.read(&mut buf).unwrap();
            assert!(n > 0);
            got.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&got);
            if let Some((head, rest)) = text.split_once("\r\n\r\n") {
                let len: usize = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse().unwrap())
                    })
                    .unwrap();
                if rest.len() >= len {
                    assert!(head.starts_with("HTTP/1.1 200"));
                    break;
                }
            }
        }
    }
}
