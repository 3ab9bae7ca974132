//! Single search criteria: a `Search*Field` (or custom field) element parsed into a test on
//! one record value, the operators of each field type, predefined date ranges, and the values a
//! search field name reads from a record.

use std::borrow::Cow;

use roxmltree::Node;
use time::{Duration, OffsetDateTime};

use super::super::dates;
use super::super::elem::{child_named, children_named, xsi_type};
use super::super::record::{Family, Record, RecordKind};
use super::{line_items, QueryError};

/// Where a condition reads its value.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Target {
    Field(Box<str>),
    Custom(Box<str>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StrOp {
    Is,
    IsNot,
    Contains,
    DoesNotContain,
    StartsWith,
    DoesNotStartWith,
    HasKeywords,
    Empty,
    NotEmpty,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NumOp {
    EqualTo,
    NotEqualTo,
    GreaterThan,
    GreaterThanOrEqualTo,
    LessThan,
    LessThanOrEqualTo,
    Between,
    NotBetween,
    Empty,
    NotEmpty,
}

#[derive(Clone, Debug, PartialEq)]
enum Test {
    Str(StrOp, String),
    Num(NumOp, f64, f64),
    /// Inside `[from, to)`; `negate` flips the result; `empty` tests presence instead.
    Date {
        from: OffsetDateTime,
        to: OffsetDateTime,
        mode: DateMode,
    },
    Bool(bool),
    AnyOf {
        values: Vec<String>,
        negate: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DateMode {
    Inside,
    Outside,
    Before,
    NotBefore,
    AtOrAfterEnd,
    BeforeEnd,
    Empty,
    NotEmpty,
}

/// One criterion.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Cond {
    pub(super) target: Target,
    test: Test,
}

/// Transaction search flags about lines, which header-only results always satisfy.
const LINE_FLAGS: [&str; 4] = ["mainLine", "taxLine", "shipping", "cogs"];

pub(super) fn parse_basic(
    node: Node<'_, '_>,
    now: OffsetDateTime,
) -> Result<Vec<Cond>, QueryError> {
    let mut conds = Vec::new();
    for field in node.children().filter(Node::is_element) {
        let name = field.tag_name().name();
        if name == "customFieldList" {
            for cf in children_named(field, "customField") {
                let Some(script) = cf.attribute("scriptId") else {
                    return Err(QueryError("Custom field criteria need a scriptId.".into()));
                };
                conds.push(Cond {
                    target: Target::Custom(script.into()),
                    test: parse_test(cf, now)?,
                });
            }
        } else if LINE_FLAGS.contains(&name) {
            // Records are searched as their header line only: line-level flags (mainLine…)
            // always hold.
            continue;
        } else if name == "recType" {
            // CustomRecordSearchBasic names the custom record type with a plain RecordRef.
            let id = match (field.attribute("internalId"), field.attribute("scriptId")) {
                (Some(id), _) => id.to_owned(),
                (None, Some(crate::store::seed::CUSTOM_RECORD_TYPE_SCRIPT_ID)) => {
                    crate::store::seed::CUSTOM_RECORD_TYPE_ID.to_string()
                }
                _ => String::new(),
            };
            conds.push(Cond {
                target: Target::Field(name.into()),
                test: Test::AnyOf {
                    values: vec![id],
                    negate: false,
                },
            });
        } else {
            conds.push(Cond {
                target: Target::Field(name.into()),
                test: parse_test(field, now)?,
            });
        }
    }
    Ok(conds)
}

fn values(node: Node<'_, '_>, name: &str) -> Vec<String> {
    children_named(node, name)
        .map(|v| {
            v.attribute("internalId")
                .or_else(|| v.attribute("externalId"))
                .map(str::to_owned)
                .unwrap_or_else(|| v.text().unwrap_or("").trim().to_owned())
        })
        .collect()
}

fn parse_test(node: Node<'_, '_>, now: OffsetDateTime) -> Result<Test, QueryError> {
    let op = node.attribute("operator").unwrap_or("");
    let ty = xsi_type(node).unwrap_or("");
    let first = values(node, "searchValue")
        .into_iter()
        .next()
        .unwrap_or_default();
    let second = values(node, "searchValue2").into_iter().next();
    let bad = |what: &str| {
        QueryError(format!(
            "Invalid {what} for search field {}.",
            node.tag_name().name()
        ))
    };
    let is_date = ty.contains("Date")
        || child_named(node, "predefinedSearchValue").is_some()
        || DATE_OPS.contains(&op);
    if ty.contains("Boolean") || (op.is_empty() && !is_date) {
        return match first.as_str() {
            "true" | "1" => Ok(Test::Bool(true)),
            "false" | "0" => Ok(Test::Bool(false)),
            _ => Err(bad("boolean value")),
        };
    }
    if op == "anyOf" || op == "noneOf" {
        let values = values(node, "searchValue");
        return Ok(Test::AnyOf {
            values,
            negate: op == "noneOf",
        });
    }
    if is_date {
        return parse_date_test(node, op, now).ok_or_else(|| bad("date criteria"));
    }
    if let Some(op) = str_op(op) {
        return Ok(Test::Str(op, first.to_lowercase()));
    }
    let op = num_op(op).ok_or_else(|| bad("operator"))?;
    let parse = |s: &str| s.trim().parse::<f64>().map_err(|_| bad("number"));
    let a = if matches!(op, NumOp::Empty | NumOp::NotEmpty) {
        0.0
    } else {
        parse(&first)?
    };
    let b = match (op, second) {
        (NumOp::Between | NumOp::NotBetween, Some(s)) => parse(&s)?,
        (NumOp::Between | NumOp::NotBetween, None) => return Err(bad("searchValue2")),
        _ => 0.0,
    };
    Ok(Test::Num(op, a, b))
}

const DATE_OPS: [&str; 13] = [
    "on",
    "before",
    "after",
    "onOrBefore",
    "onOrAfter",
    "within",
    "notWithin",
    "notOn",
    "notBefore",
    "notAfter",
    "notOnOrBefore",
    "notOnOrAfter",
    "notWithin",
];

fn str_op(op: &str) -> Option<StrOp> {
    Some(match op {
        "is" => StrOp::Is,
        "isNot" => StrOp::IsNot,
        "contains" => StrOp::Contains,
        "doesNotContain" => StrOp::DoesNotContain,
        "startsWith" => StrOp::StartsWith,
        "doesNotStartWith" => StrOp::DoesNotStartWith,
        "hasKeywords" => StrOp::HasKeywords,
        "empty" => StrOp::Empty,
        "notEmpty" => StrOp::NotEmpty,
        _ => return None,
    })
}

fn num_op(op: &str) -> Option<NumOp> {
    Some(match op {
        "equalTo" => NumOp::EqualTo,
        "notEqualTo" => NumOp::NotEqualTo,
        "greaterThan" | "notLessThanOrEqualTo" => NumOp::GreaterThan,
        "greaterThanOrEqualTo" | "notLessThan" => NumOp::GreaterThanOrEqualTo,
        "lessThan" | "notGreaterThanOrEqualTo" => NumOp::LessThan,
        "lessThanOrEqualTo" | "notGreaterThan" => NumOp::LessThanOrEqualTo,
        "between" => NumOp::Between,
        "notBetween" => NumOp::NotBetween,
        "empty" => NumOp::Empty,
        "notEmpty" => NumOp::NotEmpty,
        _ => return None,
    })
}

fn parse_date_test(node: Node<'_, '_>, op: &str, now: OffsetDateTime) -> Option<Test> {
    let mode_of = |op: &str| match op {
        "on" | "within" => Some(DateMode::Inside),
        "notOn" | "notWithin" => Some(DateMode::Outside),
        "before" => Some(DateMode::Before),
        "notBefore" | "onOrAfter" => Some(DateMode::NotBefore),
        "after" => Some(DateMode::AtOrAfterEnd),
        "notAfter" | "onOrBefore" => Some(DateMode::BeforeEnd),
        "notOnOrBefore" => Some(DateMode::AtOrAfterEnd),
        "notOnOrAfter" => Some(DateMode::Before),
        "empty" => Some(DateMode::Empty),
        "notEmpty" => Some(DateMode::NotEmpty),
        _ => None,
    };
    let mode = mode_of(if op.is_empty() { "within" } else { op })?;
    if matches!(mode, DateMode::Empty | DateMode::NotEmpty) {
        return Some(Test::Date {
            from: now,
            to: now,
            mode,
        });
    }
    if let Some(pre) = child_named(node, "predefinedSearchValue") {
        let (from, to) = predefined_range(pre.text().unwrap_or("").trim(), now)?;
        return Some(Test::Date { from, to, mode });
    }
    let v1 = dates::parse(child_named(node, "searchValue")?.text()?)?;
    let (from, to) = if op == "within" || op == "notWithin" {
        let v2 = dates::parse(child_named(node, "searchValue2")?.text()?)?;
        (v1, v2 + Duration::milliseconds(1))
    } else if is_modification_date(node) && op != "on" && op != "notOn" {
        // A modification date is compared to the instant given (to the millisecond the
        // simulator keeps), which is what incremental syncs filter on; other dates by day.
        (v1, v1 + Duration::milliseconds(1))
    } else {
        let day = dates::start_of_day(v1);
        (day, day + Duration::days(1))
    };
    Some(Test::Date { from, to, mode })
}

/// True for the date-time fields that record a record's last change.
fn is_modification_date(node: Node<'_, '_>) -> bool {
    matches!(node.tag_name().name(), "lastModifiedDate" | "lastModified")
}

/// The `[from, to)` range of a `predefinedSearchValue`, relative to `now` in the account's
/// time zone. Supported (values of NetSuite's `SearchDate` enumeration; the simulator's fiscal
/// year is the calendar year): today, yesterday, tomorrow, thisWeek, lastWeek, thisMonth,
/// lastMonth, thisYear, thisFiscalYear, lastFiscalYear, oneYearBeforeLast, lastRollingYear
/// (the twelve whole months before this one), previousOneDay/Week/Month/Year (rolling, ending
/// now) and daysAgo style values (`threeDaysAgo`, `ninetyDaysAgo`...). NetSuite has no
/// `lastYear`.
pub(crate) fn predefined_range(
    value: &str,
    now: OffsetDateTime,
) -> Option<(OffsetDateTime, OffsetDateTime)> {
    let today = dates::start_of_day(now);
    let day = Duration::days(1);
    let week_start = today - Duration::days(today.weekday().number_days_from_sunday() as i64);
    let month_start = today.replace_day(1).ok()?;
    let prev_month_start = (month_start - day).replace_day(1).ok()?;
    let next_month_start = (month_start + Duration::days(32)).replace_day(1).ok()?;
    let year_start = month_start.replace_month(time::Month::January).ok()?;
    let prev_year_start = year_start.replace_year(year_start.year() - 1).ok()?;
    let next_year_start = year_start.replace_year(year_start.year() + 1).ok()?;
    let days_ago = |n: i64| Some((today - Duration::days(n), today - Duration::days(n) + day));
    Some(match value {
        "today" => (today, today + day),
        "yesterday" => (today - day, today),
        "tomorrow" => (today + day, today + 2 * day),
        "thisWeek" => (week_start, week_start + Duration::weeks(1)),
        "lastWeek" => (week_start - Duration::weeks(1), week_start),
        "thisMonth" => (month_start, next_month_start),
        "lastMonth" => (prev_month_start, month_start),
        "thisYear" | "thisFiscalYear" => (year_start, next_year_start),
        "lastFiscalYear" => (prev_year_start, year_start),
        "oneYearBeforeLast" => (
            prev_year_start
                .replace_year(prev_year_start.year() - 1)
                .ok()?,
            prev_year_start,
        ),
        "lastRollingYear" => (
            month_start.replace_year(month_start.year() - 1).ok()?,
            month_start,
        ),
        "previousOneDay" => (now - day, now),
        "previousOneWeek" => (now - Duration::weeks(1), now),
        "previousOneMonth" => (now - Duration::days(30), now),
        "previousOneYear" => (now - Duration::days(365), now),
        "twoDaysAgo" => days_ago(2)?,
        "threeDaysAgo" => days_ago(3)?,
        "fourDaysAgo" => days_ago(4)?,
        "fiveDaysAgo" => days_ago(5)?,
        "tenDaysAgo" => days_ago(10)?,
        "thirtyDaysAgo" => days_ago(30)?,
        "sixtyDaysAgo" => days_ago(60)?,
        "ninetyDaysAgo" => days_ago(90)?,
        _ => return None,
    })
}

impl Cond {
    pub(super) fn matches(&self, record: &Record) -> bool {
        test_matches(&self.test, &target_values(record, &self.target))
    }
}

/// One search field's test on plain values (the `getDeleted` filter uses these).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FieldTest(Test);

impl FieldTest {
    /// Parses a `Search*Field` element.
    pub(crate) fn parse(node: Node<'_, '_>, now: OffsetDateTime) -> Result<FieldTest, QueryError> {
        parse_test(node, now).map(FieldTest)
    }

    /// Whether values (the first one for scalar tests) pass.
    pub(crate) fn matches(&self, values: &[Cow<'_, str>]) -> bool {
        test_matches(&self.0, values)
    }
}

fn test_matches(test: &Test, values: &[Cow<'_, str>]) -> bool {
    let first = values.first().map(|v| v.as_ref()).unwrap_or("");
    {
        match test {
            Test::Str(op, want) => {
                let have = first.to_lowercase();
                match op {
                    StrOp::Is => have == *want,
                    StrOp::IsNot => have != *want,
                    StrOp::Contains => have.contains(want.as_str()),
                    StrOp::DoesNotContain => !have.contains(want.as_str()),
                    StrOp::StartsWith => have.starts_with(want.as_str()),
                    StrOp::DoesNotStartWith => !have.starts_with(want.as_str()),
                    StrOp::HasKeywords => want.split_whitespace().all(|w| have.contains(w)),
                    StrOp::Empty => have.is_empty(),
                    StrOp::NotEmpty => !have.is_empty(),
                }
            }
            Test::Num(op, a, b) => {
                let have = first.trim().parse::<f64>().ok();
                match (op, have) {
                    (NumOp::Empty, h) => h.is_none(),
                    (NumOp::NotEmpty, h) => h.is_some(),
                    (_, None) => false,
                    (NumOp::EqualTo, Some(h)) => h == *a,
                    (NumOp::NotEqualTo, Some(h)) => h != *a,
                    (NumOp::GreaterThan, Some(h)) => h > *a,
                    (NumOp::GreaterThanOrEqualTo, Some(h)) => h >= *a,
                    (NumOp::LessThan, Some(h)) => h < *a,
                    (NumOp::LessThanOrEqualTo, Some(h)) => h <= *a,
                    (NumOp::Between, Some(h)) => h >= *a && h <= *b,
                    (NumOp::NotBetween, Some(h)) => h < *a || h > *b,
                }
            }
            Test::Date { from, to, mode } => {
                let have = dates::parse(first);
                match (mode, have) {
                    (DateMode::Empty, h) => h.is_none(),
                    (DateMode::NotEmpty, h) => h.is_some(),
                    (_, None) => false,
                    (DateMode::Inside, Some(t)) => t >= *from && t < *to,
                    (DateMode::Outside, Some(t)) => t < *from || t >= *to,
                    (DateMode::Before, Some(t)) => t < *from,
                    (DateMode::NotBefore, Some(t)) => t >= *from,
                    (DateMode::AtOrAfterEnd, Some(t)) => t >= *to,
                    (DateMode::BeforeEnd, Some(t)) => t < *to,
                }
            }
            Test::Bool(want) => (first == "true" || first == "1") == *want,
            Test::AnyOf {
                values: wanted,
                negate,
            } => {
                let hit = values
                    .iter()
                    .any(|v| wanted.iter().any(|w| w == v.as_ref()));
                hit != *negate
            }
        }
    }
}

/// The values a criterion reads from a record (several for multi-selects and line items).
fn target_values<'r>(record: &'r Record, target: &Target) -> Vec<Cow<'r, str>> {
    match target {
        Target::Custom(script) => {
            let Some(cf) = record.field("customFieldList").and_then(|l| {
                l.children
                    .iter()
                    .find(|c| c.attr("scriptId") == Some(script))
            }) else {
                return Vec::new();
            };
            cf.children_named("value")
                .map(|v| match v.attr("internalId") {
                    Some(id) => Cow::Borrowed(id),
                    None => Cow::Borrowed(&*v.text),
                })
                .collect()
        }
        Target::Field(name) => field_values(record, name),
    }
}

/// The value(s) of a basic search field or column on a record: body fields by name, plus the
/// search-only names (`internalId`, `externalIdString`, `type`, …).
pub(crate) fn field_values<'r>(record: &'r Record, name: &str) -> Vec<Cow<'r, str>> {
    match name {
        "internalId" | "internalIdNumber" | "id" => {
            return vec![Cow::Owned(record.internal_id.to_string())]
        }
        "externalId" | "externalIdString" => {
            return record
                .external_id
                .as_deref()
                .map(Cow::Borrowed)
                .into_iter()
                .collect()
        }
        "type" if matches!(record.kind.family(), Family::Transaction | Family::Item) => {
            return vec![Cow::Borrowed(type_enum(record.kind))]
        }
        "recordType" => return vec![Cow::Borrowed(record.kind.type_name())],
        "status"
            if record.kind.family() == Family::Transaction && record.text("status").is_none() =>
        {
            return vec![Cow::Borrowed(transaction_status(record))]
        }
        "stage" if record.kind == RecordKind::Customer && record.text("stage").is_none() => {
            return vec![Cow::Borrowed("_customer")]
        }
        "item" if record.kind.family() == Family::Transaction => {
            return line_items(record)
                .into_iter()
                .map(|i| Cow::Owned(i.to_string()))
                .collect()
        }
        _ => {}
    }
    let aliases = aliases(name);
    let field = if aliases.is_empty() {
        record.field(name)
    } else {
        aliases.iter().find_map(|a| record.field(a))
    };
    match field {
        Some(f) if f.attr("internalId").is_some() => {
            vec![Cow::Borrowed(f.attr("internalId").unwrap_or(""))]
        }
        Some(f) if !f.text.is_empty() => vec![Cow::Borrowed(&*f.text)],
        _ => Vec::new(),
    }
}

/// The `TransactionStatus` search value of a sales order (from its `orderStatus`) or an invoice
/// (open while an amount remains).
fn transaction_status(record: &Record) -> &'static str {
    if record.kind == RecordKind::Invoice {
        let remaining = record
            .text("amountRemaining")
            .and_then(|t| t.parse::<f64>().ok());
        return if remaining.unwrap_or(1.0) > 0.0 {
            "_invoiceOpen"
        } else {
            "_invoicePaidInFull"
        };
    }
    match record.text("orderStatus").unwrap_or("_pendingFulfillment") {
        "_pendingApproval" => "_salesOrderPendingApproval",
        "_partiallyFulfilled" => "_salesOrderPartiallyFulfilled",
        "_pendingBillingPartFulfilled" => "_salesOrderPendingBillingPartiallyFulfilled",
        "_pendingBilling" => "_salesOrderPendingBilling",
        "_fullyBilled" => "_salesOrderBilled",
        "_closed" => "_salesOrderClosed",
        "_cancelled" => "_salesOrderCancelled",
        _ => "_salesOrderPendingFulfillment",
    }
}

