//! Request envelopes, written with quick-xml (which escapes every text and attribute).
//!
//! Namespaces are declared once on the envelope with the conventional prefixes
//! (`platformMsgs`, `platformCore`, `platformCommon`); operation bodies add record namespaces
//! on their own elements. Header elements follow the version's XSD: `tokenPassport` and
//! `passport` children are `platformCore`, `applicationInfo`, `preferences` and
//! `searchPreferences` children are `platformMsgs`.

use std::io;

use quick_xml::events::BytesText;
use quick_xml::Writer;

use crate::auth::TokenPassport;
use crate::ns::{self, Namespaces};
use crate::secret::Secret;
use crate::version::Version;

/// The writer operation bodies write into.
pub(crate) type XmlWriter = Writer<Vec<u8>>;

/// The credentials written into one request's header.
pub(crate) enum HeaderAuth<'a> {
    /// A freshly signed token passport.
    Token(&'a TokenPassport),
    /// User credentials with the application id.
    User {
        /// Email.
        email: &'a str,
        /// Password.
        password: &'a Secret,
        /// Account, passport form.
        account: &'a str,
        /// Role internal id.
        role: Option<&'a str>,
        /// Application Id.
        application_id: &'a str,
    },
    /// No authentication (getDataCenterUrls).
    None,
}

/// The `preferences` header: each `None` is omitted, so the account default applies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Preferences {
    /// Treat warnings as errors.
    pub(crate) warning_as_error: Option<bool>,
    /// Skip mandatory custom field validation.
    pub(crate) disable_mandatory_custom_field_validation: Option<bool>,
    /// Skip system notes for custom fields.
    pub(crate) disable_system_notes_for_custom_fields: Option<bool>,
    /// Ignore read-only fields instead of failing.
    pub(crate) ignore_read_only_fields: Option<bool>,
    /// Run server SuiteScript and trigger workflows.
    pub(crate) run_server_suite_script_and_trigger_workflows: Option<bool>,
}

impl Preferences {
    fn is_empty(&self) -> bool {
        *self == Preferences::default()
    }
}

/// The `searchPreferences` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SearchPreferences {
    /// Body fields only (no sublists).
    pub(crate) body_fields_only: bool,
    /// Return the columns of advanced searches.
    pub(crate) return_search_columns: bool,
    /// Records per page, 5 to 1,000.
    pub(crate) page_size: u32,
}

/// What goes into the SOAP header.
pub(crate) struct RequestHeader<'a> {
    /// Credentials.
    pub(crate) auth: HeaderAuth<'a>,
    /// Write preferences, if any.
    pub(crate) preferences: Option<&'a Preferences>,
    /// Search preferences, for search operations.
    pub(crate) search_preferences: Option<&'a SearchPreferences>,
}

/// Writes a whole request envelope; `body` writes the operation element.
pub(crate) fn build(
    version: Version,
    header: &RequestHeader<'_>,
    body: impl FnOnce(&mut XmlWriter) -> io::Result<()>,
) -> Vec<u8> {
    let nss = Namespaces::of(version);
    let mut w = Writer::new(Vec::with_capacity(2048));
    let result = w
        .create_element("soapenv:Envelope")
        .with_attribute(("xmlns:soapenv", ns::SOAP_ENV))
        .with_attribute(("xmlns:xsi", ns::XSI))
        .with_attribute(("xmlns:platformMsgs", nss.messages.as_str()))
        .with_attribute(("xmlns:platformCore", nss.core.as_str()))
        .with_attribute(("xmlns:platformCommon", nss.common.as_str()))
        .write_inner_content(|w| {
            w.create_element("soapenv:Header")
                .write_inner_content(|w| write_header(w, header))?;
            w.create_element("soapenv:Body").write_inner_content(body)?;
            Ok(())
        });
    // Writing into a Vec cannot fail.
    result.expect("writing XML into memory failed");
    w.into_inner()
}

