//! Token passports, replay, clock skew, account case, ambiguous credentials, user passports.

use crate::support::{self, *};

fn call(sim: &netsuite_sim::SimHandle, tag: &str, header: &str) -> HttpResponse {
    post(
        &sim.service_url(v(tag)),
        "getServerTime",
        &envelope(tag, header, get_server_time_body()),
    )
}

#[test]
fn accepts_a_valid_token_and_records_its_nonce() {
    let sim = support::start();
    let c = creds();
    let n = nonce();
    let ts = now_unix();
    // A trailing newline (Ruby's Base64.encode64) is tolerated.
    let header = token_passport_with(
        &c,
        &n,
        ts,
        &format!("{}\n", sign(&c, &n, ts, false)),
        "HMAC-SHA256",
    );
    let r = call(&sim, "2023_2", &header);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(sim.counters().accepted_nonces(ACCOUNT), [n]);
    validate_collected();
}

#[test]
fn refuses_bad_tokens_with_invalid_login_attempt() {
    let sim = support::start();
    let c = creds();
    let ts = now_unix();
    let mut cases: Vec<(&str, String)> = Vec::new();
    let n = nonce();
    cases.push((
        "wrong signature",
        token_passport_with(&c, &n, ts, &sign(&c, "other1", ts, false), "HMAC-SHA256"),
    ));
    let n = nonce();
    let mut wrong_secret = c.clone();
    wrong_secret.token_secret.push('x');
    cases.push((
        "wrong secret",
        token_passport_with(
            &c,
            &n,
            ts,
            &sign(&wrong_secret, &n, ts, false),
            "HMAC-SHA256",
        ),
    ));
    let n = nonce();
    let stale = ts - 301;
    cases.push((
        "stale timestamp",
        token_passport_with(&c, &n, stale, &sign(&c, &n, stale, false), "HMAC-SHA256"),
    ));
    let n = nonce();
    let future = ts + 400;
    cases.push((
        "future timestamp",
        token_passport_with(&c, &n, future, &sign(&c, &n, future, false), "HMAC-SHA256"),
    ));
    let mut lower = sandbox_creds();
    lower.account = lower.account.to_lowercase();
    let n = nonce();
    cases.push((
        "lower-case account",
        token_passport_with(&lower, &n, ts, &sign(&lower, &n, ts, false), "HMAC-SHA256"),
    ));
    let mut unknown = c.clone();
    unknown.consumer_key = "nope".into();
    let n = nonce();
    cases.push((
        "unknown consumer key",
        token_passport_with(
            &unknown,
            &n,
            ts,
            &sign(&unknown, &n, ts, false),
            "HMAC-SHA256",
        ),
    ));
    let n = nonce();
    cases.push((
        "unknown algorithm",
        token_passport_with(&c, &n, ts, &sign(&c, &n, ts, false), "HMAC-MD5"),
    ));
    cases.push((
        "nonce with symbols",
        token_passport_with(
            &c,
            "ab-cd-ef",
            ts,
            &sign(&c, "ab-cd-ef", ts, false),
            "HMAC-SHA256",
        ),
    ));
    cases.push((
        "short nonce",
        token_passport_with(&c, "abc", ts, &sign(&c, "abc", ts, false), "HMAC-SHA256"),
    ));
    let n = nonce();
    cases.push((
        "SHA-1 on 2023.2",
        token_passport_with(&c, &n, ts, &sign(&c, &n, ts, true), "HMAC-SHA1"),
    ));
    for (why, header) in cases {
        let r = call(&sim, "2023_2", &header);
        assert_eq!(r.status, 500, "{why}");
        let (faultcode, faultstring, element, code) = r.fault().unwrap();
        assert_eq!(
            (
                faultcode.as_str(),
                faultstring.as_str(),
                element.as_str(),
                code.as_str()
            ),
            (
                "soapenv:Server.userException",
                "Invalid login attempt.",
                "invalidCredentialsFault",
                "USER_ERROR"
            ),
            "{why}"
        );
    }
    assert!(sim.counters().accepted_nonces(ACCOUNT).is_empty());
    validate_collected();
}

#[test]
fn refuses_a_reused_nonce_but_accepts_a_fresh_one() {
    let sim = support::start();
    let c = creds();
    let header = token_passport(&c);
    assert_eq!(call(&sim, "2023_2", &header).status, 200);
    let replay = call(&sim, "2023_2", &header);
    assert_eq!(replay.fault().unwrap().1, "Invalid login attempt.");
    assert_eq!(call(&sim, "2023_2", &token_passport(&c)).status, 200);
    let nonces = sim.counters().accepted_nonces(ACCOUNT).to_vec();
    assert_eq!(nonces.len(), 2);
    assert_ne!(nonces[0], nonces[1]);
    validate_collected();
}