/// The body fields a search field name may read, in order of preference (empty: the name
/// itself).
pub(super) fn aliases(name: &str) -> &'static [&'static str] {
    match name {
        "dateCreated" | "createdDate" | "created" => &["dateCreated", "createdDate", "created"],
        "lastModifiedDate" | "lastModified" => &["lastModifiedDate", "lastModified"],
        "amount" | "total" => &["total", "amount"],
        "entityId" => &["entityId", "itemId"],
        "name" => &["name", "entityId", "itemId"],
        _ => &[],
    }
}

/// The `type` enum value searches use for a record kind.
pub(crate) fn type_enum(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::SalesOrder => "_salesOrder",
        RecordKind::Invoice => "_invoice",
        RecordKind::InventoryItem => "_inventoryItem",
        RecordKind::NonInventorySaleItem => "_nonInventoryItem",
        RecordKind::ServiceSaleItem => "_service",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::elem::Elem;
    use time::macros::datetime;

    #[test]
    fn predefined_ranges_are_relative_to_now() {
        let now = datetime!(2026-03-15 12:00 -8);
        let (from, to) = predefined_range("lastMonth", now).unwrap();
        assert_eq!(from, datetime!(2026-02-01 0:00 -8));
        assert_eq!(to, datetime!(2026-03-01 0:00 -8));
        let (from, to) = predefined_range("yesterday", now).unwrap();
        assert_eq!(
            (from, to),
            (datetime!(2026-03-14 0:00 -8), datetime!(2026-03-15 0:00 -8))
        );
        assert!(predefined_range("nextFiscalHalf", now).is_none());
        assert!(
            predefined_range("lastYear", now).is_none(),
            "not a SearchDate value"
        );
        let (from, to) = predefined_range("lastRollingYear", now).unwrap();
        assert!(
            (365..=366).contains(&(to - from).whole_days()),
            "{from} .. {to}"
        );
    }

    /// A record with a few typed fields and custom fields.
    fn sample() -> Record {
        let cf = |script: &'static str, ty: &'static str, value: Elem| {
            let mut f = Elem::leaf("customField", "")
                .with_attr("scriptId", script)
                .with_attr(crate::store::elem::XSI_TYPE, ty);
            f.children.push(value);
            f
        };
        let mut tags = cf(
            "custentity_tags",
            "MultiSelectCustomFieldRef",
            Elem::leaf("value", "").with_attr("internalId", "2"),
        );
        tags.children
            .push(Elem::leaf("value", "").with_attr("internalId", "5"));
        Record {
            kind: RecordKind::Customer,
            internal_id: 42,
            external_id: Some("cus-42".into()),
            fields: vec![
                Elem::leaf("companyName", "Blue Harbor Inc."),
                Elem::leaf("balance", "150.5"),
                Elem::leaf("isInactive", "false"),
                Elem::leaf("dateCreated", "2025-06-14T09:30:00.000-08:00"),
                Elem::leaf("lastModifiedDate", "2025-06-14T10:15:00.123-08:00"),
                Elem::reference("subsidiary", 2, None),
                Elem {
                    name: "customFieldList".into(),
                    children: vec![
                        cf(
                            "custentity_count",
                            "LongCustomFieldRef",
                            Elem::leaf("value", "7"),
                        ),
                        tags,
                    ],
                    ..Elem::default()
                },
            ],
        }
    }

    /// Whether one criterion (an element of a CustomerSearchBasic) matches the sample record.
    fn check(field: &str) -> bool {
        let xml = format!(
            r#"<basic xmlns="urn:common" xmlns:c="urn:core" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{field}</basic>"#
        );
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let now = datetime!(2025-06-15 12:00 -8);
        let conds = parse_basic(doc.root_element(), now).unwrap();
        conds.iter().all(|c| c.matches(&sample()))
    }

    #[test]
    fn string_operators() {
        let s = |op: &str, v: &str| {
            check(&format!(
                r#"<companyName operator="{op}"><c:searchValue>{v}</c:searchValue></companyName>"#
            ))
        };
        assert!(s("is", "blue harbor inc."));
        assert!(!s("isNot", "Blue Harbor Inc."));
        assert!(s("contains", "harbor"));
        assert!(s("doesNotContain", "forge"));
        assert!(s("startsWith", "Blue"));
        assert!(s("doesNotStartWith", "Harbor"));
        assert!(s("hasKeywords", "inc blue"));
        assert!(s("notEmpty", ""));
        assert!(!s("empty", ""));
        assert!(check(r#"<email operator="empty"/>"#));
    }

    #[test]
    fn number_operators() {
        let n = |op: &str, a: &str, b: &str| {
            check(&format!(
                r#"<balance operator="{op}"><c:searchValue>{a}</c:searchValue><c:searchValue2>{b}</c:searchValue2></balance>"#
            ))
        };
        assert!(n("equalTo", "150.5", ""));
        assert!(n("notEqualTo", "150", ""));
        assert!(n("greaterThan", "150", ""));
        assert!(!n("lessThan", "150", ""));
        assert!(n("greaterThanOrEqualTo", "150.5", ""));
        assert!(n("lessThanOrEqualTo", "150.5", ""));
        assert!(n("between", "100", "200"));
        assert!(!n("notBetween", "100", "200"));
        assert!(check(
            r#"<internalIdNumber operator="equalTo"><c:searchValue>42</c:searchValue></internalIdNumber>"#
        ));
        assert!(check(r#"<creditLimit operator="empty"/>"#));
    }

    #[test]
    fn date_operators_and_relative_ranges() {
        let d = |op: &str, v: &str| {
            check(&format!(
                r#"<dateCreated operator="{op}"><c:searchValue>{v}</c:searchValue></dateCreated>"#
            ))
        };
        assert!(d("on", "2025-06-14T00:00:00.000-08:00"));
        assert!(d("notOn", "2025-06-13T00:00:00.000-08:00"));
        assert!(d("before", "2025-06-15T00:00:00.000-08:00"));
        assert!(d("after", "2025-06-13T23:00:00.000-08:00"));
        assert!(d("onOrBefore", "2025-06-14T00:00:00.000-08:00"));
        assert!(d("onOrAfter", "2025-06-14T00:00:00.000-08:00"));
        assert!(!d("after", "2025-06-14T00:00:00.000-08:00"));
        // A modification date is compared to the instant.
        let m = |op: &str, v: &str| {
            check(&format!(
                r#"<lastModifiedDate operator="{op}"><c:searchValue>{v}</c:searchValue></lastModifiedDate>"#
            ))
        };
        assert!(m("after", "2025-06-14T10:15:00.122-08:00"));
        assert!(!m("after", "2025-06-14T10:15:00.123-08:00"));
        assert!(m("onOrAfter", "2025-06-14T10:15:00.123-08:00"));
        assert!(!m("before", "2025-06-14T10:15:00.123-08:00"));
        assert!(m("onOrBefore", "2025-06-14T18:15:00.123Z"));
        assert!(m("on", "2025-06-14T00:00:00.000-08:00"));
        let within = |a: &str, b: &str| {
            check(&format!(
                r#"<dateCreated operator="within"><c:searchValue>{a}</c:searchValue><c:searchValue2>{b}</c:searchValue2></dateCreated>"#
            ))
        };
        assert!(within("2025-06-01T00:00:00Z", "2025-06-30T00:00:00Z"));
        assert!(!within("2025-07-01T00:00:00Z", "2025-07-30T00:00:00Z"));
        let p = |op: &str, v: &str| {
            check(&format!(
                r#"<dateCreated operator="{op}"><c:predefinedSearchValue>{v}</c:predefinedSearchValue></dateCreated>"#
            ))
        };
        assert!(p("within", "yesterday"));
        assert!(!p("within", "today"));
        assert!(p("within", "thisMonth"));
        assert!(p("notWithin", "lastMonth"));
        assert!(p("within", "previousOneWeek"));
    }

    #[test]
    fn boolean_select_and_custom_field_criteria() {
        assert!(check(
            r#"<isInactive><c:searchValue>false</c:searchValue></isInactive>"#
        ));
        assert!(!check(
            r#"<isInactive><c:searchValue>true</c:searchValue></isInactive>"#
        ));
        assert!(check(
            r#"<subsidiary operator="anyOf"><c:searchValue internalId="1"/><c:searchValue internalId="2"/></subsidiary>"#
        ));
        assert!(check(
            r#"<subsidiary operator="noneOf"><c:searchValue internalId="3"/></subsidiary>"#
        ));
        assert!(check(
            r#"<internalId operator="anyOf"><c:searchValue internalId="42"/></internalId>"#
        ));
        assert!(check(
            r#"<externalIdString operator="is"><c:searchValue>cus-42</c:searchValue></externalIdString>"#
        ));
        let custom = |inner: &str| check(&format!("<customFieldList>{inner}</customFieldList>"));
        assert!(custom(
            r#"<c:customField scriptId="custentity_count" operator="greaterThan" xsi:type="c:SearchLongCustomField"><c:searchValue>5</c:searchValue></c:customField>"#
        ));
        assert!(custom(
            r#"<c:customField scriptId="custentity_tags" operator="anyOf" xsi:type="c:SearchMultiSelectCustomField"><c:searchValue internalId="5"/></c:customField>"#
        ));
        assert!(!custom(
            r#"<c:customField scriptId="custentity_tags" operator="noneOf" xsi:type="c:SearchMultiSelectCustomField"><c:searchValue internalId="2"/></c:customField>"#
        ));
    }
}
