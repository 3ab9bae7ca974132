//! `platform.common.xsd` of the generated set: each search class's criteria
//! (`<Class>SearchBasic`) and columns (`<Class>SearchRowBasic`).

use super::xsd::{Complex, Occ, Schema};
use crate::store::search::SearchClass;
use crate::version::Version;

/// `platform.common.xsd`: each search class's criteria (`<Class>SearchBasic`, one search
/// field per column of its row table) and columns (`<Class>SearchRowBasic`).
pub(super) fn common(version: Version) -> String {
    let mut s = Schema::new(version, "platformCommon");
    for class in SearchClass::ALL {
        let stem = class.stem();
        let mut basic =
            Complex::new(format!("{stem}SearchBasic")).base("platformCore:SearchRecordBasic");
        let mut row =
            Complex::new(format!("{stem}SearchRowBasic")).base("platformCore:SearchRowBasic");
        let mut criteria: Vec<(&str, &str)> = class
            .row_table()
            .split_whitespace()
            .filter_map(|w| w.split_once(':'))
            .collect();
        // Criteria only a SearchBasic has.
        criteria.push(("externalIdString", "String"));
        criteria.push(("internalIdNumber", "Long"));
        criteria.sort_by_cached_key(|(name, _)| {
            (*name == "customFieldList", name.to_ascii_lowercase())
        });
        for (name, kind) in criteria {
            let ty = match kind {
                "Select" => "platformCore:SearchMultiSelectField",
                "EnumSelect" => "platformCore:SearchEnumMultiSelectField",
                "CustomList" => "platformCore:SearchCustomFieldList",
                "RecordRef" => "platformCore:RecordRef",
                "String" => "platformCore:SearchStringField",
                "Boolean" => "platformCore:SearchBooleanField",
                "Long" => "platformCore:SearchLongField",
                "Double" => "platformCore:SearchDoubleField",
                "Date" => "platformCore:SearchDateField",
                _ => "platformCore:SearchTextNumberField",
            };
            basic = basic.field(name, ty, Occ::Opt);
        }
        for word in class.row_table().split_whitespace() {
            let Some((name, kind)) = word.split_once(':') else {
                continue;
            };
            let (ty, occ) = match kind {
                "CustomList" => (
                    "platformCore:SearchColumnCustomFieldList".to_owned(),
                    Occ::Opt,
                ),
                "RecordRef" => ("platformCore:RecordRef".to_owned(), Occ::Many),
                k => (format!("platformCore:SearchColumn{k}Field"), Occ::Many),
            };
            row = row.field(name, ty, occ);
        }
        s.complex(basic);
        s.complex(row);
    }
    // The columns of a custom record join (`customSearchJoin` of every `…SearchRow`).
    s.complex(
        Complex::new("CustomSearchRowBasic")
            .field(
                "customizationRef",
                "platformCore:CustomizationRef",
                Occ::One,
            )
            .field("searchRowBasic", "platformCore:SearchRowBasic", Occ::One),
    );
    s.finish()
}
