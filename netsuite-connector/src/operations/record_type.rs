//! An operation's record type, checked when it is prepared, before any document runs: a typo
//! (`custmer`) is a settings mistake with a suggestion, not a failure of every document.
//!
//! The record types are the schema's when it can be had without a request (the connection's
//! `schema_folder`, or an earlier download in memory or on disk); otherwise the connector's
//! built-in table, which knows the common types only, so a name is refused then only when it
//! is close to one of them (a type it does not know may still be right: the download at run
//! time tells).

use connector_sdk::payload::FieldError;
use connector_sdk::{ConnectorError, ConnectorErrorExt};

use crate::client::Client;
use crate::schema::{builtin, source};
use crate::settings::words::suggestion;

/// Checks `record_type` (the operation setting of that name).
pub(crate) fn check(client: &Client, record_type: &str) -> Result<(), ConnectorError> {
    let name = record_type.trim();
    // Custom record types go by their script id (`customrecord_tier`); checked by NetSuite.
    if name.is_empty() || name.to_ascii_lowercase().starts_with("customrecord") {
        return Ok(());
    }
    let version = client.settings().version;
    match source::registry_offline(client) {
        Some(registry) => {
            if registry.record_type(name).is_some() {
                return Ok(());
            }
            let known: Vec<&str> = registry
                .record_types()
                .iter()
                .map(|r| r.name.as_str())
                .collect();
            Err(unknown(name, suggestion(name, &known)))
        }
        None => {
            if builtin::record(version, name).is_some() {
                return Ok(());
            }
            let known: Vec<&str> = builtin::record_types().collect();
            match suggestion(name, &known) {
                Some(close) => Err(unknown(name, Some(close))),
                None => Ok(()),
            }
        }
    }
}

fn unknown(name: &str, close: Option<&str>) -> ConnectorError {
    let mut message = format!("`{name}` is not a NetSuite record type");
    if let Some(close) = close {
        message.push_str(&format!("; did you mean `{close}`?"));
    }
    message.push_str(" (browse lists the record types of each action)");
    ConnectorError::invalid_settings(vec![FieldError::new("record_type", message)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_the_closest_type_and_strangers_none() {
        let known = ["customer", "contact", "salesOrder", "invoice"];
        assert_eq!(suggestion("custmer", &known), Some("customer"));
        assert_eq!(suggestion("salesorders", &known), Some("salesOrder"));
        assert_eq!(suggestion("invoce", &known), Some("invoice"));
        assert_eq!(suggestion("journalEntry", &known), None);
        assert_eq!(suggestion("job", &known), None);
    }
}
