//! The shape of process and connection files, checked all at once: every unknown key (with a
//! suggestion), every value of the wrong kind and every missing key is one problem, in words a
//! user knows ("a whole number", not `i64`), so a file is fixed in one round instead of one
//! mistake per run.
//!
//! The check runs on the spanned TOML before serde reads the file; what it accepts, serde
//! reads without error. Ranges and connector settings are checked later, where they are known.

use std::path::Path;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::spans::position;
use crate::error::ConfigProblem;

/// What a key may hold.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    /// A text.
    Text,
    /// A whole number.
    WholeNumber,
    /// `true` or `false`.
    Boolean,
    /// A table with these keys.
    Table(&'static [Key]),
    /// A table of anything (a connector's settings: it checks them).
    AnyTable,
    /// A text, or a table with these keys.
    TextOrTable(&'static [Key]),
    /// A text, a number or a date (a cursor's start value).
    Scalar,
}

/// A key of a table.
#[derive(Clone, Copy)]
pub(crate) struct Key {
    name: &'static str,
    kind: Kind,
    required: bool,
    /// What to write, for a missing required key.
    hint: &'static str,
}

const fn optional(name: &'static str, kind: Kind) -> Key {
    Key {
        name,
        kind,
        required: false,
        hint: "",
    }
}

const fn required(name: &'static str, kind: Kind, hint: &'static str) -> Key {
    Key {
        name,
        kind,
        required: true,
        hint,
    }
}

const SIMULATOR: &[Key] = &[
    optional("customers", Kind::WholeNumber),
    optional("latency_ms", Kind::WholeNumber),
    optional("concurrency_limit", Kind::WholeNumber),
    optional("schema_folder", Kind::Text),
];

/// A connection file, or the inline `[connection]` table of a process file.
pub(crate) const CONNECTION: &[Key] = &[
    required(
        "connector",
        Kind::Text,
        "add `connector = \"netsuite\"` (the connector's name; `host-runner connectors` lists them)",
    ),
    optional("library", Kind::Text),
    optional("settings", Kind::AnyTable),
    optional("simulator", Kind::Table(SIMULATOR)),
];

const FLOW: &[Key] = &[
    optional("units", Kind::WholeNumber),
    optional("batch_size", Kind::WholeNumber),
    optional("individually", Kind::Boolean),
    optional("max_line_bytes", Kind::WholeNumber),
];

const STATE: &[Key] = &[
    required(
        "file",
        Kind::Text,
        "add `file = \"state/customers.json\"` (where the cursor is kept)",
    ),
    required(
        "cursor",
        Kind::Text,
        "add `cursor = \"lastModifiedDate\"` (the field of the output documents to follow)",
    ),
    required(
        "start",
        Kind::Scalar,
        "add `start = \"2020-01-01T00:00:00Z\"` (the cursor before the first complete run)",
    ),
];

/// A process file.
pub(crate) const PROCESS: &[Key] = &[
    optional("name", Kind::Text),
    required(
        "connection",
        Kind::TextOrTable(CONNECTION),
        "add `connection = \"connections/demo.toml\"` (a connection file) or a [connection] table",
    ),
    optional("input", Kind::Text),
    optional("output", Kind::Text),
    optional("failed", Kind::Text),
    required(
        "operation",
        Kind::AnyTable,
        "add an [operation] table with the connector's operation settings, e.g. \
         [operation] action = \"QUERY\" record_type = \"customer\"",
    ),
    optional("flow", Kind::Table(FLOW)),
    optional("state", Kind::Table(STATE)),
];

/// Checks a parsed file against `keys`; every problem found, in file order.
pub(crate) fn check(
    path: &Path,
    text: &str,
    root: &DeTable<'_>,
    keys: &[Key],
) -> Vec<ConfigProblem> {
    let mut problems = Vec::new();
    check_table(
        &Context { path, text },
        root,
        None,
        &[],
        keys,
        &mut problems,
    );
    problems.sort_by_key(|p| p.position.map(|p| (p.line, p.column)));
    problems
}

struct Context<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Context<'_> {
    fn problem(&self, offset: Option<usize>, field: &[&str], message: String) -> ConfigProblem {
        ConfigProblem {
            file: self.path.to_path_buf(),
            position: offset.map(|o| position(self.text, o)),
            field: (!field.is_empty()).then(|| field.join(".")),
            message,
        }
    }
}

fn check_table(
    cx: &Context<'_>,
    table: &DeTable<'_>,
    table_span: Option<usize>,
    path: &[&str],
    keys: &[Key],
    problems: &mut Vec<ConfigProblem>,
) {
    for (name, value) in table.iter() {
        let name_text: &str = name.get_ref().as_ref();
        let mut field = path.to_vec();
        field.push(name_text);
        match keys.iter().find(|k| k.name == name_text) {
            None => problems.push(cx.problem(
                Some(name.span().start),
                &field,
                unknown_key(name_text, keys),
            )),
            Some(key) => check_value(cx, value, &field, key.kind, problems),
        }
    }
    for key in keys.iter().filter(|k| k.required) {
        if !table.iter().any(|(k, _)| k.get_ref().as_ref() == key.name) {
            let mut field = path.to_vec();
            field.push(key.name);
            let place = if path.is_empty() {
                "missing".to_string()
            } else {
                format!("missing in [{}]", path.join("."))
            };
            problems.push(cx.problem(table_span, &field, format!("{place}: {}", key.hint)));
        }
    }
}

