//! Shared pieces of record-operation responses: the response element with every namespace the
//! record operations use, `platformCore:status` with its details, and references.

use crate::store::elem::Elem;
use crate::store::record::{Record, RecordKind, RECORD_NAMESPACES};
use crate::store::seed::CUSTOM_RECORD_TYPE_ID;
use crate::store::xml::XmlOut;
use crate::version::Version;

/// A per-record error or warning (`platformCore:statusDetail`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Detail {
    /// `ERROR` or `WARN`.
    pub kind: &'static str,
    /// A StatusDetailCodeType value.
    pub code: &'static str,
    pub message: String,
    /// `afterSubmitFailed` true: the record was saved, then an after-submit script failed.
    pub after_submit_failed: bool,
}

impl Detail {
    /// An error detail.
    pub(crate) fn error(code: &'static str, message: impl Into<String>) -> Detail {
        Detail {
            kind: "ERROR",
            code,
            message: message.into(),
            after_submit_failed: false,
        }
    }

    /// What NetSuite answers for a record it saved when an after-submit script then failed.
    pub(crate) fn after_submit_failed() -> Detail {
        Detail {
            after_submit_failed: true,
            ..Detail::error(
                "USER_ERROR",
                "SSS_USEREVENT_ERROR: an afterSubmit user event script failed (simulated).",
            )
        }
    }

    /// A warning detail (code `WARNING`).
    pub(crate) fn warning(message: impl Into<String>) -> Detail {
        Detail {
            kind: "WARN",
            code: "WARNING",
            message: message.into(),
            after_submit_failed: false,
        }
    }

    /// `RCRD_DSNT_EXIST`.
    pub(crate) fn not_found() -> Detail {
        Detail::error("RCRD_DSNT_EXIST", "That record does not exist.")
    }
}

/// Starts `<{op}Response>` declaring the messages namespace as default plus `platformCore`,
/// `platformCommon`, `xsi` and every record namespace prefix.
pub(crate) fn open(out: &mut XmlOut, element: &str, version: Version) {
    let messages = version.messages();
    let core = version.core();
    let common = version.common();
    let records: Vec<(String, String)> = RECORD_NAMESPACES
        .iter()
        .map(|ns| (format!("xmlns:{}", ns.prefix), ns.uri(version)))
        .collect();
    let mut attrs: Vec<(&str, &str)> = vec![
        ("xmlns", &messages),
        ("xmlns:platformCore", &core),
        ("xmlns:platformCommon", &common),
        ("xmlns:xsi", crate::store::elem::XSI),
    ];
    attrs.extend(records.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    out.start(element, &attrs);
}

/// `<platformCore:status isSuccess>` with details; success unless a detail is an error.
pub(crate) fn status(out: &mut XmlOut, details: &[Detail]) {
    let ok = !details.iter().any(|d| d.kind == "ERROR");
    let flag = if ok { "true" } else { "false" };
    if details.is_empty() {
        out.empty("platformCore:status", &[("isSuccess", flag)]);
        return;
    }
    out.start("platformCore:status", &[("isSuccess", flag)]);
    for d in details {
        out.start("platformCore:statusDetail", &[("type", d.kind)]);
        out.leaf("platformCore:code", d.code);
        out.leaf("platformCore:message", &d.message);
        if d.after_submit_failed {
            out.leaf("platformCore:afterSubmitFailed", "true");
        }
        out.end("platformCore:statusDetail");
    }
    out.end("platformCore:status");
}

/// The reference to a record as `writeResponse/baseRef` shows it.
pub(crate) fn base_ref(
    out: &mut XmlOut,
    element: &str,
    kind: RecordKind,
    internal_id: u64,
    external_id: Option<&str>,
) {
    let id = internal_id.to_string();
    let mut attrs: Vec<(&str, &str)> = vec![("internalId", &id)];
    if let Some(ext) = external_id {
        attrs.push(("externalId", ext));
    }
    let type_id = CUSTOM_RECORD_TYPE_ID.to_string();
    if kind == RecordKind::CustomRecord {
        attrs.push(("typeId", &type_id));
        attrs.push(("xsi:type", "platformCore:CustomRecordRef"));
    } else {
        attrs.push(("type", kind.type_name()));
        attrs.push(("xsi:type", "platformCore:RecordRef"));
    }
    out.empty(element, &attrs);
}

/// The reference to a stored record.
pub(crate) fn record_ref(out: &mut XmlOut, element: &str, record: &Record) {
    base_ref(
        out,
        element,
        record.kind,
        record.internal_id,
        record.external_id.as_deref(),
    );
}

/// Echoes a reference as the client sent it (for failed deletes), keeping valid attributes only.
pub(crate) fn echo_ref(out: &mut XmlOut, element: &str, sent: &Elem) {
    let custom = sent.attr(crate::store::elem::XSI_TYPE) == Some("CustomRecordRef")
        || sent.attr("typeId").is_some();
    let allowed: &[&str] = if custom {
        &["internalId", "externalId", "typeId", "scriptId"]
    } else {
        &["internalId", "externalId", "type"]
    };
    let mut attrs: Vec<(&str, &str)> = sent
        .attrs
        .iter()
        .filter(|(k, v)| allowed.contains(&&**k) && !v.is_empty())
        .map(|(k, v)| (&**k, &**v))
        .collect();
    if custom {
        attrs.push(("xsi:type", "platformCore:CustomRecordRef"));
    } else {
        // Only RecordType values are valid in `type`.
        attrs.retain(|(k, v)| *k != "type" || RecordKind::from_type_name(v).is_some());
        attrs.push(("xsi:type", "platformCore:RecordRef"));
    }
    out.empty(element, &attrs);
}
