//! Search rows without loss (issue 14), end to end: the simulator's saved search with custom
//! columns, labelled columns (one field twice, under two labels) and two custom record joins,
//! run as a QUERY through the host and the plugin on 2017.1, 2017.2 and 2023.2. Every value
//! the simulator sent (column values, custom column ids, customization refs, labels) is
//! counted in its recorded responses and must be in the JSON output.

use serde_json::{json, Value};

use crate::support::{self, *};

const ACCOUNT: &str = "TSTDRV7654321";
const VERSIONS: [(&str, &str); 3] = [
    ("2017.1", "2017_1"),
    ("2017.2", "2017_2"),
    ("2023.2", "2023_2"),
];
const SAVED_SEARCH: &str = "customsearch_sim_customers_with_projects";

/// Values in the XML of a row: attributes (but `xsi:type` and namespace declarations) and the
/// text of leaf elements, empty ones aside.
fn xml_values(node: roxmltree::Node<'_, '_>) -> usize {
    let attributes = node
        .attributes()
        .filter(|a| a.namespace().is_none())
        .count();
    let mut elements = node
        .children()
        .filter(roxmltree::Node::is_element)
        .peekable();
    if elements.peek().is_none() {
        return attributes + usize::from(node.text().is_some_and(|t| !t.is_empty()));
    }
    attributes + elements.map(xml_values).sum::<usize>()
}

/// Values in JSON: every number, boolean and non-empty string.
fn json_values(v: &Value) -> usize {
    match v {
        Value::Null => 0,
        Value::String(s) => usize::from(!s.is_empty()),
        Value::Bool(_) | Value::Number(_) => 1,
        Value::Array(a) => a.iter().map(json_values).sum(),
        Value::Object(o) => o.values().map(json_values).sum(),
    }
}

/// (rows, values) of every search page the simulator answered, in the order it answered.
fn recorded_rows(sim: &Sim) -> (usize, usize) {
    let mut files: Vec<_> = std::fs::read_dir(sim.records.path())
        .expect("the record folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.ends_with("-search.response.xml") || n.ends_with("-searchMoreWithId.response.xml")
            })
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no search was recorded");
    let (mut rows, mut values) = (0, 0);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a recorded response");
        let doc = roxmltree::Document::parse(&text).expect("the response is XML");
        for row in doc
            .descendants()
            .filter(|n| n.tag_name().name() == "searchRow")
        {
            rows += 1;
            // The row's own attribute is its xsi:type: not a value.
            values += row
                .children()
                .filter(roxmltree::Node::is_element)
                .map(xml_values)
                .sum::<usize>();
        }
    }
    (rows, values)
}

#[test]
fn a_saved_search_with_custom_columns_labels_and_two_custom_record_joins_loses_nothing() {
    for (version, tag) in VERSIONS {
        let f = support::fixture(version, support::account(ACCOUNT));
        // Pages of 20: the rows of page 2 and 3 come from searchMoreWithId.
        let settings = json!({"action": "QUERY", "record_type": "customer",
            "saved_search_script_id": SAVED_SEARCH, "page_size": 20});
        let results = execute(&f.connection, &settings, &[json!({})]);
        assert_eq!(
            results.outcome(0).status,
            connector_api::OutcomeStatus::Success,
            "{version}: {:?}",
            results.outcomes
        );
        let rows: Vec<&Value> = results.outputs.iter().map(|(_, v)| v).collect();
        let (sent_rows, sent_values) = recorded_rows(&f.sim);
        assert!(
            sent_rows > 20,
            "{version}: {sent_rows} rows over several pages"
        );
        assert_eq!(rows.len(), sent_rows, "{version}: one document per row");
        let got: usize = rows.iter().map(|r| json_values(r)).sum();
        assert_eq!(
            got, sent_values,
            "{version}: every value the simulator sent is in the output"
        );

        let row = rows[0];
        // One field twice under two labels: told apart by the label.
        let labels: Vec<&str> = row["email"]
            .as_array()
            .unwrap_or_else(|| panic!("{version}: {row}"))
            .iter()
            .map(|c| c["customLabel"].as_str().unwrap_or_default())
            .collect();
        assert_eq!(labels, ["Billing email", "Statement email"], "{version}");
        assert_eq!(row["companyName"]["customLabel"], "Company", "{version}");
        // Custom columns keep both ids, and their label.
        let tier = &row["customFieldList"]["custentity_sim_tier"];
        assert_eq!(tier["scriptId"], "custentity_sim_tier", "{version}: {row}");
        assert_eq!(tier["internalId"], "106", "{version}: {row}");
        assert_eq!(tier["customLabel"], "Tier", "{version}");
        assert!(tier["searchValue"]["name"].is_string(), "{version}: {tier}");
        assert_eq!(
            row["customFieldList"]["custentity_sim_count"]["internalId"],
            "102"
        );
        // Two custom record joins, kept apart, each with its customization ref and columns.
        let joins = row["customSearchJoin"]
            .as_array()
            .unwrap_or_else(|| panic!("{version}: {row}"));
        assert_eq!(joins.len(), 2, "{version}: {row}");
        assert_eq!(
            joins[0]["customizationRef"],
            json!({"internalId": "451", "scriptId": "custrecord_sim_project_client", "name": "Client"}),
            "{version}"
        );
        assert_eq!(
            joins[1]["customizationRef"]["scriptId"], "custrecord_sim_project_partner",
            "{version}"
        );
        let client = &joins[0]["searchRowBasic"];
        assert_eq!(
            client["recType"]["internalId"], "100",
            "{version}: {client}"
        );
        assert_eq!(client["name"]["customLabel"], "Client project", "{version}");
        assert!(
            client["name"]["searchValue"]
                .as_str()
                .is_some_and(|n| n.starts_with("Project ")),
            "{version}: {client}"
        );
        assert!(
            client["customFieldList"]["custrecord_sim_score"]["searchValue"].is_number(),
            "{version}: {client}"
        );
        let partner = &joins[1]["searchRowBasic"];
        assert_eq!(
            partner["customFieldList"]["custrecord_sim_tier"]["customLabel"], "Partner tier",
            "{version}: {partner}"
        );
        assert_ne!(client["name"], partner["name"], "{version}: two projects");
        f.sim.assert_exchanges_valid(tag);
    }
}
