//! One row of an advanced search (`platformCore:searchRow`): the basic columns, the joins'
//! columns and the custom record joins (`customSearchJoin`), each column with the label the
//! search gave it (`customLabel`), in the order of the row types of the XSD.

use std::sync::OnceLock;

use crate::store::elem::{Elem, XSI_TYPE};
use crate::store::record::Record;
use crate::store::search::{field_values, related_ids, Column, Columns, SearchClass};
use crate::store::write::{custom_field_type, write_ref};
use crate::store::xml::XmlOut;
use crate::store::{dates, Lookup, View};

type RowTable = Vec<(&'static str, &'static str)>;

fn row_table(class: SearchClass) -> &'static RowTable {
    static TABLES: OnceLock<Vec<(SearchClass, RowTable)>> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        SearchClass::ALL
            .into_iter()
            .map(|c| {
                (
                    c,
                    c.row_table()
                        .split_whitespace()
                        .filter_map(|w| w.split_once(':'))
                        .collect(),
                )
            })
            .collect()
    });
    tables
        .iter()
        .find(|(c, _)| *c == class)
        .map(|(_, t)| t)
        .expect("every class has a row table")
}

/// Writes `record`'s row of a `class` search with these columns.
pub(crate) fn write_row(
    out: &mut XmlOut,
    store: &View<'_>,
    class: SearchClass,
    columns: &Columns,
    record: &Record,
) {
    let prefix = class.prefix();
    let row_type = format!("{prefix}:{}SearchRow", class.stem());
    out.start("platformCore:searchRow", &[("xsi:type", &row_type)]);
    let basic = format!("{prefix}:basic");
    write_row_basic(
        out,
        &basic,
        &[],
        class,
        &columns.basic,
        &columns.custom,
        record,
    );
    for (join, joined, basic_cols, custom_cols) in &columns.joins {
        let related = related_ids(store, class, join, record)
            .into_iter()
            .find_map(|id| store.get(id));
        if let Some(related) = related {
            let element = format!("{prefix}:{join}");
            write_row_basic(
                out,
                &element,
                &[],
                *joined,
                basic_cols,
                custom_cols,
                &related,
            );
        }
    }
    // Last in every …SearchRow, and repeatable: one per custom record join.
    for join in &columns.custom_joins {
        let (Some(link), Some(project)) = (
            join.link,
            join.related(store, class, record)
                .and_then(|id| store.get(id)),
        ) else {
            continue;
        };
        let element = format!("{prefix}:customSearchJoin");
        out.start(&element, &[]);
        out.start(
            "platformCommon:customizationRef",
            &[
                ("internalId", link.internal_id),
                ("scriptId", link.script_id),
            ],
        );
        out.leaf("platformCore:name", link.name);
        out.end("platformCommon:customizationRef");
        write_row_basic(
            out,
            "platformCommon:searchRowBasic",
            &[("xsi:type", "platformCommon:CustomRecordSearchRowBasic")],
            SearchClass::CustomRecord,
            &join.basic,
            &join.custom,
            &project,
        );
        out.end(&element);
    }
    out.end("platformCore:searchRow");
}

fn write_row_basic(
    out: &mut XmlOut,
    element: &str,
    attrs: &[(&str, &str)],
    class: SearchClass,
    wanted: &[Column],
    custom: &[Column],
    record: &Record,
) {
    out.start(element, attrs);
    for (name, kind) in row_table(class) {
        if *name == "customFieldList" {
            if !custom.is_empty() {
                write_custom_columns(out, custom, record);
            }
            continue;
        }
        if *name == "recType" && class == SearchClass::CustomRecord {
            // Required by CustomRecordSearchRowBasic, asked for or not.
            if let Some(rec_type) = record.field("recType") {
                write_ref(
                    out,
                    "platformCommon:recType",
                    rec_type,
                    &["internalId", "externalId", "type"],
                );
            }
            continue;
        }
        for column in wanted.iter().filter(|c| c.name == *name) {
            write_column(out, name, kind, record, column.label.as_deref());
        }
    }
    out.end(element);
}

fn write_column(out: &mut XmlOut, name: &str, kind: &str, record: &Record, label: Option<&str>) {
    let values = field_values(record, name);
    let Some(value) = values.first().map(|v| v.as_ref()) else {
        return;
    };
    let element = out.qname("platformCommon", name);
    let start = |out: &mut XmlOut| {
        out.start(&element, &[]);
        if let Some(label) = label {
            out.leaf("platformCore:customLabel", label);
        }
    };
    match kind {
        "Select" => {
            start(out);
            out.empty("platformCore:searchValue", &[("internalId", value)]);
            out.end(&element);
        }
        "RecordRef" => out.empty(&element, &[("internalId", value)]),
        _ => {
            let valid = match kind {
                "Double" => value.parse::<f64>().is_ok(),
                "Long" => value.parse::<i64>().is_ok(),
                "Boolean" => value == "true" || value == "false",
                "Date" => dates::parse(value).is_some(),
                _ => true,
            };
            if valid {
                start(out);
                out.leaf("platformCore:searchValue", value);
                out.end(&element);
            }
        }
    }
    out.recycle(element);
}

/// The custom columns, in the search's order (a field asked for twice, with two labels, is
/// written twice).
fn write_custom_columns(out: &mut XmlOut, wanted: &[Column], record: &Record) {
    let fields: Vec<(&Elem, Option<&str>)> = record
        .field("customFieldList")
        .map(|l| {
            wanted
                .iter()
                .filter_map(|w| {
                    l.children
                        .iter()
                        .find(|c| c.attr("scriptId") == Some(&*w.name))
                        .filter(|c| custom_field_type(c).is_some())
                        .map(|c| (c, w.label.as_deref()))
                })
                .collect()
        })
        .unwrap_or_default();
    if fields.is_empty() {
        return;
    }
    out.start("platformCommon:customFieldList", &[]);
    for (cf, label) in fields {
        let ty = cf.attr(XSI_TYPE).unwrap_or("");
        let column = format!(
            "platformCore:SearchColumn{}",
            ty.replace("CustomFieldRef", "CustomField")
        );
        let mut attrs: Vec<(&str, &str)> = Vec::new();
        for key in ["internalId", "scriptId"] {
            if let Some(v) = cf.attr(key) {
                attrs.push((key, v));
            }
        }
        attrs.push(("xsi:type", &column));
        out.start("platformCore:customField", &attrs);
        if let Some(label) = label {
            out.leaf("platformCore:customLabel", label);
        }
        let list_valued = ty.starts_with("Select") || ty.starts_with("MultiSelect");
        for value in cf.children_named("value") {
            if list_valued {
                write_ref(
                    out,
                    "platformCore:searchValue",
                    value,
                    &["internalId", "externalId", "typeId"],
                );
            } else {
                out.leaf("platformCore:searchValue", &value.text);
            }
            if !ty.starts_with("MultiSelect") {
                break;
            }
        }
        out.end("platformCore:customField");
    }
    out.end("platformCommon:customFieldList");
}
