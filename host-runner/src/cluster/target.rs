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
                plain(&e.to_string())
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
        let from_url = config.get_password().is_some();
        match password {
            PasswordSource::File(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    ClusterError::Password(format!(
                        "cannot read the cluster password file {}: {e}",
                        path.display()
                    ))
                })?;
                config.password(text.lines().next().unwrap_or(""));
            }
            PasswordSource::Env(name) => {
                let value = std::env::var(name).map_err(|_| {
                    ClusterError::Password(format!(
                        "the environment variable {name} named for the cluster password is not set"
                    ))
                })?;
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
                if let Ok(value) = std::env::var("PGPASSWORD") {
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

/// The password of the first matching line of `PGPASSFILE` (default `~/.pgpass`):
/// `host:port:database:user:password`, `*` matching anything, `\:` and `\\` escaped.
fn password_file_entry(config: &tokio_postgres::Config) -> Option<String> {
    let path = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".pgpass")))?;
    let text = std::fs::read_to_string(path).ok()?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(name)) => name.clone(),
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
        .map(split_pgpass)
        .find(|fields| {
            fields.len() == 5
                && fields[..4]
                    .iter()
                    .zip(wanted)
                    .all(|(field, want)| field == "*" || field == want)
        })
        .map(|mut fields| fields.remove(4))
}

fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(field)) = (chars.next(), fields.last_mut()) {
                    field.push(next);
                }
            }
            ':' => fields.push(String::new()),
            c => {
                if let Some(field) = fields.last_mut() {
                    field.push(c);
                }
            }
        }
    }
    fields
}

/// The driver's message without the URL's text (which could hold a password).
fn plain(message: &str) -> String {
    message
        .split(':')
        .next()
        .unwrap_or(message)
        .trim()
        .to_string()
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

    #[test]
    fn pgpass_lines_match_with_wildcards_and_escapes() {
        assert_eq!(
            split_pgpass(r"h:5432:*:u:pa\:ss"),
            vec!["h", "5432", "*", "u", "pa:ss"]
        );
    }

    #[test]
    fn a_bad_url_is_named_without_its_text() {
        let e = ClusterTarget::new("postgresql://u:pw@h:notaport/db", &PasswordSource::Default)
            .unwrap_err();
        assert!(!e.to_string().contains("pw"), "{e}");
    }
}
