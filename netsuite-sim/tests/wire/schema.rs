//! WSDL/XSD serving from a schema folder, in both layouts, and the XSD validation of responses
//! across the three versions with official schemas.

use crate::support::{self, xsd, *};

#[test]
fn serves_wsdl_and_xsds_in_both_folder_layouts() {
    let sim = support::start_with(
        netsuite_sim::Simulator::builder()
            .account(account())
            .schema_folder(xsd::xsd_root()),
    );
    let base = sim.base_url();
    let wsdl = get(&sim.wsdl_url(v("2017_1")));
    assert_eq!(wsdl.status, 200);
    assert_eq!(wsdl.header("content-type"), Some("text/xml; charset=utf-8"));
    assert!(
        wsdl.body
            .contains(&format!("{base}/services/NetSuitePort_2017_1")),
        "address rewritten"
    );
    assert!(get(&format!("{base}/wsdl/v2017_1_0/platform.core.xsd"))
        .body
        .contains("urn:core_2017_1"));
    let wsdl = get(&format!("{base}/wsdl/v2023_2_0/netsuite.wsdl"));
    assert!(wsdl.body.contains("./xsd/platform.core.xsd"));
    assert!(get(&format!("{base}/wsdl/v2023_2_0/xsd/platform.core.xsd"))
        .body
        .contains("urn:core_2023_2"));
    // Relative imports inside the 2023.2 XSDs (".//platform.faultTypes.xsd").
    assert_eq!(
        get(&format!(
            "{base}/wsdl/v2023_2_0/xsd//platform.faultTypes.xsd"
        ))
        .status,
        200
    );
    // NetSuite's own XSD URL form.
    assert!(get(&format!("{base}/xsd/platform/v2023_2_0/messages.xsd"))
        .body
        .contains("urn:messages_2023_2"));
    assert_eq!(
        get(&format!("{base}/wsdl/v2016_2_0/netsuite.wsdl")).status,
        404
    );
    assert_eq!(
        get(&format!("{base}/wsdl/v2017_1_0/../../etc/passwd")).status,
        404
    );
}

#[test]
fn every_kind_of_response_validates_in_2017_1_2017_2_and_2023_2() {
    let sim = support::start_with(
        netsuite_sim::Simulator::builder()
            .account(account())
            .account(sandbox().with_concurrency_limit(0)),
    );
    for tag in xsd::TAGS_WITH_SCHEMA {
        let url = sim.service_url(v(tag));
        let bodies = std::cell::RefCell::new(Vec::new());
        let call_as = |env_tag: &str, op: &str, header: &str, body: &str| {
            let r = post(&url, op, &envelope(env_tag, header, body));
            bodies.borrow_mut().push(r.body.clone());
            r
        };
        let call = |op: &str, header: &str, body: &str| call_as(tag, op, header, body);
        assert_eq!(
            call(
                "getServerTime",
                &token_passport(&creds()),
                get_server_time_body()
            )
            .status,
            200
        );
        assert_eq!(
            call("getDataCenterUrls", "", &discovery_body(ACCOUNT)).status,
            200
        );
        assert_eq!(
            call("getDataCenterUrls", "", &discovery_body("NOBODY")).status,
            200
        );
        let user = format!(
            "{}{}",
            passport(EMAIL, PASSWORD, ACCOUNT, ROLE),
            application_info(APP_ID)
        );
        call("getServerTime", &user, get_server_time_body());
        let mut bad = creds();
        bad.token_secret = "x".into();
        assert_eq!(
            call(
                "getServerTime",
                &token_passport(&bad),
                get_server_time_body()
            )
            .fault_code(),
            "USER_ERROR"
        );
        let amb = format!("{}{}", token_passport(&creds()), application_info(APP_ID));
        assert_eq!(
            call("getServerTime", &amb, get_server_time_body()).fault_code(),
            "USER_ERROR"
        );
        assert_eq!(
            call("getServerTime", "", get_server_time_body()).fault_code(),
            "WS_LOG_IN_REQD"
        );
        // The sandbox account has a limit of 0: every request is over it.
        assert_eq!(
            call(
                "getServerTime",
                &token_passport(&sandbox_creds()),
                get_server_time_body()
            )
            .fault_code(),
            "WS_REQUEST_BLOCKED"
        );
        assert_eq!(call("getServerTime", "", "").fault_code(), "USER_ERROR");
        let other = if tag == "2023_2" { "2017_1" } else { "2023_2" };
        let r = call_as(
            other,
            "getServerTime",
            &token_passport(&creds()),
            get_server_time_body(),
        );
        assert_eq!(r.fault_code(), "INVALID_WS_VERSION");
        let bodies = bodies.into_inner();
        // Validate this version's set explicitly (faults by their detail element).
        xsd::validate_envelopes(tag, &bodies).unwrap_or_else(|e| panic!("{e}"));
        for b in &bodies {
            for el in xsd::validatable_elements(b).unwrap() {
                assert!(!el.contains("Envelope"), "{el}");
            }
        }
    }
    validate_collected();
}

