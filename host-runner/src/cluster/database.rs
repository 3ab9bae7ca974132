//! The cluster database: a pool of connections for statements, and dedicated connections
//! for LISTEN.
//!
//! Connections are plain TCP (or a Unix socket): run the cluster database on a private
//! network or loopback. The schema is the connection's `current_schema()` (set it with
//! `?options=-csearch_path%3D<schema>` to keep several clusters, or tests, in one database);
//! notification channels are named after it, so clusters in one database never wake each
//! other.

use std::future::poll_fn;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio::sync::mpsc;
use tokio_postgres::{AsyncMessage, NoTls};

use super::error::reason;
use super::{ClusterError, ClusterTarget};

/// Connections to the cluster database. Cheap to clone. Use it on the tokio runtime it was
/// connected on: the pool's connections run as tasks there.
#[derive(Clone)]
pub struct Database {
    pool: Pool,
    target: ClusterTarget,
    schema: String,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("target", &self.target)
            .field("schema", &self.schema)
            .finish_non_exhaustive()
    }
}

/// A pooled connection.
pub type Client = deadpool_postgres::Object;

impl Database {
    /// Connects once (to tell an unreachable server from a refused login at once) and sets
    /// up a pool of at most `max_connections`.
    ///
    /// # Errors
    ///
    /// [`ClusterError::Unreachable`] or [`ClusterError::Login`], worded for an operator.
    pub async fn connect(
        target: &ClusterTarget,
        max_connections: usize,
    ) -> Result<Database, ClusterError> {
        let manager = Manager::from_config(
            target.config.clone(),
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(max_connections.max(1))
            .runtime(Runtime::Tokio1)
            .build()
            .map_err(|e| ClusterError::Invalid(format!("cannot set up the cluster pool: {e}")))?;
        let client = pool.get().await.map_err(|e| connect_error(target, e))?;
        let schema: String = client
            .query_one("SELECT current_schema()", &[])
            .await
            .map_err(|e| ClusterError::statement("reading the schema", &e))?
            .try_get::<_, Option<String>>(0)
            .ok()
            .flatten()
            .ok_or_else(|| {
                ClusterError::Invalid(format!(
                    "the cluster database {target} has no schema on its search path"
                ))
            })?;
        drop(client);
        Ok(Database {
            pool,
            target: target.clone(),
            schema,
        })
    }

    /// A connection from the pool.
    ///
    /// # Errors
    ///
    /// When no connection can be made ([`ClusterError::is_connection_lost`] tells whether to
    /// try again).
    pub async fn client(&self) -> Result<Client, ClusterError> {
        self.pool
            .get()
            .await
            .map_err(|e| connect_error(&self.target, e))
    }

    /// Where the database is, as `user@host:port/db`.
    pub fn target(&self) -> &ClusterTarget {
        &self.target
    }

    /// The schema the cluster's tables live in.
    pub fn schema(&self) -> &str {
        &self.schema
    }

    /// The notification channel `name` of this cluster (channels are per database, so they
    /// carry the schema).
    pub fn channel(&self, name: &str) -> String {
        format!("{}.{name}", self.schema)
    }

    /// A dedicated connection listening on `channels` (names from [`channel`](Self::channel)).
    /// Notifications arrive as `(channel, payload)`; the receiver ends when the connection is
    /// lost, and the caller listens again (after a pause) to carry on.
    ///
    /// # Errors
    ///
    /// When the connection cannot be made or LISTEN fails.
    pub async fn listen(
        &self,
        channels: &[String],
    ) -> Result<mpsc::UnboundedReceiver<(String, String)>, ClusterError> {
        let (client, mut connection) = self
            .target
            .config
            .connect(NoTls)
            .await
            .map_err(|e| classify(&self.target, &e))?;
        let statements: String = channels
            .iter()
            .map(|c| format!("LISTEN {};", quote_identifier(c)))
            .collect();
        let (tx, rx) = mpsc::unbounded_channel();
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
        // One task owns the client and its connection: the connection must be polled for the
        // LISTEN to run, and dropping either ends the other, which ends the receiver.
        tokio::spawn(async move {
            let listen = client.batch_execute(&statements);
            tokio::pin!(listen);
            let mut ready_tx = Some(ready_tx);
            loop {
                tokio::select! {
                    result = &mut listen, if ready_tx.is_some() => {
                        let failed = result.is_err();
                        if let Some(ready) = ready_tx.take() {
                            let _ = ready.send(result);
                        }
                        if failed {
                            return;
                        }
                    }
                    message = poll_fn(|cx| connection.poll_message(cx)) => match message {
                        Some(Ok(AsyncMessage::Notification(n))) => {
                            let sent = tx.send((n.channel().to_string(), n.payload().to_string()));
                            if sent.is_err() {
                                return;
                            }
                        }
                        Some(Ok(_)) => {}
                        Some(Err(e)) => {
                            tracing::debug!(error = %reason(&e), "cluster listen connection ended");
                            return;
                        }
                        None => return,
                    },
                }
            }
        });
        match ready_rx.await {
            Ok(Ok(())) => Ok(rx),
            Ok(Err(e)) => Err(ClusterError::statement("listening for notifications", &e)),
            Err(_) => Err(ClusterError::Statement {
                what: "listening for notifications".into(),
                reason: "the connection closed".into(),
                lost: true,
            }),
        }
    }
}

/// `"name"`, with embedded quotes doubled.
pub(crate) fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn connect_error(target: &ClusterTarget, e: deadpool_postgres::PoolError) -> ClusterError {
    match e {
        deadpool_postgres::PoolError::Backend(e) => classify(target, &e),
        other => ClusterError::Unreachable {
            target: target.to_string(),
            reason: other.to_string(),
        },
    }
}

/// Unreachable or refused login, from a failed connection attempt.
fn classify(target: &ClusterTarget, e: &tokio_postgres::Error) -> ClusterError {
    let text = reason(e);
    // A server starting up, shutting down or out of connections answers with an error, but
    // is not refusing the login: like an unreachable one, it is worth trying again.
    let transient = e.as_db_error().is_some_and(|db| {
        let code = db.code().code();
        code.starts_with("08") || code.starts_with("53") || code.starts_with("57P")
    });
    if transient {
        return ClusterError::Unreachable {
            target: target.to_string(),
            reason: text,
        };
    }
    let login = e
        .as_db_error()
        .is_some_and(|db| db.code().code().starts_with("28"))
        || text.contains("password missing");
    // A server shutting down, starting up or out of connections answers the login with
    // 57P01/57P03/53300: it is there but not yet usable, like one that cannot be reached
    // (worth trying again), not a refused login.
    let transient = e.as_db_error().is_some_and(|db| {
        let code = db.code().code();
        code.starts_with("57P") || code == "53300"
    });
    if transient {
        ClusterError::Unreachable {
            target: target.to_string(),
            reason: text,
        }
    } else if login {
        let reason = if text.contains("password missing") {
            "the server asks for a password and none was given (--cluster-password-file, \
             --cluster-password-env, PGPASSWORD or PGPASSFILE)"
                .to_string()
        } else {
            text
        };
        ClusterError::Login {
            target: target.to_string(),
            reason,
        }
    } else if let Some(db) = e.as_db_error() {
        // The server answered but refused for another reason (no such database, say).
        ClusterError::Login {
            target: target.to_string(),
            reason: db.message().to_string(),
        }
    } else {
        ClusterError::Unreachable {
            target: target.to_string(),
            reason: text,
        }
    }
}
