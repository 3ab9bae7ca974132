//! Where the cluster database is, and where its password comes from.
//!
//! The URL is PostgreSQL's (`postgresql://user@host:port/database?options=…`). A password is
//! read from a reference, in this order: `--cluster-password-file`, `--cluster-password-env`,
//! the URL itself (allowed, with a warning: a URL shows in process lists and shell history),
//! `PGPASSWORD`, then `PGPASSFILE` (default `~/.pgpass`) as libpq reads it. The password is
//! never logged, shown or stored: [`ClusterTarget`] describes itself as `user@host:port/db`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use tokio_postgres::config::Host;

use super::ClusterError;

/// Where a password reference points.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum PasswordSource {
    /// No explicit reference: the URL, `PGPASSWORD` or the password file.
    #[default]
    Default,
    /// A file holding the password (its first line).
    File(PathBuf),
    /// An environment variable holding the password.
    Env(String),
}

/// A cluster database to connect to. `Debug` and `Display` never show the password.
#[derive(Clone)]
pub struct ClusterTarget {
    pub(crate) config: tokio_postgres::Config,
    described: String,
}

impl fmt::Debug for ClusterTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ClusterTarget")
            .field(&self.described)
            .finish()
    }
}

impl fmt::Display for ClusterTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.described)
    }
}

impl ClusterTarget {
    /// Reads `url` and finds the password as the module documentation says.
    ///
    /// # Errors
    ///
    /// [`ClusterError::Url`] when the URL cannot be read; [`ClusterError::Password`] when a
    /// named reference cannot be read.
    pub fn new(url: &str, password: &PasswordSource) -> Result<ClusterTarget, ClusterError> {
        let mut config = tokio_postgres::Config::from_str(url).map_err(|e| {
            ClusterError::Url(format!(
                "the cluster URL is not a PostgreSQL connection string ({}): expected \
                 postgresql://user@host:port/database",
                plain(&e)
            ))
        })?;
        if config.get_hosts().is_empty() {
            config.host("127.0.0.1");
        }
        if config.get_user().is_none() {
            config.user("postgres");
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        config.application_name("host-runner");
        let described = describe(&config);
        // libpq takes an empty password for none (the server would refuse it anyway).
        let from_url = config.get_password().is_some_and(|p| !p.is_empty());
        match password {
            PasswordSource::File(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    ClusterError::Password(format!(
                        "cannot read the cluster password file {}: {e}",
                        path.display()
                    ))
                })?;
                let first = text.lines().next().unwrap_or("");
                if first.is_empty() {
                    return Err(ClusterError::Password(format!(
                        "the cluster password file {} is empty (its first line is the password)",
                        path.display()
                    )));
                }
                config.password(first);
            }
            PasswordSource::Env(name) => {
                let value = std::env::var(name).map_err(|_| {
                    ClusterError::Password(format!(
                        "the environment variable {name} named for the cluster password is not set"
                    ))
                })?;
                if value.is_empty() {
                    return Err(ClusterError::Password(format!(
                        "the environment variable {name} named for the cluster password is empty"
                    )));
                }
                config.password(value);
            }
            PasswordSource::Default if from_url => {
                tracing::warn!(
                    cluster = %described,
                    "the cluster URL carries a password, which process lists and shell \
                     history show: prefer --cluster-password-file or --cluster-password-env"
                );
            }
            PasswordSource::Default => {
                let from_env = std::env::var("PGPASSWORD").ok().filter(|v| !v.is_empty());
                if let Some(value) = from_env {
                    config.password(value);
                } else if let Some(value) = password_file_entry(&config) {
                    config.password(value);
                }
            }
        }
        Ok(ClusterTarget { config, described })
    }
}

/// `user@host:port/database`.
fn describe(config: &tokio_postgres::Config) -> String {
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(name)) => name.clone(),
        Some(Host::Unix(path)) => path.display().to_string(),
        None => "127.0.0.1".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or("postgres");
    let database = config.get_dbname().unwrap_or(user);
    format!("{user}@{host}:{port}/{database}")
}

/// The password of the first matching line of `PGPASSFILE` (default `~/.pgpass`), as libpq
/// reads it: `host:port:database:user:password`, a whole-field `*` matching anything, `\:`
/// and `\\` escaped; a file others may read is ignored with a warning; an empty password is
/// none.
fn password_file_entry(config: &tokio_postgres::Config) -> Option<String> {
    let path = std::env::var_os("PGPASSFILE")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".pgpass")))?;
    let text = read_password_file(&path)?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(name)) => name.clone(),
        // libpq names a socket in its default folder `localhost`, any other by its path.
        Some(Host::Unix(dir)) if !DEFAULT_SOCKET_DIRS.iter().any(|d| dir == Path::new(d)) => {
            dir.display().to_string()
        }
        _ => "localhost".into(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config.get_user().unwrap_or("postgres");
    let database = config.get_dbname().unwrap_or(user);
    let wanted = [host.as_str(), port.as_str(), database, user];
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(parse_pgpass)
        .find(|entry| {
            entry
                .keys
                .iter()
                .zip(wanted)
                .all(|(key, want)| key.as_deref().is_none_or(|key| key == want))
        })
        .map(|entry| entry.password)
        .filter(|password| !password.is_empty())
}

/// Where libpq (as Debian builds it, or by default) puts its socket.
const DEFAULT_SOCKET_DIRS: [&str; 3] = ["/var/run/postgresql", "/run/postgresql", "/tmp"];

