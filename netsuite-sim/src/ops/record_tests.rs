//! Record operations end to end through [`super::dispatch`]: request bodies from
//! `testdata/records/*.xml`, responses checked by meaning and validated against the official
//! XSDs of 2017.1, 2017.2 and 2023.2.

use std::path::PathBuf;

use roxmltree::{Document, Node};
use time::macros::datetime;
use time::OffsetDateTime;

use super::{dispatch, OpContext, Preferences, SearchPreferences};
use crate::faults::Fault;
use crate::store::{AccountStore, StoreSpec};
use crate::version::Version;

struct Sim {
    store: AccountStore,
    version: Version,
    preferences: Preferences,
    search: SearchPreferences,
    now: OffsetDateTime,
    /// As when the simulator serves its own schema (the default) or not.
    strict_fields: bool,
}

impl Sim {
    fn new(customers: usize) -> Sim {
        Sim::with_version(
            customers,
            Version {
                year: 2023,
                release: 2,
            },
        )
    }

    fn with_version(customers: usize, version: Version) -> Sim {
        Sim {
            store: AccountStore::seeded(&StoreSpec {
                customers,
                ..StoreSpec::default()
            }),
            version,
            preferences: Preferences::default(),
            search: SearchPreferences::default(),
            now: datetime!(2025-06-15 10:00 -8),
            strict_fields: true,
        }
    }

    fn call(&self, xml: &str) -> Result<String, Fault> {
        let doc = Document::parse(xml).expect("request XML parses");
        let body = doc.root_element();
        let ctx = OpContext {
            version: self.version,
            account: "123456_SB1",
            store: &self.store,
            preferences: &self.preferences,
            search_preferences: &self.search,
            now: self.now,
            after_submit_fail_prefix: Some("ASF-"),
            strict_fields: self.strict_fields,
        };
        dispatch(body.tag_name().name(), body, &ctx).expect("a record operation")
    }

    fn ok(&self, xml: &str) -> String {
        self.call(xml).expect("no fault")
    }

    fn file(&self, name: &str) -> String {
        self.ok(&testdata(name))
    }
}

fn testdata(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/records")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn elements<'a, 'i>(
    doc: &'a Document<'i>,
    local: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    doc.descendants()
        .filter(move |n| n.is_element() && n.tag_name().name() == local)
}

/// (isSuccess, first code) of every `status` in document order.
fn statuses(xml: &str) -> Vec<(bool, String)> {
    let doc = Document::parse(xml).unwrap();
    elements(&doc, "status")
        .map(|s| {
            let code = elements_in(s, "code")
                .next()
                .and_then(|c| c.text())
                .unwrap_or("")
                .to_owned();
            (s.attribute("isSuccess") == Some("true"), code)
        })
        .collect()
}

fn elements_in<'a, 'i>(
    node: Node<'a, 'i>,
    local: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.descendants()
        .filter(move |n| n.is_element() && n.tag_name().name() == local)
}

fn text_of(xml: &str, local: &str) -> Option<String> {
    let doc = Document::parse(xml).unwrap();
    let found = elements(&doc, local)
        .next()
        .and_then(|n| n.text())
        .map(str::to_owned);
    found
}

fn count(xml: &str, local: &str) -> usize {
    let doc = Document::parse(xml).unwrap();
    let n = elements(&doc, local).count();
    n
}

fn base_ref_ids(xml: &str) -> Vec<Option<String>> {
    let doc = Document::parse(xml).unwrap();
    let ids = elements(&doc, "writeResponse")
        .map(|w| {
            elements_in(w, "baseRef")
                .next()
                .and_then(|b| b.attribute("internalId"))
                .map(str::to_owned)
        })
        .collect();
    ids
}

#[test]
fn gets_a_seeded_customer_in_schema_order() {
    let sim = Sim::new(20);
    let xml = sim.file("get_customer.xml");
    let doc = Document::parse(&xml).unwrap();
    let record = elements(&doc, "record").next().unwrap();
    assert_eq!(record.attribute("internalId"), Some("1"));
    assert_eq!(record.attribute("externalId"), Some("cus-1"));
    assert_eq!(
        record.tag_name().namespace(),
        Some("urn:messages_2023_2.platform.webservices.netsuite.com")
    );
    let fields: Vec<&str> = record
        .children()
        .filter(Node::is_element)
        .map(|n| n.tag_name().name())
        .collect();
    let entity = fields.iter().position(|f| *f == "entityId").unwrap();
    let company = fields.iter().position(|f| *f == "companyName").unwrap();
    let custom = fields.iter().position(|f| *f == "customFieldList").unwrap();
    assert!(
        entity < company && company < custom && custom == fields.len() - 1,
        "{fields:?}"
    );
    let entity_node = record
        .children()
        .find(|n| n.tag_name().name() == "entityId")
        .unwrap();
    assert_eq!(
        entity_node.tag_name().namespace(),
        Some("urn:relationships_2023_2.lists.webservices.netsuite.com")
    );
    let cf = elements(&doc, "customField").next().unwrap();
    assert_eq!(
        cf.tag_name().namespace(),
        Some("urn:core_2023_2.platform.webservices.netsuite.com")
    );
    assert_eq!(count(&xml, "customField"), 7);
}

#[test]
fn get_list_answers_each_reference_in_order() {
    let sim = Sim::new(20);
    let xml = sim.file("get_list.xml");
    let s = statuses(&xml);
    // Top-level status, then one per reference.
    assert_eq!(s.len(), 14);
    assert!(s[..11].iter().all(|(ok, _)| *ok), "{s:?}");
    assert_eq!(s[11], (false, "RCRD_DSNT_EXIST".into()));
    assert_eq!(s[12], (false, "INVALID_RCRD_TYPE".into()));
    assert_eq!(s[13], (false, "RCRD_DSNT_EXIST".into()));
    assert_eq!(count(&xml, "record"), 10);
}

