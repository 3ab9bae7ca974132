//! The cluster's versioned schema: numbered SQL files under `host-runner/migrations/`,
//! applied in order by `host-runner cluster migrate`, each in its own transaction and
//! recorded in `cluster_schema_migrations`. Every process that joins checks the version: a
//! newer schema than it knows is refused (an older host-runner must not write to tables it
//! does not understand), an older one asks for `cluster migrate`.

use super::{ClusterError, Database};

/// One schema step.
#[derive(Debug)]
pub struct Migration {
    /// Its number, from 1, without gaps.
    pub version: i32,
    /// What it adds, in a few words.
    pub name: &'static str,
    sql: &'static str,
}

/// Every migration this program knows, in order.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "nodes",
        sql: include_str!("../../migrations/0001_nodes.sql"),
    },
    Migration {
        version: 2,
        name: "executions",
        sql: include_str!("../../migrations/0002_executions.sql"),
    },
    Migration {
        version: 3,
        name: "permits",
        sql: include_str!("../../migrations/0003_permits.sql"),
    },
];

/// The schema version this program needs and writes.
pub fn known() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

const LEDGER: &str = "CREATE TABLE IF NOT EXISTS cluster_schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)";

/// The database's schema version (0 when it was never migrated).
///
/// # Errors
///
/// When the database cannot be read.
pub async fn current(db: &Database) -> Result<i32, ClusterError> {
    let client = db.client().await?;
    let row = client
        .query_one(
            "SELECT to_regclass('cluster_schema_migrations') IS NOT NULL",
            &[],
        )
        .await
        .map_err(|e| ClusterError::statement("reading the schema version", &e))?;
    if !row.get::<_, bool>(0) {
        return Ok(0);
    }
    let row = client
        .query_one(
            "SELECT coalesce(max(version), 0) FROM cluster_schema_migrations",
            &[],
        )
        .await
        .map_err(|e| ClusterError::statement("reading the schema version", &e))?;
    Ok(row.get(0))
}

/// What `migrate` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Migrated {
    /// The version before.
    pub from: i32,
    /// The version now.
    pub to: i32,
}

/// Applies every migration the database lacks. Concurrent calls are serialised by an
/// advisory lock, so two nodes migrating at once apply each step once.
///
/// # Errors
///
/// [`ClusterError::SchemaNewer`] when the database is ahead of this program; a statement
/// error when a step fails (that step is rolled back, earlier ones stay).
pub async fn migrate(db: &Database) -> Result<Migrated, ClusterError> {
    let mut client = db.client().await?;
    let fail = |what: String| move |e: tokio_postgres::Error| ClusterError::statement(what, &e);
    client
        .batch_execute(LEDGER)
        .await
        .map_err(fail("creating the migrations ledger".into()))?;
    let mut from = None;
    let mut to = 0;
    for step in MIGRATIONS {
        let tx = client
            .transaction()
            .await
            .map_err(fail("starting a migration".into()))?;
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.cluster_migrate'))",
            &[],
        )
        .await
        .map_err(fail("locking the schema".into()))?;
        let found: i32 = tx
            .query_one(
                "SELECT coalesce(max(version), 0) FROM cluster_schema_migrations",
                &[],
            )
            .await
            .map_err(fail("reading the schema version".into()))?
            .get(0);
        from.get_or_insert(found);
        if found > known() {
            return Err(ClusterError::SchemaNewer {
                found,
                known: known(),
            });
        }
        if found >= step.version {
            to = found;
            continue;
        }
        tx.batch_execute(step.sql).await.map_err(fail(format!(
            "applying migration {} ({})",
            step.version, step.name
        )))?;
        tx.execute(
            "INSERT INTO cluster_schema_migrations (version, name) VALUES ($1, $2)",
            &[&step.version, &step.name],
        )
        .await
        .map_err(fail("recording a migration".into()))?;
        tx.commit()
            .await
            .map_err(fail(format!("committing migration {}", step.version)))?;
        tracing::info!(
            version = step.version,
            name = step.name,
            "cluster migration applied"
        );
        to = step.version;
    }
    Ok(Migrated {
        from: from.unwrap_or(0),
        to,
    })
}

/// Refuses a database whose schema is not the one this program knows.
///
/// # Errors
///
/// [`ClusterError::SchemaNewer`] or [`ClusterError::SchemaOlder`].
pub async fn check(db: &Database) -> Result<(), ClusterError> {
    let found = current(db).await?;
    let known = known();
    match found.cmp(&known) {
        std::cmp::Ordering::Greater => Err(ClusterError::SchemaNewer { found, known }),
        std::cmp::Ordering::Less => Err(ClusterError::SchemaOlder { found, known }),
        std::cmp::Ordering::Equal => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_count_from_one_without_gaps() {
        for (i, step) in MIGRATIONS.iter().enumerate() {
            assert_eq!(step.version, i as i32 + 1, "{}", step.name);
        }
    }
}
