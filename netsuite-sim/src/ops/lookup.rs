//! getDeleted (the deleted-records log, filtered by date, type and custom record script id) and
//! getSelectValue (the values a select field offers, filtered and paged) and getSavedSearch
//! (the account's predefined saved searches of one type).

use std::borrow::Cow;

use roxmltree::Node;

use super::response::{self, Detail};
use super::{OpContext, OpResult};
use crate::faults::Fault;
use crate::store::elem::child_named;
use crate::store::record::{Family, RecordKind};
use crate::store::saved;
use crate::store::search::FieldTest;
use crate::store::seed::{self, CUSTOM_RECORD_TYPE_ID, CUSTOM_RECORD_TYPE_SCRIPT_ID, SUBSIDIARIES};
use crate::store::xml::XmlOut;
use crate::store::{dates, Deleted};

/// Records per getDeleted page and values per getSelectValue page.
const PAGE: usize = 1000;

fn page_index(body: Node<'_, '_>) -> Result<usize, Fault> {
    match child_named(body, "pageIndex").and_then(|n| n.text()) {
        None => Ok(1),
        Some(t) => t
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|i| *i >= 1)
            .ok_or_else(|| Fault::user_error(format!("Invalid pageIndex {t}."))),
    }
}

pub(crate) fn get_deleted(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    const OP: &str = "getDeletedResponse";
    let index = page_index(body)?;
    let mut tests: Vec<(&str, FieldTest)> = Vec::new();
    if let Some(filter) = child_named(body, "getDeletedFilter") {
        for name in ["deletedDate", "type", "scriptId"] {
            if let Some(node) = child_named(filter, name) {
                match FieldTest::parse(node, ctx.now) {
                    Ok(t) => tests.push((name, t)),
                    Err(e) => {
                        return Ok(failed(
                            ctx,
                            OP,
                            "getDeletedResult",
                            Detail::error("USER_ERROR", e.0),
                        ))
                    }
                }
            }
        }
    }
    let view = ctx.store.read();
    let matching: Vec<&Deleted> = view
        .deleted()
        .iter()
        .filter(|d| {
            tests.iter().all(|(name, test)| {
                let value: Cow<'_, str> = match *name {
                    "deletedDate" => Cow::Owned(dates::format(d.when)),
                    "type" => Cow::Borrowed(d.kind.type_name()),
                    _ if d.kind == RecordKind::CustomRecord => {
                        Cow::Borrowed(CUSTOM_RECORD_TYPE_SCRIPT_ID)
                    }
                    _ => Cow::Borrowed(""),
                };
                test.matches(&[value])
            })
        })
        .collect();
    let total = matching.len();
    let pages = total.div_ceil(PAGE);
    if index > pages.max(1) {
        let detail = Detail::error(
            "INVALID_PAGE_INDEX",
            format!("The page index must be between 1 and {}.", pages.max(1)),
        );
        return Ok(failed(ctx, OP, "getDeletedResult", detail));
    }
    let mut out = XmlOut::new();
    response::open(&mut out, OP, ctx.version);
    out.start("platformCore:getDeletedResult", &[]);
    response::status(&mut out, &[]);
    out.leaf("platformCore:totalRecords", &total.to_string());
    out.leaf("platformCore:pageSize", &PAGE.to_string());
    out.leaf("platformCore:totalPages", &pages.to_string());
    out.leaf("platformCore:pageIndex", &index.to_string());
    out.start("platformCore:deletedRecordList", &[]);
    for d in matching.iter().skip((index - 1) * PAGE).take(PAGE) {
        out.start("platformCore:deletedRecord", &[]);
        out.leaf("platformCore:deletedDate", &dates::format(d.when));
        let id = d.internal_id.to_string();
        let mut attrs: Vec<(&str, &str)> = vec![("internalId", &id)];
        if let Some(ext) = &d.external_id {
            attrs.push(("externalId", ext));
        }
        let type_id = CUSTOM_RECORD_TYPE_ID.to_string();
        if d.kind == RecordKind::CustomRecord {
            attrs.push(("typeId", &type_id));
            attrs.push(("xsi:type", "platformCore:CustomRecordRef"));
        } else {
            attrs.push(("type", d.kind.type_name()));
            attrs.push(("xsi:type", "platformCore:RecordRef"));
        }
        match &d.name {
            Some(name) => {
                out.start("platformCore:record", &attrs);
                out.leaf("platformCore:name", name);
                out.end("platformCore:record");
            }
            None => out.empty("platformCore:record", &attrs),
        }
        out.end("platformCore:deletedRecord");
    }
    out.end("platformCore:deletedRecordList");
    out.end("platformCore:getDeletedResult");
    out.end(OP);
    Ok(out.finish())
}