/// The password file's text, unless it is not a plain file or others may read or write it
/// (libpq ignores such a file, and says so).
fn read_password_file(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let metadata = std::fs::metadata(path).ok()?;
    if !metadata.is_file() {
        tracing::warn!(
            "the password file {} is not a plain file: it is ignored",
            path.display()
        );
        return None;
    }
    if metadata.permissions().mode() & 0o077 != 0 {
        tracing::warn!(
            "the password file {} has group or world access, so it is ignored (as psql does): \
             make it readable by its owner only (chmod 0600)",
            path.display()
        );
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// One line of a password file: host, port, database and user (`None` for `*`), then the
/// password.
#[derive(Debug, PartialEq, Eq)]
struct PassfileEntry {
    keys: [Option<String>; 4],
    password: String,
}

/// A line as libpq reads it: fields end at an unescaped `:`; `*` is a wildcard only as a
/// whole, unescaped field; the password runs to the next unescaped `:` (anything after it is
/// ignored). `None` for a line with fewer than five fields.
fn parse_pgpass(line: &str) -> Option<PassfileEntry> {
    // The fields as written (escapes kept), so that `\*` stays a literal star.
    let mut raw = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        let field = raw.last_mut()?;
        match c {
            '\\' => {
                field.push(c);
                if let Some(next) = chars.next() {
                    field.push(next);
                }
            }
            ':' => raw.push(String::new()),
            c => field.push(c),
        }
    }
    if raw.len() < 5 {
        return None;
    }
    let unescape = |field: &str| {
        let mut text = String::new();
        let mut chars = field.chars();
        while let Some(c) = chars.next() {
            text.push(if c == '\\' {
                chars.next().unwrap_or(c)
            } else {
                c
            });
        }
        text
    };
    let key = |field: &String| (field != "*").then(|| unescape(field));
    Some(PassfileEntry {
        keys: [key(&raw[0]), key(&raw[1]), key(&raw[2]), key(&raw[3])],
        password: unescape(&raw[4]),
    })
}

/// The driver's message without the URL's text (which could hold a password): the option it
/// names when a value is wrong or an option unknown (the driver names the key, never the value).
fn plain(e: &tokio_postgres::Error) -> String {
    let cause = std::error::Error::source(e).map(ToString::to_string);
    match cause {
        Some(cause) if cause.starts_with("invalid value for option") => cause,
        Some(cause) if cause.starts_with("unknown option") => cause,
        _ => e
            .to_string()
            .split(':')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_without_the_password() {
        let target = ClusterTarget::new(
            "postgresql://app:s3cret@db.example:6543/cluster",
            &PasswordSource::Default,
        )
        .unwrap();
        assert_eq!(target.to_string(), "app@db.example:6543/cluster");
        assert!(!format!("{target:?}").contains("s3cret"));
        assert_eq!(target.config.get_password(), Some(&b"s3cret"[..]));
    }

    #[test]
    fn a_password_file_reference_wins_over_the_url() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pw");
        std::fs::write(&file, "from-file\n").unwrap();
        let target = ClusterTarget::new(
            "postgresql://app:inline@h/db",
            &PasswordSource::File(file.clone()),
        )
        .unwrap();
        assert_eq!(target.config.get_password(), Some(&b"from-file"[..]));
        let missing = ClusterTarget::new(
            "postgresql://app@h/db",
            &PasswordSource::File(dir.path().join("nope")),
        )
        .unwrap_err();
        assert!(missing.to_string().contains("cluster password file"));
    }

    fn entry(keys: [Option<&str>; 4], password: &str) -> Option<PassfileEntry> {
        Some(PassfileEntry {
            keys: keys.map(|k| k.map(str::to_string)),
            password: password.into(),
        })
    }

    #[test]
    fn pgpass_lines_match_with_wildcards_and_escapes() {
        assert_eq!(
            parse_pgpass(r"h:5432:*:u:pa\:ss"),
            entry([Some("h"), Some("5432"), None, Some("u")], "pa:ss")
        );
        // An escaped star is a star, not a wildcard; a backslash escapes itself.
        assert_eq!(
            parse_pgpass(r"\*:5432:d\\b:u:pw"),
            entry([Some("*"), Some("5432"), Some(r"d\b"), Some("u")], "pw")
        );
        // The password ends at the next unescaped colon, as libpq reads it.
        assert_eq!(
            parse_pgpass("h:1:d:u:pw:ignored"),
            entry([Some("h"), Some("1"), Some("d"), Some("u")], "pw")
        );
        assert_eq!(parse_pgpass("h:1:d:u"), None);
        assert_eq!(parse_pgpass(""), None);
    }

    #[test]
    fn a_bad_url_is_named_without_its_text() {
        let e = ClusterTarget::new("postgresql://u:pw@h:notaport/db", &PasswordSource::Default)
            .unwrap_err();
        assert!(!e.to_string().contains("pw"), "{e}");
        assert!(
            e.to_string().contains("invalid value for option `port`"),
            "{e}"
        );
        let e = ClusterError::to_string(
            &ClusterTarget::new(
                "postgresql://u@h/db?passwrod=s3cret",
                &PasswordSource::Default,
            )
            .unwrap_err(),
        );
        assert!(
            e.contains("unknown option `passwrod`") && !e.contains("s3cret"),
            "{e}"
        );
    }
}
