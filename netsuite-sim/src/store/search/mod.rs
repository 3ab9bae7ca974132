//! Search: the searchable classes, parsed queries, their evaluation over the store (with
//! joins), result columns and kept results.
//!
//! A request's `searchRecord` is parsed into a [`Query`] (by local names, any prefixes), run
//! against one [`Family`] into a list of internal ids, and kept as a [`SearchState`] under a
//! search id for `searchMoreWithId`. Writing the pages is `ops::search`'s job. Single criteria
//! (fields, operators, values) are [`criteria`]'s.

mod criteria;
mod custom_joins;
mod ids;

use std::collections::HashSet;
use std::sync::Arc;

use roxmltree::Node;
use time::OffsetDateTime;

use super::elem::{child_named, children_named, xsi_type, Elem};
use super::record::{Family, Record, RecordKind};
use super::schema_table as table;
use super::{Lookup, View};
use criteria::{aliases, parse_basic, Cond, Target};
pub(crate) use criteria::{field_values, FieldTest};
pub(crate) use custom_joins::CustomJoin;
pub(crate) use ids::IdRuns;

/// A searchable record class (`CustomerSearch`, `TransactionSearch`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SearchClass {
    Customer,
    Contact,
    Vendor,
    Employee,
    Item,
    Transaction,
    CustomRecord,
}

impl SearchClass {
    pub(crate) const ALL: [SearchClass; 7] = [
        SearchClass::Customer,
        SearchClass::Contact,
        SearchClass::Vendor,
        SearchClass::Employee,
        SearchClass::Item,
        SearchClass::Transaction,
        SearchClass::CustomRecord,
    ];

    /// The class name stem (`Customer` in `CustomerSearchBasic`).
    pub(crate) fn stem(self) -> &'static str {
        match self {
            SearchClass::Customer => "Customer",
            SearchClass::Contact => "Contact",
            SearchClass::Vendor => "Vendor",
            SearchClass::Employee => "Employee",
            SearchClass::Item => "Item",
            SearchClass::Transaction => "Transaction",
            SearchClass::CustomRecord => "CustomRecord",
        }
    }

    /// The prefix of the namespace holding `<Stem>Search`, `…Advanced` and `…Row`.
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            SearchClass::Customer | SearchClass::Contact | SearchClass::Vendor => "listRel",
            SearchClass::Employee => "listEmp",
            SearchClass::Item => "listAcct",
            SearchClass::Transaction => "tranSales",
            SearchClass::CustomRecord => "setupCustom",
        }
    }

    /// The records searched.
    pub(crate) fn family(self) -> Family {
        match self {
            SearchClass::Customer => Family::Customer,
            SearchClass::Contact => Family::Contact,
            SearchClass::Vendor => Family::Vendor,
            SearchClass::Employee => Family::Employee,
            SearchClass::Item => Family::Item,
            SearchClass::Transaction => Family::Transaction,
            SearchClass::CustomRecord => Family::CustomRecord,
        }
    }

    /// The `SearchRowBasic` column table, in XSD order (`name:Kind` words).
    pub(crate) fn row_table(self) -> &'static str {
        match self {
            SearchClass::Customer => table::CUSTOMER_ROW,
            SearchClass::Contact => table::CONTACT_ROW,
            SearchClass::Vendor => table::VENDOR_ROW,
            SearchClass::Employee => table::EMPLOYEE_ROW,
            SearchClass::Item => table::ITEM_ROW,
            SearchClass::Transaction => table::TRANSACTION_ROW,
            SearchClass::CustomRecord => table::CUSTOMRECORD_ROW,
        }
    }

    /// The joins the simulator evaluates, in XSD order: (element name, joined class).
    pub(crate) fn joins(self) -> &'static [(&'static str, SearchClass)] {
        match self {
            SearchClass::Customer => &[("contactJoin", SearchClass::Contact)],
            SearchClass::Contact => &[("customerJoin", SearchClass::Customer)],
            SearchClass::Transaction => &[
                ("customerJoin", SearchClass::Customer),
                ("itemJoin", SearchClass::Item),
            ],
            _ => &[],
        }
    }

    /// The class for an `xsi:type` such as `CustomerSearchAdvanced`, and which form it is.
    pub(crate) fn from_type(ty: &str) -> Option<(SearchClass, SearchForm)> {
        SearchClass::ALL.into_iter().find_map(|c| {
            let rest = ty.strip_prefix(c.stem())?.strip_prefix("Search")?;
            let form = match rest {
                "" => SearchForm::Search,
                "Basic" => SearchForm::Basic,
                "Advanced" => SearchForm::Advanced,
                _ => return None,
            };
            Some((c, form))
        })
    }
}