fn write_header(w: &mut XmlWriter, header: &RequestHeader<'_>) -> io::Result<()> {
    match &header.auth {
        HeaderAuth::Token(p) => {
            w.create_element("platformMsgs:tokenPassport")
                .write_inner_content(|w| {
                    text(w, "platformCore:account", &p.account)?;
                    text(w, "platformCore:consumerKey", &p.consumer_key)?;
                    text(w, "platformCore:token", &p.token)?;
                    text(w, "platformCore:nonce", &p.nonce)?;
                    text(w, "platformCore:timestamp", &p.timestamp.to_string())?;
                    w.create_element("platformCore:signature")
                        .with_attribute(("algorithm", crate::auth::tba::ALGORITHM))
                        .write_text_content(BytesText::new(&p.signature))?;
                    Ok(())
                })?;
        }
        HeaderAuth::User {
            email,
            password,
            account,
            role,
            application_id,
        } => {
            w.create_element("platformMsgs:passport")
                .write_inner_content(|w| {
                    text(w, "platformCore:email", email)?;
                    text(w, "platformCore:password", password.expose())?;
                    text(w, "platformCore:account", account)?;
                    if let Some(role) = role {
                        w.create_element("platformCore:role")
                            .with_attribute(("internalId", *role))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            w.create_element("platformMsgs:applicationInfo")
                .write_inner_content(|w| text(w, "platformMsgs:applicationId", application_id))?;
        }
        HeaderAuth::None => {}
    }
    if let Some(p) = header.preferences.filter(|p| !p.is_empty()) {
        w.create_element("platformMsgs:preferences")
            .write_inner_content(|w| {
                let flags = [
                    ("platformMsgs:warningAsError", p.warning_as_error),
                    (
                        "platformMsgs:disableMandatoryCustomFieldValidation",
                        p.disable_mandatory_custom_field_validation,
                    ),
                    (
                        "platformMsgs:disableSystemNotesForCustomFields",
                        p.disable_system_notes_for_custom_fields,
                    ),
                    (
                        "platformMsgs:ignoreReadOnlyFields",
                        p.ignore_read_only_fields,
                    ),
                    (
                        "platformMsgs:runServerSuiteScriptAndTriggerWorkflows",
                        p.run_server_suite_script_and_trigger_workflows,
                    ),
                ];
                for (name, value) in flags {
                    if let Some(v) = value {
                        text(w, name, if v { "true" } else { "false" })?;
                    }
                }
                Ok(())
            })?;
    }
    if let Some(s) = header.search_preferences {
        w.create_element("platformMsgs:searchPreferences")
            .write_inner_content(|w| {
                text(
                    w,
                    "platformMsgs:bodyFieldsOnly",
                    if s.body_fields_only { "true" } else { "false" },
                )?;
                text(
                    w,
                    "platformMsgs:returnSearchColumns",
                    if s.return_search_columns {
                        "true"
                    } else {
                        "false"
                    },
                )?;
                text(w, "platformMsgs:pageSize", &s.page_size.to_string())
            })?;
    }
    Ok(())
}

/// Writes `<name>text</name>`, escaped.
pub(crate) fn text(w: &mut XmlWriter, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_declares_namespaces() {
        let v = Version::parse("2023.2").unwrap();
        let secret = Secret::new("p<&>\"w");
        let header = RequestHeader {
            auth: HeaderAuth::User {
                email: "a&b@example.com",
                password: &secret,
                account: "123",
                role: Some("3"),
                application_id: "APP",
            },
            preferences: None,
            search_preferences: None,
        };
        let xml = build(v, &header, |w| {
            w.create_element("platformMsgs:getServerTime")
                .write_empty()
                .map(|_| ())
        });
        let text = String::from_utf8(xml).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        let nss = Namespaces::of(v);
        let email = doc
            .descendants()
            .find(|n| n.has_tag_name((nss.core.as_str(), "email")))
            .unwrap();
        assert_eq!(email.text(), Some("a&b@example.com"));
        let pw = doc
            .descendants()
            .find(|n| n.has_tag_name((nss.core.as_str(), "password")))
            .unwrap();
        assert_eq!(pw.text(), Some("p<&>\"w"));
        assert!(doc
            .descendants()
            .any(|n| n.has_tag_name((nss.messages.as_str(), "getServerTime"))));
    }
}
