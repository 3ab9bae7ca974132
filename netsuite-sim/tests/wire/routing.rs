//! Routing, envelope reading with any prefixes, response envelope shape.

use crate::support::{self, *};

fn ns_id_ok(id: &str, account: &str) -> bool {
    let Some(rest) = id.strip_prefix(&format!("WEBSERVICES_{account}_")) else {
        return false;
    };
    let Some((digits, hex)) = rest.split_once('_') else {
        return false;
    };
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !hex.is_empty()
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

#[test]
fn answers_get_server_time_with_document_info_and_xml_content_type() {
    let sim = support::start();
    let r = post(
        &sim.service_url(v("2023_2")),
        "getServerTime",
        &server_time_request("2023_2", &creds()),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.header("content-type"), Some("text/xml; charset=utf-8"));
    let ns_id = r.text_of("nsId").expect("documentInfo/nsId");
    assert!(ns_id_ok(&ns_id, ACCOUNT), "{ns_id}");
    let doc = r.doc();
    let info = doc
        .descendants()
        .find(|n| n.tag_name().name() == "documentInfo")
        .unwrap();
    assert_eq!(info.parent().unwrap().tag_name().name(), "Header");
    let time = r.text_of("serverTime").unwrap();
    assert!(
        time::OffsetDateTime::parse(&time, &time::format_description::well_known::Rfc3339).is_ok(),
        "{time}"
    );
    assert!(doc.descendants().any(|n| n.has_tag_name((
        "urn:core_2023_2.platform.webservices.netsuite.com",
        "status"
    )) && n.attribute("isSuccess") == Some("true")));
    validate_collected();
}

#[test]
fn reads_requests_by_namespace_whatever_the_prefixes() {
    let sim = support::start();
    let c = creds();
    let n = nonce();
    let ts = now_unix();
    let sig = sign(&c, &n, ts, false);
    let body = format!(
        r#"<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/">
  <soap-env:Header>
    <tokenPassport xmlns="urn:messages_2017_2.platform.webservices.netsuite.com" xmlns:ns0="urn:core_2017_2.platform.webservices.netsuite.com">
      <ns0:account>{a}</ns0:account><ns0:consumerKey>{ck}</ns0:consumerKey><ns0:token>{t}</ns0:token>
      <ns0:nonce>{n}</ns0:nonce><ns0:timestamp>{ts}</ns0:timestamp>
      <ns0:signature algorithm="HMAC-SHA256">{sig}
      </ns0:signature>
    </tokenPassport>
  </soap-env:Header>
  <soap-env:Body><getServerTime xmlns="urn:messages_2017_2.platform.webservices.netsuite.com"/></soap-env:Body>
</soap-env:Envelope>"#,
        a = c.account,
        ck = c.consumer_key,
        t = c.token_id,
    );
    let r = post(&sim.service_url(v("2017_2")), "getServerTime", &body);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.text_of("serverTime").is_some());
    validate_collected();
}

#[test]
fn takes_the_operation_from_the_body_with_any_soapaction() {
    let sim = support::start();
    let (target, path) = parse_url(&sim.service_url(v("2023_2")));
    for action in [
        Some("\"getServerTime\""),
        Some("getServerTime"),
        Some("\"\""),
        None,
    ] {
        let mut headers = vec![("Content-Type", "text/xml; charset=utf-8")];
        if let Some(a) = action {
            headers.push(("SOAPAction", a));
        }
        let r = send(
            &target,
            "POST",
            &path,
            &headers,
            &server_time_request("2023_2", &creds()),
        )
        .unwrap();
        assert_eq!(r.status, 200, "SOAPAction {action:?}: {}", r.body);
    }
    assert_eq!(sim.counters().operation("getServerTime"), 4);
    validate_collected();
}

#[test]
fn routes_account_domains_by_path_prefix_and_by_host_header() {
    let sim = support::start();
    let base = sim.account_base_url(SANDBOX).unwrap();
    assert!(base.ends_with("/a/9001-sb1"), "{base}");
    let r = post(
        &format!("{base}/services/NetSuitePort_2023_2"),
        "getServerTime",
        &server_time_request("2023_2", &sandbox_creds()),
    );
    assert_eq!(r.status, 200, "{}", r.body);

    let (mut target, _) = parse_url(&sim.base_url());
    target.host_header = Some(format!("{}:443", sim.account_host(SANDBOX)));
    let r = post_to(
        &target,
        "/services/NetSuitePort_2023_2",
        "getServerTime",
        &server_time_request("2023_2", &sandbox_creds()),
    )
    .unwrap();
    assert_eq!(r.status, 200, "{}", r.body);

    // The other account's credentials on this domain are refused.
    let r = post_to(
        &target,
        "/services/NetSuitePort_2023_2",
        "getServerTime",
        &server_time_request("2023_2", &creds()),
    )
    .unwrap();
    assert_eq!(r.status, 500);
    assert_eq!(r.fault().unwrap().1, "Invalid login attempt.");
    let r = post(
        &format!("{base}/services/NetSuitePort_2023_2"),
        "getServerTime",
        &server_time_request("2023_2", &creds()),
    );
    assert_eq!(r.fault().unwrap().1, "Invalid login attempt.");
    validate_collected();
}