/// Which of the three search record shapes a request used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SearchForm {
    Basic,
    Search,
    Advanced,
}

/// A search that could not be understood; reported as a USER_ERROR.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct QueryError(pub String);

/// Criteria on one class plus its joins.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Criteria {
    conds: Vec<Cond>,
    joins: Vec<(&'static str, SearchClass, Vec<Cond>)>,
}

/// One result column: a field (or a custom field's script id) and the label the search gave
/// it (`customLabel`). A field may be a column more than once, with different labels.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Column {
    pub name: String,
    pub label: Option<String>,
}

/// Result columns of an advanced search: basic columns, custom columns, joins, custom record
/// joins.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Columns {
    pub basic: Vec<Column>,
    pub custom: Vec<Column>,
    pub joins: Vec<(&'static str, SearchClass, Vec<Column>, Vec<Column>)>,
    pub custom_joins: Vec<CustomJoin>,
}

/// How results are returned.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ResultView {
    /// Whole records (`recordList`).
    Records { body_fields_only: bool },
    /// Columns (`searchRowList`).
    Rows(Columns),
}

/// A parsed search request.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Query {
    pub class: SearchClass,
    pub criteria: Criteria,
    /// Columns of an advanced search (`None` for basic searches).
    pub columns: Option<Columns>,
    pub saved_search: Option<String>,
}

/// A search kept for `searchMoreWithId`.
#[derive(Clone, Debug)]
pub(crate) struct SearchState {
    pub class: SearchClass,
    /// The query, re-checked on every page: records changed since so that they no longer
    /// match are left out, as NetSuite does (joins are not re-checked).
    pub query: Arc<Query>,
    pub ids: Arc<IdRuns>,
    pub page_size: usize,
    pub view: Arc<ResultView>,
    pub last_used: OffsetDateTime,
}

impl Query {
    /// Parses a `searchRecord` element (any of the three forms).
    pub(crate) fn parse(node: Node<'_, '_>, now: OffsetDateTime) -> Result<Query, QueryError> {
        let ty = xsi_type(node)
            .ok_or_else(|| QueryError("The search record needs an xsi:type.".into()))?;
        let (class, form) = SearchClass::from_type(ty)
            .ok_or_else(|| QueryError(format!("Search type {ty} is not supported.")))?;
        match form {
            SearchForm::Basic => Ok(Query {
                class,
                criteria: Criteria {
                    conds: parse_basic(node, now)?,
                    joins: Vec::new(),
                },
                columns: None,
                saved_search: None,
            }),
            SearchForm::Search => Ok(Query {
                class,
                criteria: parse_search(class, node, now)?,
                columns: None,
                saved_search: None,
            }),
            SearchForm::Advanced => {
                let criteria = match child_named(node, "criteria") {
                    Some(c) => parse_search(class, c, now)?,
                    None => Criteria::default(),
                };
                let columns = child_named(node, "columns").map(|c| parse_columns(class, c));
                let saved = node
                    .attribute("savedSearchId")
                    .or_else(|| node.attribute("savedSearchScriptId"))
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned);
                Ok(Query {
                    class,
                    criteria,
                    columns: Some(columns.unwrap_or_default()),
                    saved_search: saved,
                })
            }
        }
    }

    /// Adds a saved search's criteria and, when the request names no columns, its columns.
    pub(crate) fn merge_saved(&mut self, saved: Query) {
        self.criteria.conds.extend(saved.criteria.conds);
        self.criteria.joins.extend(saved.criteria.joins);
        let empty = self.columns.as_ref().is_none_or(|c| {
            c.basic.is_empty()
                && c.custom.is_empty()
                && c.joins.is_empty()
                && c.custom_joins.is_empty()
        });
        if empty {
            self.columns = saved.columns;
        }
    }

    /// Whether a record still meets the query's own criteria (joins aside).
    pub(crate) fn still_matches(&self, record: &Record) -> bool {
        self.criteria.conds.iter().all(|c| c.matches(record))
    }

    /// The matching internal ids, in store order (seeded ids, then added ones).
    pub(crate) fn run(&self, view: &View<'_>) -> IdRuns {
        let join_sets: Vec<HashSet<u64>> = self
            .criteria
            .joins
            .iter()
            .map(|(name, joined, conds)| related_matching(view, self.class, name, *joined, conds))
            .collect();
        let mut ids = IdRuns::default();
        let mut want: Vec<&str> = Vec::new();
        needed_fields(&self.criteria.conds, &mut want);
        for (join, _, _) in &self.criteria.joins {
            want.extend(join_fields(self.class, join));
        }
        view.for_each_partial(self.class.family(), &want, &mut |r| {
            if self.criteria.conds.iter().all(|c| c.matches(r))
                && self
                    .criteria
                    .joins
                    .iter()
                    .zip(&join_sets)
                    .all(|((name, _, _), set)| {
                        if is_reverse_join(self.class, name) {
                            set.contains(&r.internal_id)
                        } else {
                            related_ids(view, self.class, name, r)
                                .iter()
                                .any(|id| set.contains(id))
                        }
                    })
            {
                ids.push(r.internal_id);
            }
        });
        ids
    }
}

