//! Settings mistakes in a user's words, for the host's file checks and the connectors' field
//! errors alike: the closest known name for a misspelt one, and serde's Rust type names
//! (`expected u32`, `expected struct SecretRef`) said plainly.

/// The name of `known` closest to `name`, when it is close enough to be a typo of it (a letter
/// or two, or a swap: a Damerau-Levenshtein distance up to a third of its length, at most 3),
/// compared without case.
pub fn did_you_mean<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
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

/// serde's (or toml's) message with its Rust words replaced by a user's; `table` is what a
/// map is called where the message is read (`a table` in TOML, `an object` in JSON).
pub fn plain_words(message: &str, table: &str) -> String {
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
        ("unknown variant", "unknown value"),
    ];
    let mut out = message.to_string();
    for (from, to) in WORDS {
        out = out.replace(from, to);
    }
    let expected_table = format!("expected {table}");
    for marker in ["expected struct ", "expected enum "] {
        while let Some(at) = out.find(marker) {
            let rest = &out[at + marker.len()..];
            let end = rest
                .find(|c: char| !c.is_alphanumeric() && c != '_')
                .unwrap_or(rest.len());
            out.replace_range(at..at + marker.len() + end, &expected_table);
        }
    }
    out.replace("expected a map", &expected_table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_the_closest_name_and_strangers_none() {
        let known = ["customer", "contact", "salesOrder", "output", "units"];
        assert_eq!(did_you_mean("custmer", &known), Some("customer"));
        assert_eq!(did_you_mean("outptu", &known), Some("output"));
        assert_eq!(did_you_mean("unitz", &known), Some("units"));
        assert_eq!(did_you_mean("salesorders", &known), Some("salesOrder"));
        assert_eq!(did_you_mean("journalEntry", &known), None);
    }

    #[test]
    fn rust_words_become_plain() {
        assert_eq!(
            plain_words("invalid type: string \"x\", expected u32", "a table"),
            "wrong kind of value: found the text \"x\", expected a whole number"
        );
        assert_eq!(
            plain_words(
                "invalid type: integer `3`, expected struct SecretRef",
                "an object"
            ),
            "wrong kind of value: found the number `3`, expected an object"
        );
    }
}
