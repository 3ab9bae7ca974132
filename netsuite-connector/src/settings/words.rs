//! Setting mistakes in a user's words (the shared rules are `connector_payload::words`): an
//! unknown setting with the closest known one, and serde's messages said plainly.

use connector_sdk::payload::FieldError;

/// The error of an unknown setting `name`, with the closest known one when it looks like a
/// typo of it.
pub(crate) fn unknown_setting(name: &str, known: &[&str]) -> FieldError {
    let mut message = String::from("unknown setting");
    if let Some(close) = suggestion(name, known) {
        message.push_str(&format!("; did you mean `{close}`?"));
    }
    message.push_str(&format!(" (known settings: {})", known.join(", ")));
    FieldError::new(name, message)
}

/// serde's message with its Rust words replaced (a map is "an object" in JSON settings).
pub(crate) fn plain(message: &str) -> String {
    connector_sdk::payload::words::plain_words(message, "an object")
        .replace("missing field", "missing setting")
}

pub(crate) use connector_sdk::payload::words::did_you_mean as suggestion;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_names_get_a_suggestion() {
        let known = ["account", "version", "max_concurrent_connections"];
        let e = unknown_setting("acount", &known);
        assert!(
            e.message
                .starts_with("unknown setting; did you mean `account`?"),
            "{}",
            e.message
        );
        assert!(!unknown_setting("zzz", &known)
            .message
            .contains("did you mean"));
        assert_eq!(
            suggestion("custmer", &["customer", "contact"]),
            Some("customer")
        );
        assert_eq!(suggestion("journalEntry", &["customer", "contact"]), None);
    }

    #[test]
    fn rust_words_become_plain() {
        assert_eq!(
            plain("invalid type: string \"x\", expected u32"),
            "wrong kind of value: found the text \"x\", expected a whole number"
        );
        assert_eq!(
            plain("invalid type: integer `3`, expected struct SecretRef"),
            "wrong kind of value: found the number `3`, expected an object"
        );
    }
}