/// The body fields criteria read (with every alias a search name may map to).
fn needed_fields(conds: &[Cond], want: &mut Vec<&'static str>) {
    for c in conds {
        match &c.target {
            Target::Custom(_) => want.push("customFieldList"),
            Target::Field(name) => {
                let aliases = aliases(name);
                if aliases.is_empty() {
                    // Field names outside the alias table are the record's own: keep them
                    // by looking them up in the tables' static names.
                    if let Some(known) = static_name(name) {
                        want.push(known);
                    }
                    match &**name {
                        "item" => want.push("itemList"),
                        "status" => want.extend(["orderStatus", "amountRemaining"]),
                        _ => {}
                    }
                } else {
                    want.extend_from_slice(aliases);
                }
            }
        }
    }
}

/// The `&'static` spelling of a field name found in any record table.
fn static_name(name: &str) -> Option<&'static str> {
    RecordKind::ALL
        .iter()
        .find_map(|k| k.table().get(name).map(|(_, d)| d.name))
}

/// Fields a join reads on the searched record.
fn join_fields(class: SearchClass, join: &str) -> &'static [&'static str] {
    match (class, join) {
        (SearchClass::Contact, "customerJoin") => &["company"],
        (SearchClass::Transaction, "customerJoin") => &["entity"],
        (SearchClass::Transaction, "itemJoin") => &["itemList"],
        _ => &[],
    }
}

/// Ids of `joined` records matching `conds`.
fn related_matching(
    view: &View<'_>,
    class: SearchClass,
    name: &str,
    joined: SearchClass,
    conds: &[Cond],
) -> HashSet<u64> {
    let reverse = is_reverse_join(class, name);
    let mut set = HashSet::new();
    let mut want = Vec::new();
    needed_fields(conds, &mut want);
    if reverse {
        want.push("company");
    }
    view.for_each_partial(joined.family(), &want, &mut |r| {
        if conds.iter().all(|c| c.matches(r)) {
            if reverse {
                // A matching contact stands for the customer it works for.
                set.extend(r.field("company").and_then(Elem::internal_id));
                set.extend(
                    view.attachments()
                        .iter()
                        .filter(|(_, a)| *a == r.internal_id)
                        .map(|(t, _)| *t),
                );
            } else {
                set.insert(r.internal_id);
            }
        }
    });
    set
}

/// Joins whose matching set is computed in terms of the searched records' own ids (the
/// joined records point at them), so each searched record is a single set look-up.
fn is_reverse_join(class: SearchClass, join: &str) -> bool {
    matches!((class, join), (SearchClass::Customer, "contactJoin"))
}

