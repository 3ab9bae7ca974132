//! Operations about the platform rather than records: getServerTime, getAccountGovernanceInfo
//! and getIntegrationGovernanceInfo (both only from the 2020.1 endpoint on). getDataCenterUrls
//! is answered before authentication, in `server`; the governance operations need the account's
//! limits, which the server passes to [`account_governance_info`] and
//! [`integration_governance_info`].

use quick_xml::events::BytesText;
use quick_xml::Writer;

use super::{OpContext, OpResult};
use crate::config::AccountConfig;
use crate::version::Version;

pub(crate) fn dispatch(
    op: &str,
    _body: roxmltree::Node<'_, '_>,
    ctx: &OpContext<'_>,
) -> Option<OpResult> {
    match op {
        "getServerTime" => Some(Ok(server_time(ctx))),
        _ => None,
    }
}

/// getAccountGovernanceInfo and getIntegrationGovernanceInfo exist from the 2020.1 endpoint on.
pub(crate) fn has_governance_info(version: Version) -> bool {
    version
        >= Version {
            year: 2020,
            release: 1,
        }
}

/// `xsd:dateTime` with milliseconds, as NetSuite writes it (`2011-12-15T11:56:19.000Z`).
pub(crate) fn date_time(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// Writes `<{op}Response xmlns=messages><platformCore:{op}Result xmlns:platformCore=core>
/// <platformCore:status isSuccess="true"/>…` with `fields` as simple core elements.
fn result_response(ctx: &OpContext<'_>, op: &str, fields: &[(&str, String)]) -> String {
    let messages = ctx.version.messages();
    let core = ctx.version.core();
    let mut w = Writer::new(Vec::new());
    let result = w
        .create_element(format!("{op}Response"))
        .with_attribute(("xmlns", messages.as_str()))
        .write_inner_content(|w| {
            w.create_element(format!("platformCore:{op}Result"))
                .with_attribute(("xmlns:platformCore", core.as_str()))
                .write_inner_content(|w| {
                    w.create_element("platformCore:status")
                        .with_attribute(("isSuccess", "true"))
                        .write_empty()?;
                    for (name, value) in fields {
                        w.create_element(format!("platformCore:{name}"))
                            .write_text_content(BytesText::new(value))?;
                    }
                    Ok(())
                })?;
            Ok(())
        });
    debug_assert!(result.is_ok());
    String::from_utf8(w.into_inner()).unwrap_or_default()
}

fn server_time(ctx: &OpContext<'_>) -> String {
    result_response(ctx, "getServerTime", &[("serverTime", date_time(ctx.now))])
}

/// The account's limit, and what is left of it once the calling integration's own limit (if
/// the account gives it one) is allocated.
pub(crate) fn account_governance_info(ctx: &OpContext<'_>, account: &AccountConfig) -> OpResult {
    let allocated = account.integration_concurrency_limit.unwrap_or(0);
    Ok(result_response(
        ctx,
        "getAccountGovernanceInfo",
        &[
            (
                "accountConcurrencyLimit",
                account.concurrency_limit.to_string(),
            ),
            (
                "unallocatedConcurrencyLimit",
                account
                    .concurrency_limit
                    .saturating_sub(allocated)
                    .to_string(),
            ),
        ],
    ))
}

/// The calling integration's limit: its own (`_integrationSpecific`) or the account's
/// (`_account`).
pub(crate) fn integration_governance_info(
    ctx: &OpContext<'_>,
    account: &AccountConfig,
) -> OpResult {
    let (limit, kind) = match account.integration_concurrency_limit {
        Some(limit) => (limit, "_integrationSpecific"),
        None => (account.concurrency_limit, "_account"),
    };
    Ok(result_response(
        ctx,
        "getIntegrationGovernanceInfo",
        &[
            ("integrationConcurrencyLimit", limit.to_string()),
            ("limitType", kind.to_string()),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_date_times_with_milliseconds() {
        let t = time::macros::datetime!(2011-12-15 11:56:19.123 -08:00);
        assert_eq!(date_time(t), "2011-12-15T19:56:19.123Z");
    }
}
