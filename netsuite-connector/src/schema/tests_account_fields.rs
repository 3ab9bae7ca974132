//! Learned custom fields: what is read from NetSuite's customization records, and the disk
//! cache another process (a later `host-runner` run) answers from without asking again.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use connector_sdk::{Cancellation, Host, HostServices};

use super::account_fields_cache::fields_for;
use crate::client::Client;
use crate::operations::testkit::Script;
use crate::retry::Backoff;
use crate::settings::{ConnectionSettings, IntegrationRecord};
use crate::state::ConnectorState;

const MSGS: &str = "urn:messages_2023_2.platform.webservices.netsuite.com";
const CORE: &str = "urn:core_2023_2.platform.webservices.netsuite.com";
const CUSTOM: &str = "urn:customization_2023_2.setup.webservices.netsuite.com";

/// A client of a (non-loopback) NetSuite account whose schema cache is `root`.
fn client(root: &Path) -> (Client, Arc<Script>) {
    let settings = serde_json::json!({
        "account": "123456_SB1",
        "consumer_key": "ck",
        "consumer_secret_deprecated": "cs",
        "token_id": "tid",
        "token_secret_deprecated": "ts",
        "version": "2023.2",
        "url": "https://123456-sb1.suitetalk.api.netsuite.com/services/NetSuitePort_2023_2",
        "data_center_discovery": "never",
        "number_of_retries": 0,
    });
    let validated = ConnectionSettings::from_json(settings)
        .and_then(|s| s.validate(&IntegrationRecord::default()))
        .expect("valid settings");
    let script = Script::new();
    let services = HostServices {
        transport: script.transport(),
        log: testkit::log::quiet(),
        config_json: "{}".into(),
    };
    let backoff = Backoff {
        base: Duration::from_millis(1),
        cap: Duration::from_millis(2),
    };
    let state = ConnectorState::with_schema_cache(Some(root.to_path_buf()));
    (
        Client::new(validated, Host::new(services), backoff, Arc::new(state)),
        script,
    )
}

fn envelope(body: &str) -> String {
    format!(
        "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>{body}\
         </soapenv:Body></soapenv:Envelope>"
    )
}

fn ids(refs: &[(&str, &str)]) -> String {
    let refs: String = refs
        .iter()
        .map(|(id, script)| {
            format!(
                "<c:customizationRef internalId=\"{id}\" scriptId=\"{script}\"><c:name>x</c:name></c:customizationRef>"
            )
        })
        .collect();
    envelope(&format!(
        "<getCustomizationIdResponse xmlns=\"{MSGS}\" xmlns:c=\"{CORE}\"><c:getCustomizationIdResult>\
         <c:status isSuccess=\"true\"/><c:totalRecords>{}</c:totalRecords><c:customizationRefList>{refs}\
         </c:customizationRefList></c:getCustomizationIdResult></getCustomizationIdResponse>",
        refs.matches("customizationRef ").count()
    ))
}

fn records(records: &str) -> String {
    envelope(&format!(
        "<getListResponse xmlns=\"{MSGS}\" xmlns:c=\"{CORE}\" xmlns:s=\"{CUSTOM}\"><readResponseList>\
         <c:status isSuccess=\"true\"/>{records}</readResponseList></getListResponse>"
    ))
}

fn read(record: &str) -> String {
    format!("<readResponse><c:status isSuccess=\"true\"/>{record}</readResponse>")
}

#[test]
fn fields_are_read_into_their_record_types_and_cached_on_disk_for_the_next_process() {
    let root = tempfile::tempdir().unwrap();
    let (c, script) = client(root.path());
    script.answer(ids(&[("7", "custentity_tier")]));
    script.answer(records(&read(
        "<record internalId=\"7\" xsi:type=\"s:EntityCustomField\"><s:fieldType>_integerNumber</s:fieldType>\
         <s:scriptId>custentity_tier</s:scriptId><s:label>Tier</s:label>\
         <s:appliesToCustomer>true</s:appliesToCustomer><s:appliesToVendor>false</s:appliesToVendor></record>",
    )));
    script.answer(ids(&[]));
    script.answer(ids(&[]));
    script.answer(ids(&[("20", "customrecord_project")]));
    script.answer(records(&read(
        "<record internalId=\"20\" xsi:type=\"s:CustomRecordType\"><s:recordName>Project</s:recordName>\
         <s:scriptId>customrecord_project</s:scriptId><s:customFieldList><s:customField internalId=\"21\">\
         <s:fieldType>_date</s:fieldType><s:scriptId>custrecord_due</s:scriptId><s:label>Due</s:label>\
         </s:customField></s:customFieldList></record>",
    )));
    let cancel = Cancellation::new();
    let learned = fields_for(&c, false, &cancel).expect("learned");
    assert_eq!(script.requests().len(), 6);
    let customer = learned.of("customer", None).unwrap();
    assert_eq!(customer["custentity_tier"].kind, "Long");
    assert_eq!(customer["custentity_tier"].label, "Tier");
    assert!(
        learned.of("vendor", None).is_none(),
        "appliesToVendor is false"
    );
    let project = learned
        .of("customRecord", Some("customrecord_project"))
        .unwrap();
    assert_eq!(project["custrecord_due"].kind, "Date");
    // The same connector instance answers from memory.
    fields_for(&c, false, &cancel).unwrap();
    assert_eq!(script.requests().len(), 6);

    // Another process (a fresh connector instance) reads the disk cache: no request.
    let (other, other_script) = client(root.path());
    let cached = fields_for(&other, false, &cancel).expect("from disk");
    assert_eq!(*cached, *learned);
    assert!(other_script.requests().is_empty());
    // Refresh asks again; a refusal falls back to the static schema.
    other_script.answer(envelope(&format!(
        "<getCustomizationIdResponse xmlns=\"{MSGS}\" xmlns:c=\"{CORE}\"><c:getCustomizationIdResult>\
         <c:status isSuccess=\"false\"><c:statusDetail type=\"ERROR\"><c:code>INSUFFICIENT_PERMISSION</c:code>\
         <c:message>no</c:message></c:statusDetail></c:status></c:getCustomizationIdResult>\
         </getCustomizationIdResponse>"
    )));
    assert!(fields_for(&other, true, &cancel).is_none());
    assert_eq!(other_script.requests().len(), 1);
}
