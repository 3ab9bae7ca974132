//! Statuses and the small platform results (getServerTime, getDataCenterUrls).

use roxmltree::Node;

use super::fault::FaultCode;
use super::{child, child_text};

/// One `statusDetail` of a status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StatusDetail {
    /// `ERROR`, `WARN` or `INFO`.
    pub(crate) kind: String,
    /// NetSuite's code (`RCRD_DSNT_EXIST`).
    pub(crate) code: FaultCode,
    /// NetSuite's message.
    pub(crate) message: String,
    /// `afterSubmitFailed`: true when the record was saved and an after-submit script failed
    /// (the status then says `isSuccess="false"`, yet the record exists).
    pub(crate) after_submit_failed: bool,
}

/// A `platformCore:status`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Status {
    /// `isSuccess`.
    pub(crate) is_success: bool,
    /// Details (errors, warnings).
    pub(crate) details: Vec<StatusDetail>,
}

impl Status {
    /// The first error detail that has a code, else the first detail with a code, else the
    /// first detail. Responses from 2018.2 on carry a detail holding only
    /// `<afterSubmitFailed>false</afterSubmitFailed>`; it never hides the real error.
    pub(crate) fn first_problem(&self) -> Option<&StatusDetail> {
        let coded = |d: &&StatusDetail| !d.code.as_str().is_empty();
        self.details
            .iter()
            .filter(coded)
            .find(|d| d.kind == "ERROR")
            .or_else(|| self.details.iter().find(coded))
            .or_else(|| self.details.first())
    }

    /// True when NetSuite refused the write (`isSuccess="false"`) but says the record was
    /// saved and only an after-submit script failed: the record exists.
    pub(crate) fn saved_although_refused(&self) -> bool {
        !self.is_success && self.details.iter().any(|d| d.after_submit_failed)
    }
}

/// Reads the `status` child of `parent`.
pub(crate) fn status(parent: Node<'_, '_>) -> Option<Status> {
    let s = child(parent, "status")?;
    let is_success = s
        .attribute("isSuccess")
        .map(|v| v.trim() == "true")
        .unwrap_or(false);
    let details = s
        .children()
        .filter(|n| n.is_element() && n.tag_name().name() == "statusDetail")
        .map(|d| StatusDetail {
            kind: d.attribute("type").unwrap_or("ERROR").to_string(),
            code: FaultCode::parse(child_text(d, "code").unwrap_or_default()),
            message: child_text(d, "message").unwrap_or_default().to_string(),
            after_submit_failed: child_text(d, "afterSubmitFailed") == Some("true"),
        })
        .collect();
    Some(Status {
        is_success,
        details,
    })
}

/// The account's domains from a getDataCenterUrls response element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DataCenterUrls {
    /// SOAP web services domain, e.g. `https://123456.suitetalk.api.netsuite.com`.
    pub(crate) webservices_domain: String,
    /// UI domain.
    pub(crate) system_domain: String,
}

/// Reads `getDataCenterUrlsResponse`.
pub(crate) fn data_center_urls(response: Node<'_, '_>) -> Result<DataCenterUrls, String> {
    let result = child(response, "getDataCenterUrlsResult").ok_or("no getDataCenterUrlsResult")?;
    if let Some(s) = status(result) {
        if !s.is_success {
            let p = s
                .first_problem()
                .map(|d| format!("{}: {}", d.code, d.message))
                .unwrap_or_default();
            return Err(format!("getDataCenterUrls failed: {p}"));
        }
    }
    let urls = child(result, "dataCenterUrls").ok_or("no dataCenterUrls in the response")?;
    Ok(DataCenterUrls {
        webservices_domain: child_text(urls, "webservicesDomain")
            .ok_or("no webservicesDomain")?
            .to_string(),
        system_domain: child_text(urls, "systemDomain")
            .unwrap_or_default()
            .to_string(),
    })
}

/// Reads `getServerTimeResponse`: the server time text.
pub(crate) fn server_time(response: Node<'_, '_>) -> Result<String, String> {
    let result = child(response, "getServerTimeResult").ok_or("no getServerTimeResult")?;
    if let Some(s) = status(result) {
        if !s.is_success {
            let p = s
                .first_problem()
                .map(|d| format!("{}: {}", d.code, d.message))
                .unwrap_or_default();
            return Err(format!("getServerTime failed: {p}"));
        }
    }
    child_text(result, "serverTime")
        .map(str::to_string)
        .ok_or_else(|| "no serverTime".to_string())
}