#[test]
fn the_validator_rejects_an_invalid_body() {
    let bad = envelope("2023_2", "", "<platformMsgs:getServerTimeResponse><platformMsgs:nope/></platformMsgs:getServerTimeResponse>");
    assert!(xsd::validate_envelopes("2023_2", &[bad]).is_err());
}

#[test]
fn the_validator_checks_fault_details() {
    let bad = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><soapenv:Fault>\
        <faultcode>soapenv:Server.userException</faultcode><faultstring>x</faultstring><detail>\
        <f:invalidCredentialsFault xmlns:f=\"urn:faults_2017_1.platform.webservices.netsuite.com\"><f:code>NOT_A_CODE</f:code>\
        <f:message>x</f:message></f:invalidCredentialsFault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>";
    let err = xsd::validate_envelopes("2017_1", &[bad.to_owned()]).unwrap_err();
    assert!(err.contains("NOT_A_CODE"), "{err}");
    assert!(xsd::validate_envelopes("2017_1", &[bad.replace("NOT_A_CODE", "USER_ERROR")]).is_ok());
}

#[test]
fn without_a_folder_serves_its_own_generated_set_which_validates_its_responses() {
    let sim = support::start_with(netsuite_sim::Simulator::builder().account(account()));
    let base = sim.base_url();
    let wsdl = get(&sim.wsdl_url(v("2023_2")));
    assert_eq!(wsdl.status, 200);
    assert!(
        wsdl.body
            .contains(&format!("{base}/services/NetSuitePort_2023_2")),
        "address rewritten"
    );
    assert!(wsdl.body.contains("./xsd/lists.relationships.xsd"));
    let relationships = get(&format!(
        "{base}/wsdl/v2023_2_0/xsd/lists.relationships.xsd"
    ));
    assert_eq!(relationships.status, 200);
    assert!(relationships.body.contains("name=\"Customer\""));
    assert_eq!(
        get(&format!("{base}/xsd/lists/v2023_2_0/relationships.xsd")).body,
        relationships.body
    );
    // At the account's own domain, where the connector asks after discovery.
    let account_origin = sim.account_base_url(ACCOUNT).unwrap();
    assert_eq!(
        get(&format!("{account_origin}/wsdl/v2023_2_0/netsuite.wsdl")).status,
        200
    );
    // The wire's responses (documentInfo header, result, fault detail) validate against it.
    let url = sim.service_url(v("2023_2"));
    let ok = post(
        &url,
        "getServerTime",
        &envelope("2023_2", &token_passport(&creds()), get_server_time_body()),
    );
    let mut bad = creds();
    bad.token_secret = "x".into();
    let fault = post(
        &url,
        "getServerTime",
        &envelope("2023_2", &token_passport(&bad), get_server_time_body()),
    );
    assert_eq!(fault.fault_code(), "USER_ERROR");
    let discovery = post(
        &url,
        "getDataCenterUrls",
        &envelope("2023_2", "", &discovery_body(ACCOUNT)),
    );
    let named: Vec<(String, String)> = [ok.body, fault.body, discovery.body]
        .iter()
        .flat_map(|b| xsd::validatable_elements(b).unwrap())
        .enumerate()
        .map(|(i, e)| (format!("element {i}"), e))
        .collect();
    assert!(named.len() >= 5, "{named:?}");
    xsd::validate_generated("2023_2", &named).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn an_unknown_element_is_a_fault_without_a_netsuite_detail_as_axis_answers() {
    let sim = support::start_with(netsuite_sim::Simulator::builder().account(account()));
    let url = sim.service_url(v("2023_2"));
    let body = "<platformMsgs:upsert><platformMsgs:record externalId=\"wire-1\" \
        xsi:type=\"listRel:Customer\" \
        xmlns:listRel=\"urn:relationships_2023_2.lists.webservices.netsuite.com\">\
        <listRel:companyName>Wire</listRel:companyName>\
        <listRel:favouriteColour>teal</listRel:favouriteColour>\
        </platformMsgs:record></platformMsgs:upsert>";
    let r = post(
        &url,
        "upsert",
        &envelope("2023_2", &token_passport(&creds()), body),
    );
    assert_eq!(r.status, 500);
    let (faultcode, faultstring, element, _) = r.fault().expect("a fault");
    assert_eq!(faultcode, "soapenv:Server.userException");
    assert_eq!(
        faultstring,
        "org.xml.sax.SAXException: Invalid element in \
         com.netsuite.webservices.lists.relationships_2023_2.Customer - favouriteColour"
    );
    assert_eq!(element, "", "no platformFaults detail");
    assert!(r.body.contains("hostname"), "{}", r.body);
}
