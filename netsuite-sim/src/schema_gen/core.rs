//! `platform.core.xsd` and `platform.coreTypes.xsd` of the generated set: references, custom
//! fields, status, search records, criteria fields with their operators, result columns and
//! results; record types and operators.

use super::xsd::{Complex, Occ, Schema};
use crate::version::Version;

/// The `RecordType` values: the record types the simulator stores, then the types its
/// references point to (a `RecordRef`'s `type`), which have no record complexType here.
const RECORD_TYPES: [&str; 22] = [
    "customer",
    "contact",
    "vendor",
    "employee",
    "inventoryItem",
    "nonInventorySaleItem",
    "serviceSaleItem",
    "salesOrder",
    "invoice",
    "customRecord",
    "account",
    "classification",
    "currency",
    "customerCategory",
    "customerStatus",
    "department",
    "location",
    "partner",
    "priceLevel",
    "salesTaxItem",
    "subsidiary",
    "term",
];

/// `platform.core.xsd`.
pub(super) fn core(version: Version) -> String {
    let mut s = Schema::new(version, "platformCore");
    s.complex(
        Complex::new("TokenPassportSignature")
            .text("xsd:string")
            .required_attr("algorithm", "xsd:string"),
    );
    s.complex(
        Complex::new("TokenPassport")
            .field("account", "xsd:string", Occ::One)
            .field("consumerKey", "xsd:string", Occ::One)
            .field("token", "xsd:string", Occ::One)
            .field("nonce", "xsd:string", Occ::One)
            .field("timestamp", "xsd:long", Occ::One)
            .field("signature", "platformCore:TokenPassportSignature", Occ::One),
    );
    s.complex(
        Complex::new("Passport")
            .field("email", "xsd:string", Occ::One)
            .field("password", "xsd:string", Occ::One)
            .field("account", "xsd:string", Occ::One)
            .field("role", "platformCore:RecordRef", Occ::Opt),
    );
    s.complex(Complex::new("Record").abstract_().field(
        "nullFieldList",
        "platformCore:NullField",
        Occ::Opt,
    ));
    s.complex(Complex::new("NullField").field("name", "xsd:string", Occ::Many));
    s.complex(
        Complex::new("BaseRef")
            .abstract_()
            .field("name", "xsd:string", Occ::Opt),
    );
    s.complex(
        Complex::new("RecordRef")
            .base("platformCore:BaseRef")
            .attr("internalId", "xsd:string")
            .attr("externalId", "xsd:string")
            .attr("type", "platformCoreTyp:RecordType"),
    );
    s.complex(
        Complex::new("CustomRecordRef")
            .base("platformCore:BaseRef")
            .attr("internalId", "xsd:string")
            .attr("externalId", "xsd:string")
            .attr("typeId", "xsd:string")
            .attr("scriptId", "xsd:string"),
    );
    // A custom record join's field (`customSearchJoin > customizationRef`).
    s.complex(
        Complex::new("CustomizationRef")
            .base("platformCore:RecordRef")
            .attr("scriptId", "xsd:string"),
    );
    s.complex(
        Complex::new("ListOrRecordRef")
            .field("name", "xsd:string", Occ::Opt)
            .attr("internalId", "xsd:string")
            .attr("externalId", "xsd:string")
            .attr("typeId", "xsd:string"),
    );
    s.complex(Complex::new("CustomFieldList").field(
        "customField",
        "platformCore:CustomFieldRef",
        Occ::Many,
    ));
    s.complex(
        Complex::new("CustomFieldRef")
            .abstract_()
            .attr("internalId", "xsd:string")
            .attr("scriptId", "xsd:string"),
    );
    for (kind, ty, occ) in custom_value_kinds() {
        s.complex(
            Complex::new(format!("{kind}CustomFieldRef"))
                .base("platformCore:CustomFieldRef")
                .field("value", ty, occ),
        );
    }
    s.complex(
        Complex::new("StatusDetail")
            .field("code", "platformFaultTyp:StatusDetailCodeType", Occ::One)
            .field("message", "xsd:string", Occ::One)
            .field("afterSubmitFailed", "xsd:boolean", Occ::Opt)
            .attr("type", "platformFaultTyp:StatusDetailType"),
    );
    s.complex(
        Complex::new("Status")
            .field("statusDetail", "platformCore:StatusDetail", Occ::Many)
            .required_attr("isSuccess", "xsd:boolean"),
    );
    s.element("status", "platformCore:Status");
    s.complex(
        Complex::new("DeletionReason")
            .field("deletionReasonCode", "platformCore:RecordRef", Occ::One)
            .field("deletionReasonMemo", "xsd:string", Occ::Opt),
    );
    search_types(&mut s);
    s.complex(Complex::new("RecordList").field("record", "platformCore:Record", Occ::Many));
    s.complex(Complex::new("SearchRowList").field(
        "searchRow",
        "platformCore:SearchRow",
        Occ::Many,
    ));
    s.complex(
        Complex::new("SearchResult")
            .reference("platformCore:status", Occ::One)
            .field("totalRecords", "xsd:int", Occ::Opt)
            .field("pageSize", "xsd:int", Occ::Opt)
            .field("totalPages", "xsd:int", Occ::Opt)
            .field("pageIndex", "xsd:int", Occ::Opt)
            .field("searchId", "xsd:string", Occ::Opt)
            .field("recordList", "platformCore:RecordList", Occ::Opt)
            .field("searchRowList", "platformCore:SearchRowList", Occ::Opt),
    );
    s.element("searchResult", "platformCore:SearchResult");
    s.complex(
        Complex::new("GetServerTimeResult")
            .reference("platformCore:status", Occ::One)
            .field("serverTime", "xsd:dateTime", Occ::Opt),
    );
    s.element("getServerTimeResult", "platformCore:GetServerTimeResult");
    s.complex(
        Complex::new("DataCenterUrls")
            .field("restDomain", "xsd:string", Occ::One)
            .field("webservicesDomain", "xsd:string", Occ::One)
            .field("systemDomain", "xsd:string", Occ::One),
    );
    s.complex(
        Complex::new("GetDataCenterUrlsResult")
            .reference("platformCore:status", Occ::One)
            .field("dataCenterUrls", "platformCore:DataCenterUrls", Occ::Opt),
    );
    s.element(
        "getDataCenterUrlsResult",
        "platformCore:GetDataCenterUrlsResult",
    );
    s.finish()
}

