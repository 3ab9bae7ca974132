//! What can go wrong with the cluster database, in words an operator acts on.

/// A cluster failure. Messages name the database as `user@host:port/db`, never its password.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClusterError {
    /// The cluster URL cannot be read.
    #[error("{0}")]
    Url(String),
    /// A named password reference cannot be read.
    #[error("{0}")]
    Password(String),
    /// The database server cannot be reached (down, wrong host or port, network).
    #[error("cannot reach the cluster database {target}: {reason}")]
    Unreachable {
        /// `user@host:port/db`.
        target: String,
        /// Why, in the driver's words.
        reason: String,
    },
    /// The server refused the user or password.
    #[error("the cluster database {target} refused the login: {reason}")]
    Login {
        /// `user@host:port/db`.
        target: String,
        /// The server's words.
        reason: String,
    },
    /// The database has a newer schema than this program knows.
    #[error(
        "the cluster database has schema version {found}, newer than this host-runner knows \
         ({known}): upgrade host-runner on this machine"
    )]
    SchemaNewer {
        /// The database's version.
        found: i32,
        /// The newest version this program knows.
        known: i32,
    },
    /// The database has an older schema (or none): migrations are due.
    #[error(
        "the cluster database has schema version {found}, older than this host-runner needs \
         ({known}): run `host-runner cluster migrate --cluster <URL>`"
    )]
    SchemaOlder {
        /// The database's version (0: never migrated).
        found: i32,
        /// The version this program needs.
        known: i32,
    },
    /// A statement failed, or the connection was lost while it ran.
    #[error("cluster database: {what}: {reason}")]
    Statement {
        /// What was being done.
        what: String,
        /// The server's or driver's words.
        reason: String,
        /// True when the connection was lost (retry after reconnecting).
        lost: bool,
    },
    /// Something the cluster holds is not as asked (an unknown execution, say).
    #[error("{0}")]
    Invalid(String),
}

impl ClusterError {
    /// True when the database could not be reached or the connection dropped: worth trying
    /// again after a pause, unlike a refused login or a schema mismatch.
    pub fn is_connection_lost(&self) -> bool {
        matches!(
            self,
            ClusterError::Unreachable { .. } | ClusterError::Statement { lost: true, .. }
        )
    }

    /// `Statement` from a driver error while doing `what`.
    pub(crate) fn statement(what: impl Into<String>, e: &tokio_postgres::Error) -> ClusterError {
        ClusterError::Statement {
            what: what.into(),
            reason: reason(e),
            lost: e.is_closed()
                || e.as_db_error().is_none_or(|db| {
                    db.code().code().starts_with("57P") || db.code().code().starts_with("08")
                }),
        }
    }
}

/// What turns a driver error into [`ClusterError::Statement`] while doing `what`:
/// `.map_err(doing("claiming a batch"))`.
pub(crate) fn doing(what: &str) -> impl Fn(tokio_postgres::Error) -> ClusterError + '_ {
    move |e| ClusterError::statement(what, &e)
}

/// The server's message (with its hint) or the driver's chain of causes.
pub(crate) fn reason(e: &tokio_postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return match db.hint() {
            Some(hint) => format!("{} ({hint})", db.message()),
            None => db.message().to_string(),
        };
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    text
}
