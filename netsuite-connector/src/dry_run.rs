//! A dry run (`host-runner validate`): every request is built as for a run, and none is sent.
//!
//! The host asks for it in its configuration (`HostConfig::dry_run`). Documents go through
//! the same settings checks, schema and encoder as in a run; where a run would send the
//! request, [`crate::client::Client::call`] stops with [`crate::error::Error::DryRun`], which
//! gives each document of the request SUCCESS with code `DRY_RUN`. The first request built can
//! be shown, with its credentials and signature masked.

use std::sync::atomic::{AtomicBool, Ordering};

use quick_xml::events::{BytesText, Event};
use quick_xml::{Reader, Writer};

/// Elements whose text is a credential, a signature or part of one: masked when a request is
/// shown.
const MASKED: &[&str] = &[
    "password",
    "signature",
    "consumerKey",
    "token",
    "nonce",
    "email",
    "applicationId",
];

/// What is shown instead of a masked value.
const MASK: &str = "****";

/// A connector instance's dry-run mode.
#[derive(Debug, Default)]
pub(crate) struct DryRun {
    /// Whether the first request built is to be shown.
    show_request: bool,
    /// Whether it was shown already.
    shown: AtomicBool,
}

impl DryRun {
    /// Dry-run mode, showing the first request when asked.
    pub(crate) fn new(show_request: bool) -> DryRun {
        DryRun {
            show_request,
            shown: AtomicBool::new(false),
        }
    }

    /// The request to show with this call's outcome: the first one only, masked.
    pub(crate) fn request_to_show(&self, body: &[u8]) -> Option<String> {
        if !self.show_request || self.shown.swap(true, Ordering::SeqCst) {
            return None;
        }
        Some(mask(&String::from_utf8_lossy(body)))
    }
}

/// The request with the text of every credential and signature element replaced by `****`.
/// A request that cannot be read back (never expected: the connector wrote it) is not shown.
pub(crate) fn mask(xml: &str) -> String {
    let mut reader = Reader::from_str(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len()));
    let mut depth_in_masked = 0usize;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(e) => e,
            Err(_) => return "(the request could not be shown)".into(),
        };
        let written = match &event {
            Event::Start(e) if MASKED.contains(&local(e.name().as_ref())) => {
                depth_in_masked += 1;
                writer.write_event(event.borrow())
            }
            Event::End(e) if MASKED.contains(&local(e.name().as_ref())) => {
                depth_in_masked = depth_in_masked.saturating_sub(1);
                writer.write_event(event.borrow())
            }
            Event::Text(_) | Event::CData(_) if depth_in_masked > 0 => {
                writer.write_event(Event::Text(BytesText::new(MASK)))
            }
            _ => writer.write_event(event.borrow()),
        };
        if written.is_err() {
            return "(the request could not be shown)".into();
        }
    }
    String::from_utf8_lossy(&writer.into_inner()).into_owned()
}

fn local(name: &[u8]) -> &str {
    let name = std::str::from_utf8(name).unwrap_or("");
    name.rsplit(':').next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_and_signatures_are_masked_and_the_rest_kept() {
        let xml = r#"<soap:Envelope xmlns:soap="s" xmlns:c="c"><soap:Header><c:tokenPassport><c:account>123</c:account><c:consumerKey>ck-value</c:consumerKey><c:token>tok-id</c:token><c:nonce>n0nce</c:nonce><c:timestamp>1</c:timestamp><c:signature algorithm="HMAC-SHA256">c2lnbmF0dXJl</c:signature></c:tokenPassport></soap:Header><soap:Body><add><record><companyName>Acme</companyName></record></add></soap:Body></soap:Envelope>"#;
        let masked = mask(xml);
        for secret in ["ck-value", "tok-id", "n0nce", "c2lnbmF0dXJl"] {
            assert!(!masked.contains(secret), "{secret} in {masked}");
        }
        assert!(masked.contains("<c:account>123</c:account>"), "{masked}");
        assert!(
            masked.contains("<companyName>Acme</companyName>"),
            "{masked}"
        );
        assert!(masked.contains(r#"algorithm="HMAC-SHA256""#), "{masked}");
        assert_eq!(masked.matches(MASK).count(), 4, "{masked}");
    }

    #[test]
    fn only_the_first_request_is_shown() {
        let dry = DryRun::new(true);
        assert!(dry.request_to_show(b"<a/>").is_some());
        assert!(dry.request_to_show(b"<a/>").is_none());
        assert!(DryRun::new(false).request_to_show(b"<a/>").is_none());
    }
}