/// The records a join relates to `record` (contacts of a customer, a transaction's customer or
/// items, a contact's company).
pub(crate) fn related_ids(
    view: &View<'_>,
    class: SearchClass,
    join: &str,
    record: &Record,
) -> Vec<u64> {
    match (class, join) {
        (SearchClass::Customer, "contactJoin") => {
            // Seeded contact n works for customer n; written contacts name their company;
            // `attach` adds more.
            let mut ids: Vec<u64> = Vec::new();
            let seeded = Family::Contact.id_base() + record.internal_id;
            if let Some(c) = view.get_kind(RecordKind::Contact, seeded) {
                if c.field("company").and_then(Elem::internal_id) == Some(record.internal_id) {
                    ids.push(seeded);
                }
            }
            ids.extend(
                view.attached_to(record.internal_id)
                    .filter(|id| super::family_of(*id) == Family::Contact),
            );
            for id in view.written_ids(Family::Contact) {
                if let Some(c) = view.get_kind(RecordKind::Contact, id) {
                    if c.field("company").and_then(Elem::internal_id) == Some(record.internal_id) {
                        ids.push(id);
                    }
                }
            }
            ids.sort_unstable();
            ids.dedup();
            ids
        }
        (SearchClass::Contact, "customerJoin") => record
            .field("company")
            .and_then(Elem::internal_id)
            .into_iter()
            .collect(),
        (SearchClass::Transaction, "customerJoin") => record
            .field("entity")
            .and_then(Elem::internal_id)
            .into_iter()
            .collect(),
        (SearchClass::Transaction, "itemJoin") => line_items(record),
        _ => Vec::new(),
    }
}

pub(super) fn line_items(record: &Record) -> Vec<u64> {
    record
        .field("itemList")
        .map(|l| {
            l.children
                .iter()
                .filter_map(|line| line.child("item").and_then(Elem::internal_id))
                .collect()
        })
        .unwrap_or_default()
}

fn parse_search(
    class: SearchClass,
    node: Node<'_, '_>,
    now: OffsetDateTime,
) -> Result<Criteria, QueryError> {
    let mut criteria = Criteria::default();
    if let Some(basic) = child_named(node, "basic") {
        criteria.conds = parse_basic(basic, now)?;
    }
    for (name, joined) in class.joins() {
        if let Some(j) = child_named(node, name) {
            let conds = parse_basic(j, now)?;
            if !conds.is_empty() {
                criteria.joins.push((name, *joined, conds));
            }
        }
    }
    Ok(criteria)
}

fn parse_columns(class: SearchClass, node: Node<'_, '_>) -> Columns {
    let mut columns = Columns::default();
    if let Some(basic) = child_named(node, "basic") {
        (columns.basic, columns.custom) = column_list(basic);
    }
    for (name, joined) in class.joins() {
        if let Some(j) = child_named(node, name) {
            let (basic, custom) = column_list(j);
            columns.joins.push((name, *joined, basic, custom));
        }
    }
    columns.custom_joins = children_named(node, "customSearchJoin")
        .map(CustomJoin::parse)
        .collect();
    columns
}

/// The columns of one `…SearchRowBasic`: its fields and its custom fields, with their labels.
fn column_list(node: Node<'_, '_>) -> (Vec<Column>, Vec<Column>) {
    let label =
        |c: Node<'_, '_>| child_named(c, "customLabel").map(|l| l.text().unwrap_or("").to_owned());
    let mut basic = Vec::new();
    let mut custom = Vec::new();
    for c in node.children().filter(Node::is_element) {
        if c.tag_name().name() == "customFieldList" {
            custom.extend(children_named(c, "customField").filter_map(|f| {
                Some(Column {
                    name: f.attribute("scriptId")?.to_owned(),
                    label: label(f),
                })
            }));
        } else {
            basic.push(Column {
                name: c.tag_name().name().to_owned(),
                label: label(c),
            });
        }
    }
    (basic, custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_from_xsi_types() {
        assert_eq!(
            SearchClass::from_type("CustomerSearchBasic"),
            Some((SearchClass::Customer, SearchForm::Basic))
        );
        assert_eq!(
            SearchClass::from_type("TransactionSearchAdvanced"),
            Some((SearchClass::Transaction, SearchForm::Advanced))
        );
        assert_eq!(
            SearchClass::from_type("CustomRecordSearch"),
            Some((SearchClass::CustomRecord, SearchForm::Search))
        );
        assert_eq!(SearchClass::from_type("CustomerSearchRow"), None);
    }
}