/// The kinds of custom field values: (kind, value type, occurrences).
fn custom_value_kinds() -> [(&'static str, &'static str, Occ); 7] {
    [
        ("String", "xsd:string", Occ::One),
        ("Long", "xsd:long", Occ::One),
        ("Double", "xsd:double", Occ::One),
        ("Boolean", "xsd:boolean", Occ::One),
        ("Date", "xsd:dateTime", Occ::One),
        ("Select", "platformCore:ListOrRecordRef", Occ::One),
        ("MultiSelect", "platformCore:ListOrRecordRef", Occ::Some),
    ]
}

/// Search records, criteria fields (with their operators) and result columns.
fn search_types(s: &mut Schema) {
    s.complex(Complex::new("SearchRecord").abstract_());
    s.complex(
        Complex::new("SearchRecordBasic")
            .abstract_()
            .base("platformCore:SearchRecord"),
    );
    s.complex(Complex::new("SearchRow").abstract_());
    s.complex(
        Complex::new("SearchRowBasic")
            .abstract_()
            .base("platformCore:SearchRow"),
    );
    // Criteria of fields and of custom fields: the scalar kinds first, then each its own.
    let fields = SCALAR_CRITERIA.iter().chain(&[
        (
            "TextNumber",
            "xsd:string",
            Occ::Opt,
            true,
            Some("SearchTextNumberFieldOperator"),
        ),
        (
            "MultiSelect",
            "platformCore:RecordRef",
            Occ::Many,
            false,
            Some("SearchMultiSelectFieldOperator"),
        ),
        (
            "EnumMultiSelect",
            "xsd:string",
            Occ::Many,
            false,
            Some("SearchEnumMultiSelectFieldOperator"),
        ),
    ]);
    for criterion in fields {
        s.complex(search_criterion(
            Complex::new(format!("Search{}Field", criterion.0)),
            criterion,
        ));
    }
    s.complex(
        Complex::new("SearchDateField")
            .field(
                "predefinedSearchValue",
                "platformCoreTyp:SearchDate",
                Occ::Opt,
            )
            .field("searchValue", "xsd:dateTime", Occ::Opt)
            .field("searchValue2", "xsd:dateTime", Occ::Opt)
            .attr("operator", "platformCoreTyp:SearchDateFieldOperator"),
    );
    s.complex(Complex::new("SearchCustomFieldList").field(
        "customField",
        "platformCore:SearchCustomField",
        Occ::Many,
    ));
    s.complex(
        Complex::new("SearchCustomField")
            .abstract_()
            .attr("internalId", "xsd:string")
            .attr("scriptId", "xsd:string"),
    );
    let custom = SCALAR_CRITERIA.iter().chain(&[
        (
            "MultiSelect",
            "platformCore:ListOrRecordRef",
            Occ::Many,
            false,
            Some("SearchMultiSelectFieldOperator"),
        ),
        (
            "EnumMultiSelect",
            "xsd:string",
            Occ::Many,
            false,
            Some("SearchEnumMultiSelectFieldOperator"),
        ),
        (
            "Select",
            "platformCore:ListOrRecordRef",
            Occ::Many,
            false,
            Some("SearchMultiSelectFieldOperator"),
        ),
    ]);
    for criterion in custom {
        let c = Complex::new(format!("Search{}CustomField", criterion.0))
            .base("platformCore:SearchCustomField");
        s.complex(search_criterion(c, criterion));
    }
    s.complex(
        Complex::new("SearchDateCustomField")
            .base("platformCore:SearchCustomField")
            .field(
                "predefinedSearchValue",
                "platformCoreTyp:SearchDate",
                Occ::Opt,
            )
            .field("searchValue", "xsd:dateTime", Occ::Opt)
            .field("searchValue2", "xsd:dateTime", Occ::Opt)
            .attr("operator", "platformCoreTyp:SearchDateFieldOperator"),
    );
    // Columns.
    s.complex(Complex::new("SearchColumnField").abstract_().field(
        "customLabel",
        "xsd:string",
        Occ::Opt,
    ));
    let columns: [(&str, &str); 8] = [
        ("String", "xsd:string"),
        ("Boolean", "xsd:boolean"),
        ("Long", "xsd:long"),
        ("Double", "xsd:double"),
        ("Date", "xsd:dateTime"),
        ("TextNumber", "xsd:string"),
        ("Select", "platformCore:RecordRef"),
        ("EnumSelect", "xsd:string"),
    ];
    for (kind, ty) in columns {
        s.complex(
            Complex::new(format!("SearchColumn{kind}Field"))
                .base("platformCore:SearchColumnField")
                .field("searchValue", ty, Occ::Opt),
        );
    }
    s.complex(Complex::new("SearchColumnCustomFieldList").field(
        "customField",
        "platformCore:SearchColumnCustomField",
        Occ::Many,
    ));
    s.complex(
        Complex::new("SearchColumnCustomField")
            .abstract_()
            .field("customLabel", "xsd:string", Occ::Opt)
            .attr("internalId", "xsd:string")
            .attr("scriptId", "xsd:string"),
    );
    for (kind, ty, occ) in custom_value_kinds() {
        let occ = if occ == Occ::Some {
            Occ::Many
        } else {
            Occ::Opt
        };
        s.complex(
            Complex::new(format!("SearchColumn{kind}CustomField"))
                .base("platformCore:SearchColumnCustomField")
                .field("searchValue", ty, occ),
        );
    }
}