fn failed(ctx: &OpContext<'_>, element: &str, result: &str, detail: Detail) -> String {
    let mut out = XmlOut::new();
    response::open(&mut out, element, ctx.version);
    let result = format!("platformCore:{result}");
    out.start(&result, &[]);
    response::status(&mut out, &[detail]);
    out.end(&result);
    out.end(element);
    out.finish()
}

/// Where a select field's values come from.
enum Source {
    Family(Family),
    Fixed(&'static [&'static str], &'static str),
}

fn source(record: RecordKind, sublist: Option<&str>, field: &str) -> Option<Source> {
    let fam = |f: Family| Some(Source::Family(f));
    match (record.family(), sublist, field) {
        (_, None, "subsidiary") => Some(Source::Fixed(&SUBSIDIARIES, "subsidiary")),
        (Family::Transaction, None, "entity") => fam(Family::Customer),
        (Family::Transaction, Some("itemList"), "item") => fam(Family::Item),
        (Family::Customer | Family::Transaction, None, "salesRep") => fam(Family::Employee),
        (Family::Contact, None, "company") => fam(Family::Customer),
        (Family::Customer, None, "parent") => fam(Family::Customer),
        (_, None, f) if f.ends_with("_sim_tier") => Some(Source::Fixed(&seed::TIERS, "")),
        (_, None, f) if f.ends_with("_sim_tags") => Some(Source::Fixed(&seed::TAGS, "")),
        _ => None,
    }
}

