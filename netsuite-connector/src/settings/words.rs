//! Setting mistakes in a user's words: a suggestion for a misspelt name, and serde's Rust
//! type names (`expected u32`, `expected struct SecretRef`) replaced by plain ones.

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

/// The known name closest to `name`, when it is close enough to be a typo of it (a letter
/// or two, a swap: Damerau-Levenshtein distance up to a third of its length, at most 3).
pub(crate) fn suggestion<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower = name.to_ascii_lowercase();
    let (best, distance) = known
        .iter()
        .map(|k| {
            (
                *k,
                strsim::damerau_levenshtein(&lower, &k.to_ascii_lowercase()),
            )
        })
        .min_by_key(|(_, d)| *d)?;
    let allowed = (lower.chars().count() / 3).clamp(1, 3);
    (distance <= allowed).then_some(best)
}

/// serde's message with its Rust words replaced.
pub(crate) fn plain(message: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("invalid type: ", "wrong kind of value: found "),
        ("expected i64", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected u16", "expected a whole number"),
        ("expected u8", "expected a whole number"),
        ("expected usize", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a boolean", "expected true or false"),
        ("expected a string", "expected a text"),
        ("integer `", "the number `"),
        ("floating point `", "the number `"),
        ("string \"", "the text \""),
        ("boolean `", "`"),
        ("missing field", "missing setting"),
        ("unknown variant", "unknown value"),
    ];
    let mut out = message.to_string();
    for (from, to) in WORDS {
        out = out.replace(from, to);
    }
    for marker in ["expected struct ", "expected enum "] {
        if let Some(at) = out.find(marker) {
            let rest = &out[at + marker.len()..];
            let end = rest
                .find(|c: char| !c.is_alphanumeric() && c != '_')
                .unwrap_or(rest.len());
            out.replace_range(at..at + marker.len() + end, "expected an object");
        }
    }
    out.replace("expected a map", "expected an object")
}

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