/// `platform.coreTypes.xsd`: record types and search operators.
pub(super) fn core_types(version: Version) -> String {
    let mut s = Schema::new(version, "platformCoreTyp");
    s.enumeration("RecordType", &RECORD_TYPES);
    s.enumeration(
        "SearchStringFieldOperator",
        &[
            "contains",
            "doesNotContain",
            "doesNotStartWith",
            "empty",
            "hasKeywords",
            "is",
            "isNot",
            "notEmpty",
            "startsWith",
        ],
    );
    let numeric = [
        "between",
        "empty",
        "equalTo",
        "greaterThan",
        "greaterThanOrEqualTo",
        "lessThan",
        "lessThanOrEqualTo",
        "notBetween",
        "notEmpty",
        "notEqualTo",
        "notGreaterThan",
        "notGreaterThanOrEqualTo",
        "notLessThan",
        "notLessThanOrEqualTo",
    ];
    s.enumeration("SearchLongFieldOperator", &numeric);
    s.enumeration("SearchDoubleFieldOperator", &numeric);
    let mut text_number = numeric.to_vec();
    text_number.extend([
        "any",
        "contains",
        "doesNotContain",
        "doesNotStartWith",
        "is",
        "isNot",
        "startsWith",
    ]);
    s.enumeration("SearchTextNumberFieldOperator", &text_number);
    s.enumeration(
        "SearchDateFieldOperator",
        &[
            "after",
            "before",
            "empty",
            "notAfter",
            "notBefore",
            "notEmpty",
            "notOn",
            "notOnOrAfter",
            "notOnOrBefore",
            "notWithin",
            "on",
            "onOrAfter",
            "onOrBefore",
            "within",
        ],
    );
    s.enumeration("SearchMultiSelectFieldOperator", &["anyOf", "noneOf"]);
    s.enumeration("SearchEnumMultiSelectFieldOperator", &["anyOf", "noneOf"]);
    // Relative dates (`today`, `lastMonth`, …): any text here; the simulator answers the ones
    // it knows and refuses the rest with a status detail.
    s.enumeration("SearchDate", &[]);
    s.finish()
}

/// A search criterion: (kind, value type, occurrence, has a second value, operator type).
type Criterion = (&'static str, &'static str, Occ, bool, Option<&'static str>);

/// The criteria of simple values, for fields and custom fields alike.
const SCALAR_CRITERIA: [Criterion; 4] = [
    (
        "String",
        "xsd:string",
        Occ::Opt,
        false,
        Some("SearchStringFieldOperator"),
    ),
    ("Boolean", "xsd:boolean", Occ::Opt, false, None),
    (
        "Long",
        "xsd:long",
        Occ::Opt,
        true,
        Some("SearchLongFieldOperator"),
    ),
    (
        "Double",
        "xsd:double",
        Occ::Opt,
        true,
        Some("SearchDoubleFieldOperator"),
    ),
];

/// `c` with the search value(s) and operator of `criterion`.
fn search_criterion(c: Complex, &(_, ty, occ, second, operator): &Criterion) -> Complex {
    let mut c = c.field("searchValue", ty, occ);
    if second {
        c = c.field("searchValue2", ty, Occ::Opt);
    }
    if let Some(op) = operator {
        c = c.attr("operator", &format!("platformCoreTyp:{op}"));
    }
    c
}
