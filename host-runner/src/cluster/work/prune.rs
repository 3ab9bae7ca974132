//! `host-runner cluster prune --older-than AGE`: retention. Deletes executions that finished
//! before then (with their batches, attempts and outputs) and the rows of nodes stopped
//! before then. Running executions and live nodes are never touched.

use std::time::Duration;

use crate::cluster::{ClusterError, Database};

/// What was deleted.
#[derive(Debug, Default)]
pub struct Pruned {
    /// The executions' ids.
    pub executions: Vec<i64>,
    /// Stopped nodes' rows.
    pub nodes: u64,
}

/// Deletes what finished or stopped more than `older_than` ago.
///
/// # Errors
///
/// When the database refuses.
pub async fn prune(db: &Database, older_than: Duration) -> Result<Pruned, ClusterError> {
    let fail = |e: tokio_postgres::Error| ClusterError::statement("pruning the cluster", &e);
    let mut client = db.client().await?;
    let tx = client.transaction().await.map_err(fail)?;
    let seconds = older_than.as_secs_f64();
    let executions = tx
        .query(
            "DELETE FROM cluster_executions
             WHERE finished_at < now() - $1 * interval '1 second' RETURNING id",
            &[&seconds],
        )
        .await
        .map_err(fail)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let nodes = tx
        .execute(
            "DELETE FROM cluster_nodes
             WHERE state = 'stopped' AND stopped_at < now() - $1 * interval '1 second'",
            &[&seconds],
        )
        .await
        .map_err(fail)?;
    tx.commit().await.map_err(fail)?;
    Ok(Pruned { executions, nodes })
}

/// `7d`, `12h`, `30m` or `45s`.
///
/// # Errors
///
/// A message saying what is expected.
pub fn parse_age(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text.len().saturating_sub(1);
    let (number, unit) = text.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("expected an age such as 7d, 12h or 30m, got {text:?}"))?;
    let seconds = match unit {
        "d" => 86_400,
        "h" => 3_600,
        "m" => 60,
        "s" => 1,
        _ => {
            return Err(format!(
                "expected an age such as 7d, 12h or 30m, got {text:?}"
            ))
        }
    };
    Ok(Duration::from_secs(n.saturating_mul(seconds)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_in_days_hours_minutes_and_seconds() {
        assert_eq!(parse_age("7d"), Ok(Duration::from_secs(7 * 86_400)));
        assert_eq!(parse_age("12h"), Ok(Duration::from_secs(12 * 3_600)));
        assert_eq!(parse_age("30m"), Ok(Duration::from_secs(1_800)));
        assert_eq!(parse_age("0s"), Ok(Duration::ZERO));
        assert!(parse_age("7 days").is_err());
        assert!(parse_age("").is_err());
    }
}
