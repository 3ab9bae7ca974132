//! The structured detail of a [`ConnectorError`], as JSON: field-level settings errors and
//! anything else a connector attaches.
//!
//! `ConnectorError` is an ABI type and carries its detail as JSON text; these helpers write
//! and read that text so the ABI crate needs no JSON library.

use connector_api::{ConnectorError, ErrorKind};
use serde::Deserialize;
use serde_json::Value;

use crate::FieldError;

/// JSON helpers on [`ConnectorError`]; bring the trait into scope to call
/// `ConnectorError::invalid_settings(…)`, `error.field_errors()` and `error.with_detail(…)`.
pub trait ConnectorErrorExt: Sized {
    /// A `Config` error (`INVALID_SETTINGS`) listing the fields at fault, in `detail_json` as
    /// `{"fields":[{"field":…,"message":…}]}`.
    fn invalid_settings(fields: Vec<FieldError>) -> Self;

    /// The field-level errors in `detail_json`, if any.
    fn field_errors(&self) -> Vec<FieldError>;

    /// Sets the JSON detail.
    fn with_detail(self, detail: Value) -> Self;
}

impl ConnectorErrorExt for ConnectorError {
    fn invalid_settings(fields: Vec<FieldError>) -> ConnectorError {
        let summary = fields
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect::<Vec<_>>()
            .join("; ");
        ConnectorError::new(ErrorKind::Config, "INVALID_SETTINGS", summary)
            .with_detail(serde_json::json!({ "fields": fields }))
    }

    fn field_errors(&self) -> Vec<FieldError> {
        #[derive(Deserialize)]
        struct Detail {
            #[serde(default)]
            fields: Vec<FieldError>,
        }
        serde_json::from_str::<Detail>(&self.detail_json)
            .map(|d| d.fields)
            .unwrap_or_default()
    }

    fn with_detail(self, detail: Value) -> ConnectorError {
        self.with_detail_json(detail.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_round_trip_through_the_detail_text() {
        let error = ConnectorError::invalid_settings(vec![
            FieldError::new("account", "is missing"),
            FieldError::new("version", "2016.2 is too old"),
        ]);
        assert_eq!(error.kind, ErrorKind::Config);
        assert_eq!(error.code.as_str(), "INVALID_SETTINGS");
        assert_eq!(
            error.message.as_str(),
            "account: is missing; version: 2016.2 is too old"
        );
        let fields = error.field_errors();
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[1].field, "version");
        assert!(ConnectorError::internal("x").field_errors().is_empty());
    }
}
