//! The `search` request: a basic search (`<Rec>Search`: `basic` and joins) or an advanced one
//! (`<Rec>SearchAdvanced`: `criteria`, `columns`, saved search id), and `searchMoreWithId`.
//!
//! Element namespaces follow the XSD (all schemas are `elementFormDefault="qualified"`):
//! `criteria`/`columns` in the advanced class's namespace, `basic` and join elements in the
//! search (or row) class's namespace, fields in the `SearchBasic` (or `SearchRowBasic`)
//! namespace, custom-field criteria and values in `platformCore`. Fields are written in XSD
//! order; `xmlns` declarations for every class used go on `searchRecord`.

use std::io;

use super::filter::Resolved;
use crate::envelope::{self, XmlWriter};
use crate::operations::search_field::{self, FieldKind};
use crate::schema::{QName, SearchClasses};

/// A column of an advanced search, resolved.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Column {
    /// Join element, or `None` for `basic`.
    pub(crate) join: Option<String>,
    /// Field element name, or the custom field's script id.
    pub(crate) field: String,
    /// For a custom field: its type.
    pub(crate) custom: Option<FieldKind>,
    /// Position in the row's `SearchRowBasic` (XSD order).
    pub(crate) order: usize,
}

/// Everything one search request needs.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    /// The record type's search classes.
    pub(crate) classes: SearchClasses,
    /// Advanced search (rows with columns) instead of basic (records).
    pub(crate) advanced: bool,
    /// A saved search: (`savedSearchId` or `savedSearchScriptId`, value).
    pub(crate) saved: Option<(&'static str, String)>,
    /// Filters, in any order (sorted when written).
    pub(crate) filters: Vec<Resolved>,
    /// Columns of an advanced search.
    pub(crate) columns: Vec<Column>,
    /// The custom record type (`recType` internal id) of a customRecord search.
    pub(crate) rec_type: Option<String>,
}

fn custom_column_class(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::String | FieldKind::TextNumber => "platformCore:SearchColumnStringCustomField",
        FieldKind::Long => "platformCore:SearchColumnLongCustomField",
        FieldKind::Double => "platformCore:SearchColumnDoubleCustomField",
        FieldKind::Date => "platformCore:SearchColumnDateCustomField",
        FieldKind::Boolean => "platformCore:SearchColumnBooleanCustomField",
        FieldKind::MultiSelect => "platformCore:SearchColumnSelectCustomField",
        FieldKind::EnumMultiSelect => "platformCore:SearchColumnEnumMultiSelectCustomField",
    }
}

impl Plan {
    /// Every class prefix the request uses, with its namespace, once each.
    fn namespaces(&self) -> Vec<(String, String)> {
        let c = &self.classes;
        let mut qs: Vec<&QName> = vec![&c.search, &c.basic];
        if self.advanced {
            qs.extend([&c.advanced, &c.row, &c.row_basic]);
        }
        for j in &c.joins {
            qs.push(&j.basic);
            if let Some(r) = &j.row_basic {
                qs.push(r);
            }
        }
        let mut out: Vec<(String, String)> = Vec::new();
        for q in qs {
            if !out.iter().any(|(p, _)| *p == q.prefix) {
                out.push((q.prefix.clone(), q.namespace.clone()));
            }
        }
        out
    }

    fn filters_of(&self, join: Option<&str>) -> Vec<&Resolved> {
        let mut v: Vec<&Resolved> = self
            .filters
            .iter()
            .filter(|f| f.join.as_deref() == join)
            .collect();
        v.sort_by_key(|f| f.order);
        v
    }

    fn columns_of(&self, join: Option<&str>) -> Vec<&Column> {
        let mut v: Vec<&Column> = self
            .columns
            .iter()
            .filter(|c| c.join.as_deref() == join)
            .collect();
        v.sort_by_key(|c| c.order);
        v
    }

    /// The join elements with filters (or columns), in the search class's order (or, without
    /// a schema, the order they were given).
    fn joins_used(&self, columns: bool) -> Vec<String> {
        let mut used: Vec<String> = Vec::new();
        let names: Vec<&str> = if columns {
            self.columns
                .iter()
                .filter_map(|c| c.join.as_deref())
                .collect()
        } else {
            self.filters
                .iter()
                .filter_map(|f| f.join.as_deref())
                .collect()
        };
        for j in &self.classes.joins {
            if names.contains(&j.element.as_str()) {
                used.push(j.element.clone());
            }
        }
        for n in names {
            if !used.iter().any(|u| u == n) {
                used.push(n.to_string());
            }
        }
        used
    }

    fn join_basic(&self, join: &str) -> &QName {
        self.classes
            .joins
            .iter()
            .find(|j| j.element == join)
            .map(|j| &j.basic)
            .unwrap_or(&self.classes.basic)
    }

    fn join_row_basic(&self, join: &str) -> &QName {
        self.classes
            .joins
            .iter()
            .find(|j| j.element == join)
            .and_then(|j| j.row_basic.as_ref())
            .unwrap_or(&self.classes.row_basic)
    }

    /// True when the request has criteria (filters, the record type's type filter, recType).
    fn has_criteria(&self) -> bool {
        !self.filters.is_empty() || self.rec_type.is_some()
    }