#[test]
fn accepts_hmac_sha1_before_2023_1_only() {
    let sim = support::start();
    let c = creds();
    for (tag, ok) in [
        ("2017_1", true),
        ("2022_2", true),
        ("2023_1", false),
        ("2023_2", false),
    ] {
        let n = nonce();
        let ts = now_unix();
        let r = call(
            &sim,
            tag,
            &token_passport_with(&c, &n, ts, &sign(&c, &n, ts, true), "HMAC-SHA1"),
        );
        assert_eq!(r.status == 200, ok, "{tag}: {}", r.body);
    }
    validate_collected();
}

#[test]
fn clock_skew_is_configurable() {
    let sim = support::start_with(
        netsuite_sim::Simulator::builder()
            .account(account())
            .clock_skew(std::time::Duration::from_secs(30)),
    );
    let c = creds();
    let n = nonce();
    let ts = now_unix() - 60;
    let r = call(
        &sim,
        "2023_2",
        &token_passport_with(&c, &n, ts, &sign(&c, &n, ts, false), "HMAC-SHA256"),
    );
    assert_eq!(r.fault().unwrap().1, "Invalid login attempt.");
    validate_collected();
}

#[test]
fn refuses_ambiguous_authentication() {
    let sim = support::start();
    let c = creds();
    for (tag, extra) in [
        ("2023_2", application_info(APP_ID)),
        ("2017_1", application_info(APP_ID)),
        ("2017_1", passport(EMAIL, PASSWORD, ACCOUNT, ROLE)),
    ] {
        let r = call(&sim, tag, &format!("{}{extra}", token_passport(&c)));
        let (_, faultstring, element, code) = r.fault().unwrap();
        assert_eq!(
            (faultstring.as_str(), element.as_str(), code.as_str()),
            (
                "Ambiguous authentication",
                "invalidCredentialsFault",
                "USER_ERROR"
            ),
            "{tag}"
        );
    }
    validate_collected();
}

#[test]
fn accepts_user_passports_with_application_id_before_2020_2_only() {
    let sim = support::start();
    let header = format!(
        "{}{}",
        passport(EMAIL, PASSWORD, ACCOUNT, ROLE),
        application_info(APP_ID)
    );
    for tag in ["2017_1", "2017_2", "2019_2", "2020_1"] {
        let r = call(&sim, tag, &header);
        assert_eq!(r.status, 200, "{tag}: {}", r.body);
    }
    for tag in ["2020_2", "2023_2", "2025_2"] {
        let r = call(&sim, tag, &header);
        assert_eq!(r.status, 500, "{tag}");
        let (_, faultstring, element, code) = r.fault().unwrap();
        assert_eq!(
            (element.as_str(), code.as_str()),
            ("invalidCredentialsFault", "USER_ERROR"),
            "{tag}"
        );
        assert!(faultstring.contains("not supported"), "{faultstring}");
    }
    validate_collected();
}

#[test]
fn refuses_bad_user_passports() {
    let sim = support::start();
    let cases = [
        (
            "wrong password",
            format!(
                "{}{}",
                passport(EMAIL, "nope", ACCOUNT, ROLE),
                application_info(APP_ID)
            ),
            "INVALID_LOGIN_CREDENTIALS",
        ),
        (
            "unknown app",
            format!(
                "{}{}",
                passport(EMAIL, PASSWORD, ACCOUNT, ROLE),
                application_info("OTHER")
            ),
            "USER_ERROR",
        ),
        (
            "wrong role",
            format!(
                "{}{}",
                passport(EMAIL, PASSWORD, ACCOUNT, "1000"),
                application_info(APP_ID)
            ),
            "USER_ERROR",
        ),
        (
            "lower-case account",
            format!(
                "{}{}",
                passport(EMAIL, PASSWORD, "tstdrv9001", ROLE),
                application_info(APP_ID)
            ),
            "USER_ERROR",
        ),
        (
            "no application id",
            passport(EMAIL, PASSWORD, ACCOUNT, ROLE),
            "USER_ERROR",
        ),
    ];
    for (why, header, code) in cases {
        let r = call(&sim, "2017_1", &header);
        assert_eq!(r.fault_code(), code, "{why}: {}", r.body);
    }
    validate_collected();
}

#[test]
fn secrets_never_appear_in_debug_output() {
    let sim = support::start();
    let shown = format!("{:?} {:?}", sim.accounts(), *sim);
    assert!(
        !shown.contains("cs-a") && !shown.contains("ts-a") && !shown.contains(PASSWORD),
        "{shown}"
    );
}
