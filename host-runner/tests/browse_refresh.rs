//! `host-runner browse --refresh`: the flag reaches the connector, which asks the account for
//! its custom fields again; the profile shows them with their real types.

mod support;

use support::*;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn browse_refresh_shows_the_accounts_custom_fields_with_their_types() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/suitetalk/xsd/2023_2");
    let file = write(
        dir.path(),
        "demo.toml",
        &format!(
            "connector = \"netsuite\"\n[settings]\nversion = \"2023.2\"\nschema_folder = \"{}\"\n",
            schemas.display()
        ),
    );
    let deps = deps_dir();
    let help = text(&host_runner(&["browse", "--help"]).stdout);
    assert!(help.contains("--refresh"), "{help}");
    let out = host_runner(&[
        "browse",
        file.to_str().unwrap(),
        "--action",
        "CREATE",
        "--object-type",
        "customer",
        "--refresh",
        "--connectors",
        deps.to_str().unwrap(),
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    let profile: serde_json::Value = serde_json::from_str(&stdout).expect("a JSON profile");
    let fields = &profile["input"]["properties"]["customFieldList"]["anyOf"][0]["properties"];
    assert_eq!(
        fields["custentity_sim_count"]["type"], "integer",
        "{stdout}"
    );
    assert_eq!(
        fields["custentity_sim_date"]["format"], "date-time",
        "{stdout}"
    );
}