    /// Writes `<platformMsgs:{operation}>`: `search`, or `asyncSearch`, which takes the same.
    pub(crate) fn write_as(&self, w: &mut XmlWriter, operation: &str) -> io::Result<()> {
        let c = &self.classes;
        let xsi_type = if self.advanced {
            c.advanced.prefixed()
        } else {
            c.search.prefixed()
        };
        let nss = self.namespaces();
        w.create_element(format!("platformMsgs:{operation}"))
            .write_inner_content(|w| {
                let mut el = w
                    .create_element("platformMsgs:searchRecord")
                    .with_attribute(("xsi:type", xsi_type.as_str()));
                let decls: Vec<(String, &str)> = nss
                    .iter()
                    .map(|(p, u)| (format!("xmlns:{p}"), u.as_str()))
                    .collect();
                for (k, v) in &decls {
                    el = el.with_attribute((k.as_str(), *v));
                }
                if let Some((attr, id)) = &self.saved {
                    el = el.with_attribute((*attr, id.as_str()));
                }
                if !self.advanced {
                    return el
                        .write_inner_content(|w| self.write_criteria(w, &c.search.prefix))
                        .map(|_| ());
                }
                if !self.has_criteria() && self.columns.is_empty() {
                    el.write_empty()?;
                    return Ok(());
                }
                el.write_inner_content(|w| {
                    let p = &c.advanced.prefix;
                    if self.has_criteria() {
                        w.create_element(format!("{p}:criteria"))
                            .write_inner_content(|w| self.write_criteria(w, &c.search.prefix))?;
                    }
                    if !self.columns.is_empty() {
                        w.create_element(format!("{p}:columns"))
                            .write_inner_content(|w| self.write_columns(w))?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
        Ok(())
    }

    /// `basic` and joins of a `<Rec>Search` (elements in `search_prefix`).
    fn write_criteria(&self, w: &mut XmlWriter, search_prefix: &str) -> io::Result<()> {
        let basic = self.filters_of(None);
        if !basic.is_empty() || self.rec_type.is_some() {
            w.create_element(format!("{search_prefix}:basic"))
                .write_inner_content(|w| {
                    let p = &self.classes.basic.prefix;
                    if let Some(id) = &self.rec_type {
                        // CustomRecordSearchBasic: recType is the sequence's first element.
                        w.create_element(format!("{p}:recType"))
                            .with_attribute(("internalId", id.as_str()))
                            .write_empty()?;
                    }
                    write_fields(w, p, &basic)
                })?;
        }
        for join in self.joins_used(false) {
            let fields = self.filters_of(Some(&join));
            let p = self.join_basic(&join).prefix.clone();
            w.create_element(format!("{search_prefix}:{join}"))
                .write_inner_content(|w| write_fields(w, &p, &fields))?;
        }
        Ok(())
    }

    /// `basic` and joins of a `<Rec>SearchRow` (elements in the row class's namespace).
    fn write_columns(&self, w: &mut XmlWriter) -> io::Result<()> {
        let row = self.classes.row.prefix.clone();
        let basic = self.columns_of(None);
        if !basic.is_empty() {
            let p = self.classes.row_basic.prefix.clone();
            w.create_element(format!("{row}:basic"))
                .write_inner_content(|w| write_columns(w, &p, &basic))?;
        }
        for join in self.joins_used(true) {
            let cols = self.columns_of(Some(&join));
            let p = self.join_row_basic(&join).prefix.clone();
            w.create_element(format!("{row}:{join}"))
                .write_inner_content(|w| write_columns(w, &p, &cols))?;
        }
        Ok(())
    }
}

/// Writes the fields of one `SearchBasic` in order; custom fields go into one
/// `customFieldList` at the position of their first one (their XSD position).
fn write_fields(w: &mut XmlWriter, prefix: &str, fields: &[&Resolved]) -> io::Result<()> {
    let mut custom_written = false;
    for f in fields {
        if f.custom {
            if custom_written {
                continue;
            }
            custom_written = true;
            let customs: Vec<&&Resolved> = fields.iter().filter(|f| f.custom).collect();
            w.create_element(format!("{prefix}:customFieldList"))
                .write_inner_content(|w| {
                    for c in customs {
                        let class = format!("platformCore:{}", c.kind.custom_class());
                        search_field::write(
                            w,
                            "platformCore:customField",
                            &[("xsi:type", class.as_str()), ("scriptId", c.field.as_str())],
                            c.kind,
                            &c.criterion,
                        )?;
                    }
                    Ok(())
                })?;
        } else {
            search_field::write(
                w,
                &format!("{prefix}:{}", f.field),
                &[],
                f.kind,
                &f.criterion,
            )?;
        }
    }
    Ok(())
}

fn write_columns(w: &mut XmlWriter, prefix: &str, columns: &[&Column]) -> io::Result<()> {
    let mut custom_written = false;
    for c in columns {
        if c.custom.is_some() {
            if custom_written {
                continue;
            }
            custom_written = true;
            let customs: Vec<&&Column> = columns.iter().filter(|c| c.custom.is_some()).collect();
            w.create_element(format!("{prefix}:customFieldList"))
                .write_inner_content(|w| {
                    for c in customs {
                        let class = custom_column_class(c.custom.unwrap_or(FieldKind::String));
                        w.create_element("platformCore:customField")
                            .with_attribute(("xsi:type", class))
                            .with_attribute(("scriptId", c.field.as_str()))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
        } else {
            w.create_element(format!("{prefix}:{}", c.field))
                .write_empty()?;
        }
    }
    Ok(())
}

/// Writes `<platformMsgs:searchMoreWithId>`.
pub(crate) fn write_search_more(w: &mut XmlWriter, search_id: &str, page: u32) -> io::Result<()> {
    w.create_element("platformMsgs:searchMoreWithId")
        .write_inner_content(|w| {
            envelope::text(w, "platformMsgs:searchId", search_id)?;
            envelope::text(w, "platformMsgs:pageIndex", &page.to_string())
        })?;
    Ok(())
}