pub(crate) fn get_select_value(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    const OP: &str = "getSelectValueResponse";
    const RESULT: &str = "getSelectValueResult";
    let index = page_index(body)?;
    let desc = child_named(body, "fieldDescription")
        .ok_or_else(|| Fault::user_error("The getSelectValue request has no fieldDescription."))?;
    let text = |name: &str| {
        child_named(desc, name)
            .and_then(|n| n.text())
            .map(str::trim)
    };
    let record = match text("recordType") {
        Some(t) => RecordKind::from_type_name(t),
        None if child_named(desc, "customRecordType").is_some() => Some(RecordKind::CustomRecord),
        None => None,
    };
    let field = text("field").unwrap_or("");
    let Some(record) = record else {
        let detail = Detail::error(
            "INVALID_RCRD_TYPE",
            "The record type is missing or not supported.",
        );
        return Ok(failed(ctx, OP, RESULT, detail));
    };
    let Some(source) = source(record, text("sublist"), field) else {
        let detail = Detail::error(
            "INVALID_FLD_VALUE",
            format!(
                "The field {field} is not a select field of {} the simulator knows.",
                record.type_name()
            ),
        );
        return Ok(failed(ctx, OP, RESULT, detail));
    };
    let filter = child_named(desc, "filter").map(|f| {
        let op = f.attribute("operator").unwrap_or("contains").to_owned();
        let value = child_named(f, "filterValue")
            .and_then(|n| n.text())
            .unwrap_or("")
            .trim()
            .to_lowercase();
        (op, value)
    });
    let keep = |name: &str| match &filter {
        None => true,
        Some((op, v)) => {
            let n = name.to_lowercase();
            match op.as_str() {
                "is" => n == *v,
                "startsWith" => n.starts_with(v.as_str()),
                _ => n.contains(v.as_str()),
            }
        }
    };
    // (internal id, name, RecordRef type) of the values on the requested page.
    let mut total = 0usize;
    let mut page: Vec<(u64, String, &'static str)> = Vec::new();
    let first = (index - 1) * PAGE;
    let mut take = |id: u64, name: &str, ty: &'static str| {
        if keep(name) {
            if total >= first && total < first + PAGE {
                page.push((id, name.to_owned(), ty));
            }
            total += 1;
        }
    };
    match source {
        Source::Fixed(names, ty) => {
            for (i, name) in names.iter().enumerate() {
                take(i as u64 + 1, name, ty);
            }
        }
        Source::Family(family) => {
            let view = ctx.store.read();
            // Seeded records are built with just the fields read here.
            let want = ["entityId", "itemId", "isInactive"];
            view.for_each_partial(family, &want, &mut |r| {
                if r.text("isInactive") != Some("true") {
                    take(
                        r.internal_id,
                        r.display_name().unwrap_or(""),
                        r.kind.type_name(),
                    );
                }
            });
        }
    }
    let pages = total.div_ceil(PAGE);
    if index > pages.max(1) {
        let detail = Detail::error(
            "INVALID_PAGE_INDEX",
            format!("The page index must be between 1 and {}.", pages.max(1)),
        );
        return Ok(failed(ctx, OP, RESULT, detail));
    }
    let mut out = XmlOut::new();
    response::open(&mut out, OP, ctx.version);
    out.start("platformCore:getSelectValueResult", &[]);
    if total == 0 {
        response::status(
            &mut out,
            &[Detail::warning(format!(
                "No values were found for field {field}."
            ))],
        );
    } else {
        response::status(&mut out, &[]);
    }
    out.leaf("platformCore:totalRecords", &total.to_string());
    out.leaf("platformCore:totalPages", &pages.to_string());
    if !page.is_empty() {
        out.start("platformCore:baseRefList", &[]);
        for (id, name, ty) in &page {
            let id = id.to_string();
            let mut attrs: Vec<(&str, &str)> = vec![("internalId", &id)];
            if !ty.is_empty() {
                attrs.push(("type", ty));
            }
            attrs.push(("xsi:type", "platformCore:RecordRef"));
            out.start("platformCore:baseRef", &attrs);
            out.leaf("platformCore:name", name);
            out.end("platformCore:baseRef");
        }
        out.end("platformCore:baseRefList");
    }
    out.end("platformCore:getSelectValueResult");
    out.end(OP);
    Ok(out.finish())
}

/// getSavedSearch: the account's saved searches of one search type.
pub(crate) fn get_saved_search(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    const OP: &str = "getSavedSearchResponse";
    let search_type = child_named(body, "record")
        .and_then(|r| r.attribute("searchType"))
        .unwrap_or("")
        .to_owned();
    let found: Vec<&saved::SavedSearch> = saved::SAVED_SEARCHES
        .iter()
        .filter(|s| {
            let stem = s.class.stem();
            let mut chars = stem.chars();
            chars.next().is_some_and(|c| {
                search_type.len() == stem.len()
                    && search_type.starts_with(c.to_ascii_lowercase())
                    && search_type[1..] == *chars.as_str()
            })
        })
        .collect();
    let mut out = XmlOut::new();
    response::open(&mut out, OP, ctx.version);
    out.start("platformCore:getSavedSearchResult", &[]);
    response::status(&mut out, &[]);
    out.leaf("platformCore:totalRecords", &found.len().to_string());
    out.start("platformCore:recordRefList", &[]);
    for s in found {
        let id = s.internal_id.to_string();
        out.start("platformCore:recordRef", &[("internalId", &id)]);
        out.leaf("platformCore:name", s.title);
        out.end("platformCore:recordRef");
    }
    out.end("platformCore:recordRefList");
    out.end("platformCore:getSavedSearchResult");
    out.end(OP);
    Ok(out.finish())
}