fn check_value(
    cx: &Context<'_>,
    value: &Spanned<DeValue<'_>>,
    field: &[&str],
    kind: Kind,
    problems: &mut Vec<ConfigProblem>,
) {
    let at = Some(value.span().start);
    let wrong = |expected: &str| {
        cx.problem(
            at,
            field,
            format!("expected {expected}, found {}", described(value.get_ref())),
        )
    };
    match (kind, value.get_ref()) {
        (Kind::Text, DeValue::String(_))
        | (Kind::WholeNumber, DeValue::Integer(_))
        | (Kind::Boolean, DeValue::Boolean(_))
        | (Kind::AnyTable, DeValue::Table(_))
        | (Kind::TextOrTable(_), DeValue::String(_))
        | (
            Kind::Scalar,
            DeValue::String(_) | DeValue::Integer(_) | DeValue::Float(_) | DeValue::Datetime(_),
        ) => {}
        (Kind::Table(keys), DeValue::Table(t)) | (Kind::TextOrTable(keys), DeValue::Table(t)) => {
            check_table(cx, t, at, field, keys, problems)
        }
        (Kind::Text, _) => problems.push(wrong("a text in quotes")),
        (Kind::WholeNumber, _) => problems.push(wrong("a whole number")),
        (Kind::Boolean, _) => problems.push(wrong("true or false")),
        (Kind::Table(_) | Kind::AnyTable, _) => problems.push(wrong("a table")),
        (Kind::TextOrTable(_), _) => problems.push(wrong("a file path in quotes or a table")),
        (Kind::Scalar, _) => problems.push(wrong("a text, a number or a date")),
    }
}

fn unknown_key(name: &str, keys: &[Key]) -> String {
    let names: Vec<&str> = keys.iter().map(|k| k.name).collect();
    let mut message = format!("unknown key `{name}`");
    if let Some(close) = connector_payload::words::did_you_mean(name, &names) {
        message.push_str(&format!("; did you mean `{close}`?"));
    }
    message.push_str(&format!(" (known keys here: {})", names.join(", ")));
    message
}

/// A value as a user sees it in the file.
pub(crate) fn described(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => format!("the text \"{}\"", shorten(s)),
        DeValue::Integer(i) => format!("the number {}", i.as_str()),
        DeValue::Float(f) => format!("the number {}", f.as_str()),
        DeValue::Boolean(b) => format!("{b}"),
        DeValue::Datetime(_) => "a date".into(),
        DeValue::Array(_) => "a list".into(),
        DeValue::Table(_) => "a table".into(),
    }
}

fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

/// Serde's and toml's words for kinds of values, in a user's: `expected i64` → `expected a
/// whole number`, `invalid type: string "x"` → `found the text "x"`.
pub(crate) fn in_plain_words(message: &str) -> String {
    connector_payload::words::plain_words(message, "a table")
        .replace("unknown field", "unknown key")
        .replace("missing field", "missing key")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        let root = DeTable::parse(text).unwrap();
        check(Path::new("p.toml"), text, root.get_ref(), PROCESS)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn every_mistake_of_a_file_comes_at_once_with_suggestions() {
        let got = problems(
            "connection = { connector = \"echo\" }\noutptu = \"x\"\n[operation]\naction = \"GET\"\n[flow]\nunitz = 4\nbatch_size = \"ten\"\n",
        );
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(
            got[0].starts_with("p.toml:2:1: outptu: unknown key `outptu`; did you mean `output`?"),
            "{got:?}"
        );
        assert!(
            got[1]
                .starts_with("p.toml:6:1: flow.unitz: unknown key `unitz`; did you mean `units`?"),
            "{got:?}"
        );
        assert_eq!(
            got[2],
            "p.toml:7:14: flow.batch_size: expected a whole number, found the text \"ten\""
        );
    }

    #[test]
    fn a_missing_operation_is_named_as_missing_not_at_the_first_key() {
        let got = problems("connection = { connector = \"echo\" }\n");
        assert_eq!(got.len(), 1);
        assert!(
            got[0].starts_with("p.toml: operation: missing: add an [operation] table"),
            "{got:?}"
        );
    }

    #[test]
    fn rust_type_names_become_plain_words() {
        assert_eq!(
            in_plain_words("invalid type: string \"x\", expected struct SecretRef"),
            "wrong kind of value: found the text \"x\", expected a table"
        );
        assert_eq!(
            in_plain_words("invalid type: integer `5`, expected u32"),
            "wrong kind of value: found the number `5`, expected a whole number"
        );
    }
}