#[test]
fn unknown_paths_labels_and_hosts_are_not_found() {
    let sim = support::start();
    let base = sim.base_url();
    let body = server_time_request("2023_2", &creds());
    assert_eq!(
        post(&format!("{base}/services/Other"), "getServerTime", &body).status,
        404
    );
    assert_eq!(
        post(
            &format!("{base}/a/nobody/services/NetSuitePort_2023_2"),
            "getServerTime",
            &body
        )
        .status,
        404
    );
    assert_eq!(get(&format!("{base}/")).status, 404);
    let (mut target, _) = parse_url(&base);
    target.host_header = Some("nobody.suitetalk.api.netsuite.com".into());
    assert_eq!(
        post_to(
            &target,
            "/services/NetSuitePort_2023_2",
            "getServerTime",
            &body
        )
        .unwrap()
        .status,
        404
    );
}

#[test]
fn answers_faults_in_axis_style_with_http_500() {
    let sim = support::start();
    let url = sim.service_url(v("2023_2"));
    // No credentials at all.
    let r = post(
        &url,
        "getServerTime",
        &envelope("2023_2", "", get_server_time_body()),
    );
    assert_eq!(r.status, 500);
    assert_eq!(r.header("content-type"), Some("text/xml; charset=utf-8"));
    let (faultcode, faultstring, element, code) = r.fault().unwrap();
    assert_eq!(faultcode, "soapenv:Server.userException");
    assert_eq!(element, "invalidSessionFault");
    assert_eq!(code, "WS_LOG_IN_REQD");
    assert!(!faultstring.is_empty());
    let doc = r.doc();
    let detail = doc
        .descendants()
        .find(|n| n.tag_name().name() == "detail")
        .unwrap();
    let fault_el = detail.children().find(|n| n.is_element()).unwrap();
    assert_eq!(
        fault_el.tag_name().namespace(),
        Some("urn:faults_2023_2.platform.webservices.netsuite.com")
    );
    assert!(detail
        .children()
        .any(|n| n.has_tag_name(("http://xml.apache.org/axis/", "hostname"))));
    assert!(r.text_of("nsId").unwrap().starts_with("WEBSERVICES_0_"));
    assert_eq!(sim.counters().faults("WS_LOG_IN_REQD"), 1);
    validate_collected();
}

#[test]
fn malformed_requests_and_unknown_operations_are_faults() {
    let sim = support::start();
    let url = sim.service_url(v("2023_2"));
    let r = post(&url, "getServerTime", "<not xml");
    assert_eq!(r.status, 500);
    assert_eq!(r.fault_code(), "USER_ERROR");
    let r = post(&url, "getServerTime", "<Envelope/>");
    assert_eq!(r.fault_code(), "USER_ERROR");
    let r = post(
        &url,
        "frobnicate",
        &envelope(
            "2023_2",
            &token_passport(&creds()),
            "<platformMsgs:frobnicate/>",
        ),
    );
    assert_eq!(r.status, 500);
    let (faultcode, faultstring, _, _) = r.fault().unwrap();
    assert_eq!(faultcode, "soapenv:Client");
    assert_eq!(faultstring, "No such operation 'frobnicate'");
    validate_collected();
}

#[test]
fn refuses_requests_over_the_size_limit() {
    let sim = support::start_with(
        netsuite_sim::Simulator::builder()
            .account(account())
            .max_request_bytes(2048),
    );
    let padding = " ".repeat(4096);
    let body = envelope(
        "2023_2",
        &token_passport(&creds()),
        &format!("{padding}{}", get_server_time_body()),
    );
    let r = post(&sim.service_url(v("2023_2")), "getServerTime", &body);
    assert_eq!(r.status, 500);
    let (_, _, element, code) = r.fault().unwrap();
    assert_eq!(
        (element.as_str(), code.as_str()),
        ("exceededRequestSizeFault", "USER_ERROR")
    );
    validate_collected();
}
