//! getPostingTransactionSummary: posting amounts of the account's transactions, summed by the
//! fields asked for (period, account, entity, subsidiary; the others are not tracked here and
//! group as one), filtered by ref lists, paged.
//!
//! Sales orders do not post. Each invoice posts its total twice: a debit to Accounts
//! Receivable and a credit (negative) to Sales, in the period of its date.

use std::collections::BTreeMap;

use roxmltree::Node;

use super::response::{self, Detail};
use super::{OpContext, OpResult};
use crate::faults::Fault;
use crate::store::dates;
use crate::store::elem::child_named;
use crate::store::record::{Family, RecordKind};
use crate::store::seed_lists::{period_of, RECEIVABLES, SALES};
use crate::store::xml::XmlOut;

/// Rows per page.
const PAGE: usize = 1000;

/// The fields a summary can be grouped by, in the XSD's order.
const FIELDS: [&str; 10] = [
    "period",
    "account",
    "parentItem",
    "item",
    "entity",
    "department",
    "class",
    "location",
    "subsidiary",
    "book",
];

/// `(internal id, name, RecordRef type)` of one segment of a posting line.
type Segment = (u64, String, &'static str);

/// One posting line: its segments (by field) and amount.
struct Line {
    segments: [Option<Segment>; 10],
    amount: f64,
}

fn field_index(name: &str) -> Option<usize> {
    FIELDS.iter().position(|f| *f == name)
}

/// The posting lines of every invoice.
fn lines(ctx: &OpContext<'_>) -> Vec<Line> {
    let view = ctx.store.read();
    let mut lines = Vec::new();
    let want = ["tranDate", "total", "entity", "subsidiary"];
    view.for_each_partial(Family::Transaction, &want, &mut |r| {
        if r.kind != RecordKind::Invoice {
            return;
        }
        let total: f64 = r.text("total").and_then(|t| t.parse().ok()).unwrap_or(0.0);
        let reference = |name: &str, ty: &'static str| -> Option<Segment> {
            let f = r.field(name)?;
            let id = f.attr("internalId")?.parse().ok()?;
            let label = f
                .child("name")
                .map(|c| c.text.to_string())
                .unwrap_or_default();
            Some((id, label, ty))
        };
        let period = r
            .text("tranDate")
            .and_then(dates::parse)
            .and_then(period_of)
            .map(|(id, name)| (id, name, "accountingPeriod"));
        for (account, amount) in [(RECEIVABLES, total), (SALES, -total)] {
            let mut segments: [Option<Segment>; 10] = Default::default();
            segments[0] = period.clone();
            segments[1] = Some((account.0, account.1.to_owned(), "account"));
            segments[4] = reference("entity", "customer");
            segments[8] = reference("subsidiary", "subsidiary");
            lines.push(Line { segments, amount });
        }
    });
    lines
}

pub(crate) fn get_posting_transaction_summary(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    const OP: &str = "getPostingTransactionSummaryResponse";
    const RESULT: &str = "platformCore:getPostingTransactionSummaryResult";
    let index = match child_named(body, "pageIndex").and_then(|n| n.text()) {
        None => 1,
        Some(t) => t
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|i| *i >= 1)
            .ok_or_else(|| Fault::user_error(format!("Invalid pageIndex {t}.")))?,
    };
    let flag = |name: &str| {
        child_named(body, "fields")
            .and_then(|f| child_named(f, name))
            .and_then(|n| n.text())
            .is_some_and(|t| t.trim() == "true")
    };
    let grouped: Vec<usize> = FIELDS
        .iter()
        .enumerate()
        .filter(|(_, f)| flag(f))
        .map(|(i, _)| i)
        .collect();
    // Per field, the internal ids a filter keeps.
    let mut filters: Vec<(usize, Vec<u64>)> = Vec::new();
    if let Some(f) = child_named(body, "filters") {
        for list in f.children().filter(|n| n.is_element()) {
            let Some(i) = field_index(list.tag_name().name()) else {
                continue;
            };
            let ids = list
                .children()
                .filter(|n| n.is_element())
                .filter_map(|n| n.attribute("internalId")?.trim().parse().ok())
                .collect();
            filters.push((i, ids));
        }
    }
    let mut sums: BTreeMap<Vec<Option<Segment>>, f64> = BTreeMap::new();
    for line in lines(ctx) {
        let keep = filters.iter().all(|(i, ids)| {
            line.segments[*i]
                .as_ref()
                .is_some_and(|s| ids.contains(&s.0))
        });
        if keep {
            let key = grouped.iter().map(|i| line.segments[*i].clone()).collect();
            *sums.entry(key).or_insert(0.0) += line.amount;
        }
    }
    let total = sums.len();
    let pages = total.div_ceil(PAGE);
    let mut out = XmlOut::new();
    response::open(&mut out, OP, ctx.version);
    out.start(RESULT, &[]);
    if index > pages.max(1) {
        response::status(
            &mut out,
            &[Detail::error(
                "INVALID_PAGE_INDEX",
                format!("The page index must be between 1 and {}.", pages.max(1)),
            )],
        );
    } else {
        response::status(&mut out, &[]);
        out.leaf("platformCore:totalRecords", &total.to_string());
        out.leaf("platformCore:pageSize", &PAGE.to_string());
        out.leaf("platformCore:totalPages", &pages.to_string());
        out.leaf("platformCore:pageIndex", &index.to_string());
        let rows: Vec<_> = sums.iter().skip((index - 1) * PAGE).take(PAGE).collect();
        if !rows.is_empty() {
            out.start("platformCore:postingTransactionSummaryList", &[]);
            for (key, amount) in rows {
                out.start("platformCore:postingTransactionSummary", &[]);
                for (slot, segment) in grouped.iter().zip(key) {
                    if let Some((id, name, ty)) = segment {
                        let element = format!("platformCore:{}", FIELDS[*slot]);
                        let id = id.to_string();
                        out.start(&element, &[("internalId", &id), ("type", ty)]);
                        out.leaf("platformCore:name", name);
                        out.end(&element);
                    }
                }
                out.leaf("platformCore:amount", &format!("{amount:.2}"));
                out.end("platformCore:postingTransactionSummary");
            }
            out.end("platformCore:postingTransactionSummaryList");
        }
    }
    out.end(RESULT);
    out.end(OP);
    Ok(out.finish())
}
