//! `platform.messages.xsd` of the generated set: the SOAP headers, and the requests and
//! responses of the operations the simulator answers (also the WSDL's operations).

use super::xsd::{Complex, Occ, Schema};
use crate::version::Version;

/// A request's element: (name, type, occurrences).
pub(super) type Part = (&'static str, &'static str, Occ);

/// One operation: its name, its request's elements, and the element its response holds.
pub(super) type Operation = (&'static str, Vec<Part>, &'static str);

/// The operations of `platform.messages.xsd` and the WSDL.
pub(super) fn operations() -> Vec<Operation> {
    vec![
        (
            "add",
            vec![("record", "platformCore:Record", Occ::One)],
            "platformMsgs:writeResponse",
        ),
        (
            "addList",
            vec![("record", "platformCore:Record", Occ::Some)],
            "platformMsgs:writeResponseList",
        ),
        (
            "update",
            vec![("record", "platformCore:Record", Occ::One)],
            "platformMsgs:writeResponse",
        ),
        (
            "updateList",
            vec![("record", "platformCore:Record", Occ::Some)],
            "platformMsgs:writeResponseList",
        ),
        (
            "upsert",
            vec![("record", "platformCore:Record", Occ::One)],
            "platformMsgs:writeResponse",
        ),
        (
            "upsertList",
            vec![("record", "platformCore:Record", Occ::Some)],
            "platformMsgs:writeResponseList",
        ),
        (
            "delete",
            vec![
                ("baseRef", "platformCore:BaseRef", Occ::One),
                ("deletionReason", "platformCore:DeletionReason", Occ::Opt),
            ],
            "platformMsgs:writeResponse",
        ),
        (
            "deleteList",
            vec![
                ("baseRef", "platformCore:BaseRef", Occ::Some),
                ("deletionReason", "platformCore:DeletionReason", Occ::Opt),
            ],
            "platformMsgs:writeResponseList",
        ),
        (
            "get",
            vec![("baseRef", "platformCore:BaseRef", Occ::One)],
            "platformMsgs:readResponse",
        ),
        (
            "getList",
            vec![("baseRef", "platformCore:BaseRef", Occ::Some)],
            "platformMsgs:readResponseList",
        ),
        (
            "search",
            vec![("searchRecord", "platformCore:SearchRecord", Occ::One)],
            "platformCore:searchResult",
        ),
        (
            "searchMoreWithId",
            vec![
                ("searchId", "xsd:string", Occ::One),
                ("pageIndex", "xsd:int", Occ::One),
            ],
            "platformCore:searchResult",
        ),
        ("getServerTime", vec![], "platformCore:getServerTimeResult"),
        (
            "getDataCenterUrls",
            vec![("account", "xsd:string", Occ::One)],
            "platformCore:getDataCenterUrlsResult",
        ),
    ]
}

/// `platform.messages.xsd`: the SOAP headers and the operations' requests and responses.
pub(super) fn messages(version: Version) -> String {
    let mut s = Schema::new(version, "platformMsgs");
    s.complex(Complex::new("ApplicationInfo").field("applicationId", "xsd:string", Occ::Opt));
    s.element("applicationInfo", "platformMsgs:ApplicationInfo");
    s.complex(Complex::new("DocumentInfo").field("nsId", "xsd:string", Occ::One));
    s.element("documentInfo", "platformMsgs:DocumentInfo");
    let mut prefs = Complex::new("Preferences");
    for name in [
        "warningAsError",
        "disableMandatoryCustomFieldValidation",
        "disableSystemNotesForCustomFields",
        "ignoreReadOnlyFields",
        "runServerSuiteScriptAndTriggerWorkflows",
    ] {
        prefs = prefs.field(name, "xsd:boolean", Occ::Opt);
    }
    s.complex(prefs);
    s.element("preferences", "platformMsgs:Preferences");
    s.complex(
        Complex::new("SearchPreferences")
            .field("bodyFieldsOnly", "xsd:boolean", Occ::Opt)
            .field("returnSearchColumns", "xsd:boolean", Occ::Opt)
            .field("pageSize", "xsd:int", Occ::Opt),
    );
    s.element("searchPreferences", "platformMsgs:SearchPreferences");
    s.element("tokenPassport", "platformCore:TokenPassport");
    s.element("passport", "platformCore:Passport");
    s.complex(
        Complex::new("WriteResponse")
            .reference("platformCore:status", Occ::One)
            .field("baseRef", "platformCore:BaseRef", Occ::Opt),
    );
    s.element("writeResponse", "platformMsgs:WriteResponse");
    s.complex(
        Complex::new("ReadResponse")
            .reference("platformCore:status", Occ::One)
            .field("record", "platformCore:Record", Occ::Opt),
    );
    s.element("readResponse", "platformMsgs:ReadResponse");
    s.complex(
        Complex::new("WriteResponseList")
            .reference("platformCore:status", Occ::Opt)
            .reference("platformMsgs:writeResponse", Occ::Many),
    );
    s.element("writeResponseList", "platformMsgs:WriteResponseList");
    s.complex(
        Complex::new("ReadResponseList")
            .reference("platformCore:status", Occ::Opt)
            .reference("platformMsgs:readResponse", Occ::Many),
    );
    s.element("readResponseList", "platformMsgs:ReadResponseList");
    for (op, fields, response) in operations() {
        let class = upper_first(op);
        let mut request = Complex::new(format!("{class}Request"));
        for (name, ty, occ) in fields {
            request = request.field(name, ty, occ);
        }
        s.complex(request);
        s.element(op, &format!("platformMsgs:{class}Request"));
        s.complex(Complex::new(format!("{class}Response")).reference(response, Occ::One));
        s.element(
            &format!("{op}Response"),
            &format!("platformMsgs:{class}Response"),
        );
    }
    s.finish()
}

pub(super) fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}
