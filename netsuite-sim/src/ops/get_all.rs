//! getAll: every record of a list type that has no search. The simulated account has
//! currencies, states and budget categories (`store::seed_lists`); the other GetAllRecordType
//! values answer an empty list, as an account that never set them up does. A value outside the
//! enumeration is refused as NetSuite refuses it.

use roxmltree::Node;

use super::currency::CURRENCIES;
use super::response::{self, Detail};
use super::{OpContext, OpResult};
use crate::store::elem::child_named;
use crate::store::seed_lists::{BUDGET_CATEGORIES, CURRENCY_SYMBOLS, STATES};
use crate::store::xml::XmlOut;

/// GetAllRecordType values of every version served (2017.2 adds salesTaxItem, taxGroup and
/// taxType; they are accepted everywhere and answer empty).
const RECORD_TYPES: [&str; 21] = [
    "budgetCategory",
    "campaignAudience",
    "campaignCategory",
    "campaignChannel",
    "campaignFamily",
    "campaignOffer",
    "campaignSearchEngine",
    "campaignSubscription",
    "campaignVertical",
    "currency",
    "leadSource",
    "salesTaxItem",
    "state",
    "supportCaseIssue",
    "supportCaseOrigin",
    "supportCasePriority",
    "supportCaseStatus",
    "supportCaseType",
    "taxAcct",
    "taxGroup",
    "taxType",
];

pub(crate) fn get_all(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    const OP: &str = "getAllResponse";
    let kind = child_named(body, "record")
        .and_then(|r| r.attribute("recordType"))
        .unwrap_or("")
        .trim()
        .to_owned();
    let mut out = XmlOut::new();
    response::open(&mut out, OP, ctx.version);
    out.start("platformCore:getAllResult", &[]);
    if !RECORD_TYPES.contains(&kind.as_str()) {
        response::status(
            &mut out,
            &[Detail::error(
                "INVALID_RCRD_TYPE",
                format!("The getAll record type {kind} is not valid."),
            )],
        );
    } else {
        response::status(&mut out, &[]);
        let count = count(&kind);
        out.leaf("platformCore:totalRecords", &count.to_string());
        if count > 0 {
            out.start("platformCore:recordList", &[]);
            write_records(&mut out, &kind);
            out.end("platformCore:recordList");
        }
    }
    out.end("platformCore:getAllResult");
    out.end(OP);
    Ok(out.finish())
}

fn bool_text(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// How many records of `kind` the account has.
fn count(kind: &str) -> usize {
    match kind {
        "currency" => CURRENCIES.len(),
        "state" => STATES.len(),
        "budgetCategory" => BUDGET_CATEGORIES.len(),
        _ => 0,
    }
}

/// Writes the records of `kind`.
fn write_records(out: &mut XmlOut, kind: &str) {
    match kind {
        "currency" => {
            for (i, (id, name, usd)) in CURRENCIES.iter().enumerate() {
                let id = id.to_string();
                let attrs = [
                    ("internalId", id.as_str()),
                    ("xsi:type", "listAcct:Currency"),
                ];
                out.start("platformCore:record", &attrs);
                out.leaf("listAcct:name", name);
                out.leaf("listAcct:symbol", CURRENCY_SYMBOLS[i]);
                out.leaf("listAcct:isBaseCurrency", bool_text(i == 0));
                out.leaf("listAcct:isInactive", "false");
                out.leaf("listAcct:exchangeRate", &format!("{usd:.4}"));
                out.end("platformCore:record");
            }
        }
        "state" => {
            for (id, country, full, short) in STATES {
                let id = id.to_string();
                let attrs = [("internalId", id.as_str()), ("xsi:type", "listAcct:State")];
                out.start("platformCore:record", &attrs);
                out.leaf("listAcct:country", country);
                out.leaf("listAcct:fullName", full);
                out.leaf("listAcct:shortname", short);
                out.end("platformCore:record");
            }
        }
        "budgetCategory" => {
            for (id, name, global, inactive) in BUDGET_CATEGORIES {
                let id = id.to_string();
                let attrs = [
                    ("internalId", id.as_str()),
                    ("xsi:type", "listAcct:BudgetCategory"),
                ];
                out.start("platformCore:record", &attrs);
                out.leaf("listAcct:name", name);
                out.leaf("listAcct:budgetType", bool_text(global));
                out.leaf("listAcct:isInactive", bool_text(inactive));
                out.end("platformCore:record");
            }
        }
        _ => {}
    }
}
