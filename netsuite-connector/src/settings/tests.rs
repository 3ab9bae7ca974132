use super::*;
use serde_json::json;

fn validate(v: serde_json::Value) -> Result<ValidatedConnection, Vec<FieldError>> {
    ConnectionSettings::from_json(v)?.validate(&IntegrationRecord::default())
}

fn fields(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

fn token_settings() -> serde_json::Value {
    json!({
        "account": "123456_sb1",
        "consumer_key": "ck",
        "consumer_secret_deprecated": "cs",
        "token_id": "tid",
        "token_secret_deprecated": "ts"
    })
}

#[test]
fn complete_token_set_is_token_auth_with_defaults() {
    let v = validate(token_settings()).unwrap();
    assert!(matches!(v.credentials, Credentials::Token { .. }));
    assert_eq!(v.account.as_passport(), "123456_SB1");
    assert_eq!(v.version, version::NEWEST);
    assert_eq!(v.retries, 5);
    assert_eq!(v.max_concurrent, 1);
    assert!(v.endpoint.discover);
    assert_eq!(v.warnings.len(), 2, "{:?}", v.warnings);
}

#[test]
fn unknown_field_is_named() {
    let mut s = token_settings();
    s["acount"] = json!("x");
    assert_eq!(fields(&validate(s).unwrap_err()), ["acount"]);
}

#[test]
fn wrong_type_is_named() {
    let mut s = token_settings();
    s["number_of_retries"] = json!("five");
    assert_eq!(fields(&validate(s).unwrap_err()), ["number_of_retries"]);
}

#[test]
fn retries_above_ten_are_refused() {
    let mut s = token_settings();
    s["number_of_retries"] = json!(11);
    assert_eq!(fields(&validate(s).unwrap_err()), ["number_of_retries"]);
}

#[test]
fn incomplete_token_set_names_missing_fields() {
    let s = json!({"account": "1", "consumer_key": "ck"});
    let errs = validate(s).unwrap_err();
    assert_eq!(
        fields(&errs),
        ["consumer_secret", "token_id", "token_secret"]
    );
}

#[test]
fn nothing_given_names_the_token_set() {
    let errs = validate(json!({})).unwrap_err();
    assert!(fields(&errs).contains(&"account"));
    assert!(fields(&errs).contains(&"consumer_key"));
}

#[test]
fn user_credentials_refused_from_2020_2() {
    std::env::set_var("NS_SETTINGS_TEST_PASSWORD", "pw");
    let s = json!({"account": "1", "user": "a@b.c", "password": {"env": "NS_SETTINGS_TEST_PASSWORD"}, "application_id": "APP", "version": "2020.2"});
    let errs = validate(s).unwrap_err();
    assert_eq!(fields(&errs), ["user"]);
    assert!(
        errs[0].message.contains("token-based"),
        "{}",
        errs[0].message
    );
    let s = json!({"account": "1", "user": "a@b.c", "password": {"env": "NS_SETTINGS_TEST_PASSWORD"}, "application_id": "APP", "version": "2020.1"});
    assert!(matches!(
        validate(s).unwrap().credentials,
        Credentials::User { .. }
    ));
}

#[test]
fn incomplete_token_set_falls_back_to_user_credentials() {
    std::env::set_var("NS_SETTINGS_TEST_PASSWORD2", "pw");
    let s = json!({"account": "1", "consumer_key": "ck", "user": "a@b.c", "password": {"env": "NS_SETTINGS_TEST_PASSWORD2"}, "application_id": "APP", "version": "2019.2"});
    let v = validate(s).unwrap();
    assert!(matches!(v.credentials, Credentials::User { .. }));
}

#[test]
fn url_version_mismatch_names_both() {
    let mut s = token_settings();
    s["url"] = json!("https://webservices.netsuite.com/services/NetSuitePort_2023_2");
    s["version"] = json!("2024.1");
    let errs = validate(s).unwrap_err();
    assert_eq!(fields(&errs), ["version"]);
}

#[test]
fn missing_secret_variable_is_named_not_printed() {
    let s = json!({"account": "1", "consumer_key": "ck", "consumer_secret": {"env": "NS_SURELY_UNSET_CS"}, "token_id": "t", "token_secret_deprecated": "ts"});
    let errs = validate(s).unwrap_err();
    assert_eq!(fields(&errs), ["consumer_secret"]);
    assert!(errs[0].message.contains("NS_SURELY_UNSET_CS"));
}

#[test]
fn debug_output_has_no_secret() {
    let v = validate(token_settings()).unwrap();
    let text = format!("{v:?}");
    assert!(
        !text.contains("\"cs\"") && !text.contains("\"ts\""),
        "{text}"
    );
}

#[test]
fn settings_debug_hides_plain_secrets_and_the_schema_still_says_text() {
    let settings = ConnectionSettings::from_json(token_settings()).unwrap();
    let text = format!("{settings:?}");
    assert!(
        !text.contains("\"cs\"") && !text.contains("\"ts\""),
        "{text}"
    );
    let schema = schemars::schema_for!(ConnectionSettings).to_value();
    let field = &schema["properties"]["consumer_secret_deprecated"];
    assert!(field.to_string().contains("string"), "{field}");
    assert!(field["description"].is_string(), "{field}");
}

#[test]
fn an_inline_secret_is_never_echoed_in_an_error() {
    let user = json!({ "account": "123456", "user": "a@b.c", "version": "2019.2" });
    let cases = [
        (token_settings(), "consumer_secret"),
        (token_settings(), "token_secret"),
        (user.clone(), "password"),
    ];
    for (base, field) in cases {
        for value in [
            json!("s3cr3t-VALUE"),
            json!(9876543210u64),
            json!(["s3cr3t-VALUE"]),
        ] {
            let mut s = base.clone();
            s[field] = value;
            let errors = validate(s).unwrap_err();
            let text = format!("{errors:?}");
            assert!(
                !text.contains("s3cr3t-VALUE") && !text.contains("9876543210"),
                "{field}: {text}"
            );
            let e = errors.iter().find(|e| e.field == field).expect(field);
            assert!(
                e.message.contains("{ env = ") && e.message.contains("{ file = "),
                "{field}: {}",
                e.message
            );
        }
    }
    for field in ["consumer_secret_deprecated", "token_secret_deprecated"] {
        for value in [json!(9876543210u64), json!({ "s3cr3t-VALUE": 1 })] {
            let mut s = token_settings();
            s[field] = value;
            let text = format!("{:?}", validate(s).unwrap_err());
            assert!(
                !text.contains("s3cr3t-VALUE") && !text.contains("9876543210"),
                "{field}: {text}"
            );
        }
    }
}