#[test]
fn get_list_over_the_limit_is_a_fault() {
    let sim = Sim::new(5);
    let refs: String = (0..1001)
        .map(|i| format!(r#"<baseRef xmlns:c="urn:c" c:x="1" internalId="{i}" type="customer"/>"#))
        .collect();
    let xml = format!(
        r#"<getList xmlns="urn:messages_2023_2.platform.webservices.netsuite.com">{refs}</getList>"#
    );
    let fault = sim.call(&xml).unwrap_err();
    assert_eq!(fault.element, "exceededRecordCountFault");
}

#[test]
fn add_then_get_returns_the_record_with_dates() {
    let sim = Sim::new(10);
    let xml = sim.file("add_customer.xml");
    assert_eq!(statuses(&xml), vec![(true, String::new())]);
    assert_eq!(base_ref_ids(&xml), vec![Some("11".to_owned())]);
    let got =
        sim.ok(&testdata("get_customer.xml").replace("internalId=\"1\"", "internalId=\"11\""));
    assert_eq!(
        text_of(&got, "companyName").as_deref(),
        Some("New & Shiny Ltd")
    );
    assert_eq!(
        text_of(&got, "dateCreated").as_deref(),
        Some("2025-06-15T10:00:00.000-08:00")
    );
    assert_eq!(
        text_of(&got, "lastModifiedDate").as_deref(),
        Some("2025-06-15T10:00:00.000-08:00")
    );
    let doc = Document::parse(&got).unwrap();
    let fields: Vec<&str> = elements(&doc, "record")
        .next()
        .unwrap()
        .children()
        .filter(Node::is_element)
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(
        fields,
        [
            "entityId",
            "companyName",
            "email",
            "dateCreated",
            "subsidiary",
            "lastModifiedDate",
            "customFieldList"
        ]
    );
}

#[test]
fn add_list_reports_each_record_on_its_own() {
    let sim = Sim::new(10);
    let xml = sim.file("add_list.xml");
    let s = statuses(&xml);
    let codes: Vec<&str> = s[1..].iter().map(|(_, c)| c.as_str()).collect();
    assert_eq!(
        codes,
        [
            "",
            "USER_ERROR",
            "DUP_RCRD",
            "INVALID_KEY_OR_REF",
            "",
            "",
            "",
            "INSUFFICIENT_PERMISSION",
            "INVALID_RCRD_TYPE"
        ]
    );
    let ids = base_ref_ids(&xml);
    assert_eq!(ids[0].as_deref(), Some("11"));
    assert_eq!(ids[1], None);
    assert!(xml.contains("Please enter value(s) for: Company Name"));
    assert!(xml.contains("Invalid entity reference key 999999."));
    // The sales order given by external ids resolved its references.
    let so_id = ids[4].clone().unwrap();
    let got = sim.ok(&format!(
        r#"<get xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"><baseRef internalId="{so_id}" type="salesOrder"/></get>"#
    ));
    let doc = Document::parse(&got).unwrap();
    let entity = elements(&doc, "entity").next().unwrap();
    assert_eq!(entity.attribute("internalId"), Some("3"));
    assert_eq!(text_of(&got, "total").as_deref(), Some("25.00"));
    assert_eq!(text_of(&got, "amount").as_deref(), Some("25.00"));
    assert_eq!(text_of(&got, "line").as_deref(), Some("1"));
    let fields: Vec<&str> = elements(&doc, "record")
        .next()
        .unwrap()
        .children()
        .filter(Node::is_element)
        .map(|n| n.tag_name().name())
        .collect();
    let pos = |f: &str| {
        fields
            .iter()
            .position(|x| *x == f)
            .unwrap_or_else(|| panic!("{f} in {fields:?}"))
    };
    assert!(
        pos("createdDate") < pos("entity")
            && pos("entity") < pos("itemList")
            && pos("itemList") < pos("customFieldList")
    );
}

#[test]
fn mandatory_custom_fields_unless_validation_is_disabled() {
    let mut sim = Sim::new(3);
    let req = r#"<add xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"
        xmlns:s="urn:customization_2023_2.setup.webservices.netsuite.com"
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
      <record xsi:type="s:CustomRecord"><s:name>No text</s:name></record></add>"#;
    let refused = sim.ok(req);
    assert_eq!(statuses(&refused), vec![(false, "USER_ERROR".to_owned())]);
    assert!(refused.contains("Please enter value(s) for: Sim Text"));
    sim.preferences.disable_mandatory_custom_field_validation = Some(true);
    assert!(statuses(&sim.ok(req))[0].0);
}

#[test]
fn ignore_read_only_fields_drops_them_silently() {
    let mut sim = Sim::new(3);
    sim.preferences.ignore_read_only_fields = Some(true);
    let xml = sim.file("add_list.xml");
    assert_eq!(statuses(&xml)[8], (true, String::new()));
}

#[test]
fn warning_as_error_turns_duplicate_warnings_into_errors() {
    let mut sim = Sim::new(3);
    let email = text_of(&sim.file("get_customer.xml"), "email").unwrap();
    // Serving an official schema, fields the simulator does not keep may be NetSuite's
    // (addresses, …): accepted silently, as NetSuite accepts them.
    sim.strict_fields = false;
    let req = testdata("add_customer.xml")
        .replace("hello@new.example.com", &email.to_uppercase())
        .replace(
            "<listRel:email>",
            "<listRel:notKept>x</listRel:notKept><listRel:email>",
        );
    let warned = sim.ok(&req);
    assert_eq!(statuses(&warned), vec![(true, "WARNING".to_owned())]);
    assert!(warned.contains("internal id 1"));
    sim.preferences.warning_as_error = Some(true);
    let req = req.replace("new-cust-1", "new-cust-2");
    assert_eq!(statuses(&sim.ok(&req)), vec![(false, "WARNING".to_owned())]);
}

#[test]
fn update_list_merges_fields_and_reports_missing_records() {
    let sim = Sim::new(10);
    let before =
        sim.ok(&testdata("get_customer.xml").replace("internalId=\"1\"", "internalId=\"4\""));
    let xml = sim.file("update_list.xml");
    let codes: Vec<String> = statuses(&xml).into_iter().skip(1).map(|(_, c)| c).collect();
    assert_eq!(codes, ["", "RCRD_DSNT_EXIST", "", ""]);
    let after =
        sim.ok(&testdata("get_customer.xml").replace("internalId=\"1\"", "internalId=\"4\""));
    assert_eq!(text_of(&after, "phone").as_deref(), Some("555-0000"));
    assert_eq!(text_of(&after, "email"), None);
    assert_eq!(
        text_of(&after, "companyName"),
        text_of(&before, "companyName")
    );
    assert_eq!(
        text_of(&after, "lastModifiedDate").as_deref(),
        Some("2025-06-15T10:00:00.000-08:00")
    );
    assert!(after.contains("4242") && !after.contains("custentity_sim_text"));
    let renamed =
        sim.ok(&testdata("get_customer.xml").replace("internalId=\"1\"", "internalId=\"5\""));
    assert_eq!(
        text_of(&renamed, "companyName").as_deref(),
        Some("Renamed by externalId")
    );
    let so = sim.ok(
        r#"<get xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"><baseRef internalId="50000002" type="salesOrder"/></get>"#,
    );
    let doc = Document::parse(&so).unwrap();
    let lines: Vec<Node<'_, '_>> = elements(&doc, "itemList")
        .next()
        .unwrap()
        .children()
        .filter(Node::is_element)
        .collect();
    let first_qty = elements_in(lines[0], "quantity").next().unwrap().text();
    assert_eq!(first_qty, Some("7"));
    assert_eq!(
        elements_in(*lines.last().unwrap(), "item")
            .nth(1)
            .unwrap()
            .attribute("internalId"),
        Some("42000003")
    );
}

#[test]
fn upsert_list_updates_adds_and_requires_external_ids() {
    let sim = Sim::new(10);
    let xml = sim.file("upsert_list.xml");
    let codes: Vec<String> = statuses(&xml).into_iter().skip(1).map(|(_, c)| c).collect();
    assert_eq!(codes, ["", "", "USER_ERROR"]);
    let doc = Document::parse(&xml).unwrap();
    let refs: Vec<(Option<&str>, Option<&str>)> = elements(&doc, "baseRef")
        .map(|b| (b.attribute("internalId"), b.attribute("externalId")))
        .collect();
    assert_eq!(
        refs,
        [
            (Some("6"), Some("cus-6")),
            (Some("11"), Some("upsert-new-1"))
        ]
    );
}

#[test]
fn delete_list_logs_deletions_for_get_deleted() {
    let sim = Sim::new(10);
    let xml = sim.file("delete_list.xml");
    let codes: Vec<String> = statuses(&xml).into_iter().skip(1).map(|(_, c)| c).collect();
    assert_eq!(codes, ["", "", "RCRD_DSNT_EXIST", ""]);
    let gone =
        sim.ok(&testdata("get_customer.xml").replace("internalId=\"1\"", "internalId=\"7\""));
    assert_eq!(statuses(&gone), vec![(false, "RCRD_DSNT_EXIST".to_owned())]);
    // The external id is free again.
    let re_add = sim.ok(&testdata("add_customer.xml").replace("new-cust-1", "cus-7"));
    assert!(statuses(&re_add)[0].0);
    let deleted = sim.file("get_deleted.xml");
    assert_eq!(text_of(&deleted, "totalRecords").as_deref(), Some("2"));
    let doc = Document::parse(&deleted).unwrap();
    let types: Vec<Option<&str>> = elements(&doc, "record")
        .map(|r| r.attribute("internalId"))
        .collect();
    assert_eq!(types, [Some("7"), Some("80000002")]);
}

#[test]
fn basic_search_pages_and_search_more_with_id() {
    let mut sim = Sim::new(40);
    sim.search.page_size = Some(5);
    let first = sim.file("search_customer_basic.xml");
    let total: usize = text_of(&first, "totalRecords").unwrap().parse().unwrap();
    assert!(total > 10 && total <= 30, "{total}");
    assert_eq!(
        text_of(&first, "totalPages").unwrap(),
        total.div_ceil(5).to_string()
    );
    assert_eq!(count(&first, "record"), 5);
    let id = text_of(&first, "searchId").unwrap();
    let more = |index: usize| {
        sim.ok(&format!(
            r#"<searchMoreWithId xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"><searchId>{id}</searchId><pageIndex>{index}</pageIndex></searchMoreWithId>"#
        ))
    };
    let second = more(2);
    assert_eq!(text_of(&second, "pageIndex").as_deref(), Some("2"));
    assert_eq!(count(&second, "record"), 5);
    assert_ne!(first, second);
    assert_eq!(
        statuses(&more(99)),
        vec![(false, "INVALID_PAGE_INDEX".to_owned())]
    );
}

#[test]
fn search_ids_expire_after_the_ttl_unless_used() {
    let mut sim = Sim::new(10);
    let first = sim.file("search_customer_basic.xml");
    let id = text_of(&first, "searchId").unwrap();
    let req = format!(
        r#"<searchMoreWithId xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"><searchId>{id}</searchId><pageIndex>1</pageIndex></searchMoreWithId>"#
    );
    sim.now += time::Duration::minutes(14);
    assert!(statuses(&sim.ok(&req))[0].0);
    sim.now += time::Duration::minutes(14);
    assert!(statuses(&sim.ok(&req))[0].0, "use renews the id");
    sim.now += time::Duration::minutes(16);
    assert_eq!(
        statuses(&sim.ok(&req)),
        vec![(false, "INVALID_JOB_ID".to_owned())]
    );
    let unknown = req.replace(&id, "nope");
    assert_eq!(
        statuses(&sim.ok(&unknown)),
        vec![(false, "INVALID_JOB_ID".to_owned())]
    );
}

#[test]
fn page_size_below_five_fails_the_search_and_above_1000_is_a_fault() {
    let mut sim = Sim::new(10);
    sim.search.page_size = Some(4);
    let xml = sim.file("search_customer_basic.xml");
    assert_eq!(
        statuses(&xml),
        vec![(false, "INVALID_SEARCH_PAGE_SIZE".to_owned())]
    );
    sim.search.page_size = Some(1001);
    let fault = sim
        .call(&testdata("search_customer_basic.xml"))
        .unwrap_err();
    assert_eq!(
        (fault.element, fault.code),
        ("exceededRecordCountFault", "MAX_RCRDS_EXCEEDED")
    );
}

#[test]
fn customer_search_with_contact_join() {
    let sim = Sim::new(10);
    let xml = sim.file("search_customer_joined.xml");
    assert_eq!(text_of(&xml, "totalRecords").as_deref(), Some("3"));
    let none =
        sim.ok(&testdata("search_customer_joined.xml").replace("@example.com", "@nowhere.test"));
    assert_eq!(text_of(&none, "totalRecords").as_deref(), Some("0"));
}

#[test]
fn advanced_transaction_search_returns_rows_with_joins() {
    let sim = Sim::new(30);
    let xml = sim.file("search_transaction_advanced.xml");
    let total: usize = text_of(&xml, "totalRecords").unwrap().parse().unwrap();
    assert!(total >= 10, "{total}");
    let doc = Document::parse(&xml).unwrap();
    let row = elements(&doc, "searchRow").next().unwrap();
    let parts: Vec<&str> = row
        .children()
        .filter(Node::is_element)
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(parts, ["basic", "customerJoin", "itemJoin"]);
    let basic: Vec<&str> = row
        .first_element_child()
        .unwrap()
        .children()
        .filter(Node::is_element)
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(
        basic,
        [
            "dateCreated",
            "entity",
            "internalId",
            "total",
            "tranId",
            "customFieldList"
        ]
    );
}

#[test]
fn saved_search_by_script_id_uses_its_columns() {
    let sim = Sim::new(20);
    let xml = sim.file("search_saved.xml");
    assert!(count(&xml, "searchRow") > 10);
    assert_eq!(count(&xml, "record"), 0);
    let unknown = sim.ok(&testdata("search_saved.xml")
        .replace("customsearch_sim_active_customers", "customsearch_nope"));
    assert_eq!(
        statuses(&unknown),
        vec![(false, "INVALID_SEARCH".to_owned())]
    );
}

#[test]
fn get_saved_search_lists_the_searches_of_a_type() {
    let sim = Sim::new(3);
    let xml = sim.file("get_saved_search.xml");
    assert_eq!(text_of(&xml, "totalRecords").as_deref(), Some("1"));
    let doc = Document::parse(&xml).unwrap();
    assert_eq!(
        elements(&doc, "recordRef")
            .next()
            .unwrap()
            .attribute("internalId"),
        Some("1002")
    );
}

#[test]
fn custom_field_criteria_match_seeded_values() {
    let sim = Sim::new(200);
    let xml = sim.file("search_custom_fields.xml");
    let total: usize = text_of(&xml, "totalRecords").unwrap().parse().unwrap();
    assert!(total > 0 && total < 100, "{total}");
    let doc = Document::parse(&xml).unwrap();
    for cf in elements(&doc, "customField")
        .filter(|c| c.attribute("scriptId") == Some("custentity_sim_tier"))
    {
        assert_eq!(
            elements_in(cf, "value")
                .next()
                .unwrap()
                .attribute("internalId"),
            Some("3")
        );
    }
}

#[test]
fn item_search_with_predefined_dates_and_none_of() {
    let mut sim = Sim::new(60);
    sim.now = datetime!(2025-02-01 00:00 -8);
    let xml = sim.file("search_items_dates.xml");
    let doc = Document::parse(&xml).unwrap();
    for r in elements(&doc, "record") {
        assert_ne!(
            r.attribute(("http://www.w3.org/2001/XMLSchema-instance", "type")),
            Some("listAcct:ServiceSaleItem")
        );
        let modified = elements_in(r, "lastModifiedDate")
            .next()
            .unwrap()
            .text()
            .unwrap();
        assert!(modified.starts_with("2025-"), "{modified}");
    }
}

#[test]
fn get_select_value_filters_and_pages() {
    let sim = Sim::new(150);
    let xml = sim.file("get_select_value.xml");
    // CUST1, CUST10..19, CUST100..150 minus inactive ones.
    let total: usize = text_of(&xml, "totalRecords").unwrap().parse().unwrap();
    assert!(total > 40 && total <= 62, "{total}");
    assert_eq!(count(&xml, "baseRef"), total);
    let subs = sim.ok(&testdata("get_select_value.xml")
        .replace(">entity<", ">subsidiary<")
        .replace("CUST1", "sim"));
    assert_eq!(text_of(&subs, "totalRecords").as_deref(), Some("2"));
}

#[test]
fn initialize_invoice_from_sales_order_and_bad_reference() {
    let sim = Sim::new(10);
    let xml = sim.file("initialize_invoice.xml");
    let doc = Document::parse(&xml).unwrap();
    let record = elements(&doc, "record").next().unwrap();
    assert_eq!(record.attribute("internalId"), None);
    assert_eq!(
        elements_in(record, "createdFrom")
            .next()
            .unwrap()
            .attribute("internalId"),
        Some("50000003")
    );
    let bad = sim.ok(&testdata("initialize_invoice.xml").replace("50000003", "777"));
    assert_eq!(
        statuses(&bad),
        vec![(false, "INVALID_INITIALIZE_REF".to_owned())]
    );
    assert!(bad.contains("You can not initialize invoice: invalid reference 777."));
}

#[test]
fn attach_contact_joins_it_to_the_customer() {
    let sim = Sim::new(12);
    let join_for_9 = testdata("search_customer_joined.xml")
        .replace(r#"<platformCore:searchValue internalId="1"/><platformCore:searchValue internalId="2"/><platformCore:searchValue internalId="3"/>"#, r#"<platformCore:searchValue internalId="9"/>"#)
        .replace("@example.com", "ada.");
    // Contact 10 is Ada's? Whatever its name, after attaching it customer 9 joins on its email.
    let contact = sim.ok(
        r#"<get xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"><baseRef internalId="20000010" type="contact"/></get>"#,
    );
    let email = text_of(&contact, "email").unwrap();
    let join_for_9 = join_for_9.replace("ada.", &email);
    assert_eq!(
        text_of(&sim.ok(&join_for_9), "totalRecords").as_deref(),
        Some("0")
    );
    let attached = sim.file("attach_contact.xml");
    assert_eq!(statuses(&attached), vec![(true, String::new())]);
    let detach_missing = sim.file("detach_file.xml");
    assert_eq!(statuses(&detach_missing)[0].1, "INVALID_KEY_OR_REF");
    let attach_file = testdata("detach_file.xml")
        .replace("detachFrom", "attachTo")
        .replace("detach", "attach")
        .replace("Detach", "Attach");
    assert!(statuses(&sim.ok(&attach_file))[0].0);
    assert!(statuses(&sim.file("detach_file.xml"))[0].0);
    assert_eq!(
        text_of(&sim.ok(&join_for_9), "totalRecords").as_deref(),
        Some("1")
    );
}

#[test]
fn seeds_a_million_customers_and_serialises_a_page_quickly() {
    let sim = Sim::new(1_000_000);
    assert_eq!(sim.store.counts().customers, 1_000_000);
    let xml = sim.ok(
        r#"<get xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"><baseRef internalId="999999" type="customer"/></get>"#,
    );
    assert!(statuses(&xml)[0].0);
    let refs: String = (500_000..501_000)
        .map(|i| format!(r#"<baseRef internalId="{i}" type="customer"/>"#))
        .collect();
    let req = format!(
        r#"<getList xmlns="urn:messages_2023_2.platform.webservices.netsuite.com">{refs}</getList>"#
    );
    let started = std::time::Instant::now();
    let page = sim.ok(&req);
    let took = started.elapsed();
    assert_eq!(count(&page, "record"), 1000);
    eprintln!("1000 customers in {took:?} ({} bytes)", page.len());
}

/// Every response a representative run of every operation produces, for one version.
fn representative_responses(version: Version) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut sim = Sim::with_version(40, version);
    let mut run = |sim: &Sim, name: &str, xml: &str| {
        let response = sim.ok(xml);
        out.push((name.to_owned(), response.clone()));
        response
    };
    for name in [
        "get_customer.xml",
        "get_list.xml",
        "add_customer.xml",
        "add_list.xml",
        "update_list.xml",
        "upsert_list.xml",
        "delete_list.xml",
        "search_customer_basic.xml",
        "search_customer_joined.xml",
        "search_transaction_advanced.xml",
        "search_saved.xml",
        "search_custom_fields.xml",
        "search_items_dates.xml",
        "get_deleted.xml",
        "get_select_value.xml",
        "get_saved_search.xml",
        "initialize_invoice.xml",
        "attach_contact.xml",
        "detach_file.xml",
        "get_currency_rate.xml",
    ] {
        run(&sim, name, &testdata(name));
    }
    // Labelled columns, custom columns and two custom record joins.
    run(
        &sim,
        "search_saved_projects",
        &testdata("search_saved.xml").replace(
            "customsearch_sim_active_customers",
            "customsearch_sim_customers_with_projects",
        ),
    );
    let ns = r#"xmlns="urn:messages_2023_2.platform.webservices.netsuite.com""#;
    for (name, id, ty) in [
        ("get_missing", "999999", "customer"),
        ("get_contact", "20000003", "contact"),
        ("get_vendor", "40000002", "vendor"),
        ("get_employee", "41000002", "employee"),
        ("get_inventory_item", "42000004", "inventoryItem"),
        ("get_non_inventory_item", "42000005", "nonInventorySaleItem"),
        ("get_service_item", "42000006", "serviceSaleItem"),
        ("get_sales_order", "50000004", "salesOrder"),
        ("get_invoice", "50000041", "invoice"),
    ] {
        run(
            &sim,
            name,
            &format!(r#"<get {ns}><baseRef internalId="{id}" type="{ty}"/></get>"#),
        );
    }
    run(
        &sim,
        "get_custom_record",
        &format!(r#"<get {ns}><baseRef internalId="80000001" typeId="100"/></get>"#),
    );
    run(
        &sim,
        "delete_one",
        &format!(r#"<delete {ns}><baseRef internalId="8" type="customer"/></delete>"#),
    );
    let add = testdata("add_customer.xml");
    run(&sim, "add_duplicate", &add);
    let seeded_email = text_of(&sim.ok(&testdata("get_customer.xml")), "email").unwrap();
    let dup_email = add
        .replace("new-cust-1", "dup-email")
        .replace("hello@new.example.com", &seeded_email);
    run(&sim, "add_duplicate_email_warning", &dup_email);
    run(
        &sim,
        "update_one",
        &add.replace("<add ", "<update ")
            .replace("</add>", "</update>"),
    );
    run(
        &sim,
        "upsert_one",
        &add.replace("<add ", "<upsert ")
            .replace("</add>", "</upsert>"),
    );
    // Every search record type, basic search, records with sublists.
    sim.search.body_fields_only = false;
    sim.search.page_size = Some(10);
    for ty in [
        "Customer",
        "Contact",
        "Vendor",
        "Employee",
        "Item",
        "Transaction",
        "CustomRecord",
    ] {
        let first = run(
            &sim,
            &format!("search_{ty}"),
            &format!(
                r#"<search {ns} xmlns:c="urn:common_2023_2.platform.webservices.netsuite.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><searchRecord xsi:type="c:{ty}SearchBasic"/></search>"#
            ),
        );
        let id = text_of(&first, "searchId").unwrap();
        run(
            &sim,
            &format!("search_more_{ty}"),
            &format!(
                r#"<searchMoreWithId {ns}><searchId>{id}</searchId><pageIndex>2</pageIndex></searchMoreWithId>"#
            ),
        );
    }
    // Every row class with every column of its table.
    for (ty, prefix, uri) in [
        (
            "Customer",
            "listRel",
            "urn:relationships_2023_2.lists.webservices.netsuite.com",
        ),
        (
            "Contact",
            "listRel",
            "urn:relationships_2023_2.lists.webservices.netsuite.com",
        ),
        (
            "Vendor",
            "listRel",
            "urn:relationships_2023_2.lists.webservices.netsuite.com",
        ),
        (
            "Employee",
            "listEmp",
            "urn:employees_2023_2.lists.webservices.netsuite.com",
        ),
        (
            "Item",
            "listAcct",
            "urn:accounting_2023_2.lists.webservices.netsuite.com",
        ),
        (
            "Transaction",
            "tranSales",
            "urn:sales_2023_2.transactions.webservices.netsuite.com",
        ),
        (
            "CustomRecord",
            "setupCustom",
            "urn:customization_2023_2.setup.webservices.netsuite.com",
        ),
    ] {
        let class = crate::store::search::SearchClass::from_type(&format!("{ty}Search"))
            .unwrap()
            .0;
        let columns: String = class
            .row_table()
            .split_whitespace()
            .filter_map(|w| w.split_once(':'))
            .filter(|(n, _)| *n != "customFieldList")
            .map(|(n, _)| format!("<c:{n}/>"))
            .collect();
        let custom = r#"<c:customFieldList><p:customField scriptId="custentity_sim_tags"/><p:customField scriptId="custitem_sim_date"/><p:customField scriptId="custbody_sim_tier"/><p:customField scriptId="custrecord_sim_flag"/></c:customFieldList>"#;
        run(
            &sim,
            &format!("rows_{ty}"),
            &format!(
                r#"<search {ns} xmlns:c="urn:common_2023_2.platform.webservices.netsuite.com" xmlns:p="urn:core_2023_2.platform.webservices.netsuite.com" xmlns:r="{uri}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><searchRecord xsi:type="r:{ty}SearchAdvanced"><r:columns><r:basic>{columns}{custom}</r:basic></r:columns></searchRecord></search>"#
            ),
        );
        let _ = prefix;
    }
    sim.search.page_size = Some(2);
    run(
        &sim,
        "search_bad_page_size",
        &testdata("search_customer_basic.xml"),
    );
    run(
        &sim,
        "search_more_unknown",
        &format!(
            r#"<searchMoreWithId {ns}><searchId>x</searchId><pageIndex>1</pageIndex></searchMoreWithId>"#
        ),
    );
    let so_from_customer = testdata("initialize_invoice.xml")
        .replace(">invoice<", ">salesOrder<")
        .replace(
            r#"type="salesOrder" internalId="50000003""#,
            r#"type="customer" internalId="2""#,
        );
    run(&sim, "initialize_sales_order", &so_from_customer);
    run(
        &sim,
        "initialize_cash_sale",
        &so_from_customer.replace(">salesOrder<", ">cashSale<"),
    );
    run(
        &sim,
        "attach_missing",
        &testdata("attach_contact.xml").replace("20000010", "29999999"),
    );
    run(
        &sim,
        "getlist_unknown_types",
        &format!(
            r#"<getList {ns}><baseRef internalId="1" typeId="999"/><baseRef internalId="5" type="partner"/></getList>"#
        ),
    );
    run(
        &sim,
        "initialize_bad",
        &testdata("initialize_invoice.xml").replace("50000003", "1"),
    );
    run(
        &sim,
        "select_value_bad_field",
        &testdata("get_select_value.xml").replace(">entity<", ">memo<"),
    );
    run(
        &sim,
        "select_value_empty",
        &testdata("get_select_value.xml").replace("CUST1", "zzz"),
    );
    out.push((
        "customer_page".to_owned(),
        sim.store.customer_page_xml(version, 1, 25),
    ));
    out
}

#[test]
fn every_response_validates_against_the_official_xsds() {
    for tag in testkit::xsd::TAGS_WITH_SCHEMA {
        let version = Version::from_tag(tag).unwrap();
        let responses: Vec<(String, String)> = representative_responses(version)
            .into_iter()
            .map(|(name, xml)| (format!("{tag}_{name}"), xml))
            .collect();
        // Set NETSUITE_SIM_RESPONSES_DIR to keep the responses for inspection.
        if let Some(keep) = std::env::var_os("NETSUITE_SIM_RESPONSES_DIR").map(PathBuf::from) {
            for (name, xml) in &responses {
                std::fs::write(keep.join(name), xml).unwrap();
            }
        }
        testkit::xsd::validate(tag, &responses).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn responses_of_the_generated_sets_operations_validate_against_it() {
    for tag in ["2017_1", "2023_2"] {
        let version = Version::from_tag(tag).unwrap();
        let responses: Vec<(String, String)> = representative_responses(version)
            .into_iter()
            .filter(|(_, xml)| {
                let doc = Document::parse(xml).unwrap();
                let root = doc.root_element().tag_name().name().to_owned();
                crate::schema_gen::operation_names()
                    .iter()
                    .any(|op| root == format!("{op}Response"))
            })
            .map(|(name, xml)| (format!("{tag}_{name}"), xml))
            .collect();
        assert!(responses.len() > 20, "{}", responses.len());
        testkit::xsd::validate_generated(tag, &responses).unwrap_or_else(|e| panic!("{e}"));
    }
}

const ADD_LIST_HEAD: &str = r#"<addList xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"
    xmlns:r="urn:relationships_2023_2.lists.webservices.netsuite.com"
    xmlns:c="urn:core_2023_2.platform.webservices.netsuite.com"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#;

#[test]
fn an_unknown_element_faults_the_whole_request() {
    let sim = Sim::new(3);
    let req = format!(
        r#"{ADD_LIST_HEAD}<record xsi:type="r:Customer"><r:companyName>Good</r:companyName></record>
        <record xsi:type="r:Customer"><r:companyName>Bad</r:companyName><r:favouriteColour>teal</r:favouriteColour></record></addList>"#
    );
    let fault = sim.call(&req).unwrap_err();
    assert_eq!(fault.code, "USER_ERROR");
    assert_eq!(
        fault.message,
        "org.xml.sax.SAXException: Invalid element in \
         com.netsuite.webservices.lists.relationships_2023_2.Customer - favouriteColour"
    );
    // Nothing was written: the good record of the same request is not there either.
    let search =
        sim.ok(&testdata("get_customer.xml").replace("internalId=\"1\"", "internalId=\"4\""));
    assert_eq!(statuses(&search)[0].1, "RCRD_DSNT_EXIST");
    // In a sublist line too.
    let bad = testdata("add_list.xml").replace(
        "<tranSales:quantity>2</tranSales:quantity>",
        "<tranSales:quantity>2</tranSales:quantity><tranSales:colour>red</tranSales:colour>",
    );
    let fault = sim.call(&bad).unwrap_err();
    assert!(
        fault.message.ends_with("SalesOrderItem - colour"),
        "{}",
        fault.message
    );
}

#[test]
fn a_value_of_the_wrong_type_refuses_that_record_only() {
    let sim = Sim::new(3);
    let record = |name: &str, extra: &str| {
        format!(
            r#"<record xsi:type="r:Customer"><r:companyName>{name}</r:companyName>{extra}</record>"#
        )
    };
    let req = format!(
        "{ADD_LIST_HEAD}{}{}{}{}{}</addList>",
        record(
            "Good",
            "<r:isInactive>false</r:isInactive><r:creditLimit>12.5</r:creditLimit>"
        ),
        record("Lots", "<r:creditLimit>lots</r:creditLimit>"),
        record("Maybe", "<r:isInactive>maybe</r:isInactive>"),
        record("Text ref", "<r:subsidiary>1</r:subsidiary>"),
        record(
            "Custom",
            r#"<r:customFieldList><c:customField scriptId="custentity_n" xsi:type="c:LongCustomFieldRef"><c:value>1.5</c:value></c:customField></r:customFieldList>"#
        ),
    );
    let xml = sim.ok(&req);
    let codes: Vec<(bool, String)> = statuses(&xml).into_iter().skip(1).collect();
    assert_eq!(
        codes,
        [
            (true, String::new()),
            (false, "INVALID_FLD_VALUE".to_owned()),
            (false, "INVALID_FLD_VALUE".to_owned()),
            (false, "INVALID_FLD_VALUE".to_owned()),
            (false, "INVALID_FLD_VALUE".to_owned()),
        ]
    );
    for message in [
        "Invalid Field Value lots for the following field: creditLimit",
        "Invalid Field Value maybe for the following field: isInactive",
        "Invalid Field Value 1 for the following field: subsidiary",
        "Invalid Field Value 1.5 for the following field: custentity_n",
    ] {
        assert!(xml.contains(message), "{message}: {xml}");
    }
    testkit::xsd::validate_generated("2023_2", &[("wrong types".to_owned(), xml.clone())])
        .unwrap_or_else(|e| panic!("{e}"));
    testkit::xsd::validate("2023_2", &[("wrong types".to_owned(), xml)])
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn currency_rates_against_a_base_currency() {
    let sim = Sim::new(10);
    let response = sim.ok(&testdata("get_currency_rate.xml"));
    let doc = roxmltree::Document::parse(&response).unwrap();
    let rates: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "exchangeRate")
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(rates, ["1.270000", "1.080000", "0.740000"]);
    assert!(response.contains("2025-03-01T00:00:00.000-08:00"));
}

#[test]
#[ignore = "slow in debug builds; a timing probe"]
fn searches_a_million_customers() {
    let sim = Sim::new(1_000_000);
    let started = std::time::Instant::now();
    let xml = sim.ok(&testdata("search_customer_basic.xml")
        .replace(">30<", ">1000000<")
        .replace(">cust<", ">cust99999<"));
    let all = sim.ok(&testdata("search_customer_basic.xml")
        .replace(">30<", ">5000<")
        .replace(">cust<", ">c<"));
    let id = text_of(&all, "searchId").unwrap();
    let more = format!(
        r#"<searchMoreWithId xmlns="urn:m"><searchId>{id}</searchId><pageIndex>2</pageIndex></searchMoreWithId>"#
    );
    let started_xml = std::time::Instant::now();
    let xml_page = sim.store.customer_page_xml(sim.version, 500_001, 1000);
    eprintln!(
        "customer_page_xml of 1000: {:?}, {} bytes",
        started_xml.elapsed(),
        xml_page.len()
    );
    let started_page = std::time::Instant::now();
    let page = sim.ok(&more);
    eprintln!(
        "a page of {} customers: {:?}",
        count(&page, "record"),
        started_page.elapsed()
    );
    eprintln!(
        "search over 1M customers: {:?}, {} found",
        started.elapsed(),
        text_of(&xml, "totalRecords").unwrap()
    );
}

#[test]
#[ignore = "a timing probe; run with --release"]
fn probe_page_cost_split() {
    use crate::store::Lookup;
    let sim = Sim::new(1_000_000);
    for _ in 0..3 {
        let view = sim.store.read();
        let t = std::time::Instant::now();
        let records: Vec<_> = (500_001..501_001).filter_map(|id| view.get(id)).collect();
        let built = t.elapsed();
        let t = std::time::Instant::now();
        let mut out = crate::store::xml::XmlOut::new();
        for r in &records {
            crate::store::write::write_record(
                &mut out,
                "platformCore:record",
                r,
                Default::default(),
            );
        }
        let written = t.elapsed();
        let t = std::time::Instant::now();
        for _ in 0..1000 {
            std::hint::black_box(crate::store::dates::format(sim.now));
        }
        eprintln!(
            "build {built:?}, write {written:?}, 1000 date formats {:?}",
            t.elapsed()
        );
    }
}

#[test]
fn external_ids_move_with_updates() {
    let sim = Sim::new(10);
    let update = r#"<update xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"
        xmlns:r="urn:relationships_2023_2.lists.webservices.netsuite.com"
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
      <record xsi:type="r:Customer" internalId="3" externalId="renamed-3"/></update>"#;
    assert!(statuses(&sim.ok(update))[0].0);
    let by_ext = |ext: &str| {
        sim.ok(&format!(
            r#"<get xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"><baseRef externalId="{ext}" type="customer"/></get>"#
        ))
    };
    assert_eq!(
        statuses(&by_ext("cus-3")),
        vec![(false, "RCRD_DSNT_EXIST".to_owned())]
    );
    let found = by_ext("renamed-3");
    let doc = Document::parse(&found).unwrap();
    assert_eq!(
        elements(&doc, "record")
            .next()
            .unwrap()
            .attribute("internalId"),
        Some("3")
    );
    // Taking another record's external id is refused.
    let clash = update.replace("renamed-3", "cus-4");
    assert_eq!(
        statuses(&sim.ok(&clash)),
        vec![(false, "DUP_RCRD".to_owned())]
    );
}

#[test]
fn concurrent_readers_and_writers_share_one_store() {
    let sim = std::sync::Arc::new(Sim::new(200));
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let sim = sim.clone();
            std::thread::spawn(move || {
                for i in 0..20 {
                    let add =
                        testdata("add_customer.xml").replace("new-cust-1", &format!("t{w}-{i}"));
                    assert!(statuses(&sim.ok(&add))[0].0);
                    let found = sim.file("search_customer_basic.xml");
                    assert!(statuses(&found)[0].0);
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let all = sim.ok(&testdata("search_customer_basic.xml")
        .replace(">30<", ">100000<")
        .replace(">cust<", ">new<"));
    assert_eq!(text_of(&all, "totalRecords").as_deref(), Some("80"));
}

#[test]
fn custom_record_search_by_record_type() {
    let sim = Sim::new(40);
    let search = |rec_type: &str| {
        sim.ok(&format!(
            r#"<search xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"
                xmlns:c="urn:common_2023_2.platform.webservices.netsuite.com"
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <searchRecord xsi:type="c:CustomRecordSearchBasic"><c:recType {rec_type}/></searchRecord></search>"#
        ))
    };
    let total = sim.store.counts().custom_records.to_string();
    assert_eq!(
        text_of(&search(r#"internalId="100""#), "totalRecords"),
        Some(total.clone())
    );
    assert_eq!(
        text_of(
            &search(r#"scriptId="customrecord_sim_project""#),
            "totalRecords"
        ),
        Some(total)
    );
    assert_eq!(
        text_of(&search(r#"internalId="7""#), "totalRecords").as_deref(),
        Some("0")
    );
}

#[test]
fn transaction_status_and_main_line_criteria() {
    let sim = Sim::new(20);
    let search = |status: &str| {
        let xml = sim.ok(&format!(
            r#"<search xmlns="urn:messages_2023_2.platform.webservices.netsuite.com"
                xmlns:c="urn:common_2023_2.platform.webservices.netsuite.com"
                xmlns:p="urn:core_2023_2.platform.webservices.netsuite.com"
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <searchRecord xsi:type="c:TransactionSearchBasic">
                <c:mainLine><p:searchValue>true</p:searchValue></c:mainLine>
                <c:status operator="anyOf"><p:searchValue>{status}</p:searchValue></c:status>
              </searchRecord></search>"#
        ));
        text_of(&xml, "totalRecords")
            .unwrap()
            .parse::<u64>()
            .unwrap()
    };
    let counts = sim.store.counts();
    assert_eq!(search("_salesOrderBilled"), counts.invoices);
    assert_eq!(
        search("_salesOrderPendingFulfillment"),
        counts.sales_orders - counts.invoices
    );
    assert_eq!(
        search("_invoiceOpen") + search("_invoicePaidInFull"),
        counts.invoices
    );
}

#[test]
fn duplicate_emails_of_written_records_follow_updates_and_deletes() {
    let sim = Sim::new(3);
    let msgs = "xmlns=\"urn:messages_2023_2.platform.webservices.netsuite.com\" \
        xmlns:platformCore=\"urn:core_2023_2.platform.webservices.netsuite.com\" \
        xmlns:listRel=\"urn:relationships_2023_2.lists.webservices.netsuite.com\" \
        xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
    let add = |ext: &str, email: &str| {
        testdata("add_customer.xml")
            .replace("new-cust-1", ext)
            .replace("hello@new.example.com", email)
    };
    let first = sim.ok(&add("dup-a", "same@dup.example.com"));
    assert_eq!(statuses(&first), vec![(true, String::new())]);
    let doc = Document::parse(&first).unwrap();
    let id_a = elements(&doc, "baseRef")
        .next()
        .and_then(|r| r.attribute("internalId"))
        .unwrap()
        .to_owned();
    let warned = sim.ok(&add("dup-b", "SAME@dup.example.com"));
    assert_eq!(statuses(&warned), vec![(true, "WARNING".to_owned())]);
    assert!(warned.contains(&format!("internal id {id_a}")), "{warned}");
    // dup-a moves to another address; dup-b (the other holder) is deleted.
    let update = format!(
        "<update {msgs}><record xsi:type=\"listRel:Customer\" externalId=\"dup-a\">\
         <listRel:email>moved@dup.example.com</listRel:email></record></update>"
    );
    assert!(statuses(&sim.ok(&update))[0].0);
    let delete = format!(
        "<delete {msgs}><baseRef xsi:type=\"platformCore:RecordRef\" type=\"customer\" \
         externalId=\"dup-b\"/></delete>"
    );
    assert!(statuses(&sim.ok(&delete))[0].0);
    let free = sim.ok(&add("dup-c", "same@dup.example.com"));
    assert_eq!(statuses(&free), vec![(true, String::new())]);
    let moved = sim.ok(&add("dup-d", "Moved@Dup.example.com"));
    assert_eq!(statuses(&moved), vec![(true, "WARNING".to_owned())]);
    assert!(moved.contains(&format!("internal id {id_a}")), "{moved}");
}

#[test]
fn a_write_failing_after_submit_is_saved_and_refused_with_after_submit_failed() {
    let sim = Sim::new(10);
    let xml = sim.ok(&testdata("add_customer.xml").replace("new-cust-1", "ASF-1"));
    assert_eq!(statuses(&xml), vec![(false, "USER_ERROR".to_owned())]);
    assert_eq!(text_of(&xml, "afterSubmitFailed").as_deref(), Some("true"));
    assert_eq!(base_ref_ids(&xml), vec![Some("11".to_owned())]);
    // Saved: the same externalId is now a duplicate.
    let again = sim.ok(&testdata("add_customer.xml").replace("new-cust-1", "ASF-1"));
    assert_eq!(statuses(&again), vec![(false, "DUP_RCRD".to_owned())]);
}
