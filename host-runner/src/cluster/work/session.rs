//! The sessions of a node: per execution, the stored process read and checked as `run`
//! reads a process file, its connector loaded, its connection configured and its operation
//! prepared, once, for all the execution's batches this node runs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use connector_api::OperationBox;
use tokio::runtime::Handle;

use super::retrying;
use super::runner::NodeOptions;
use crate::cluster::{ClusterError, Database};
use crate::connect::{self, OpenOptions, Session};
use crate::process_file::{self, FlowSettings, Params, ProcessFile};

/// Sessions by execution.
pub(crate) type Sessions = Mutex<HashMap<i64, Arc<Prepared>>>;

/// A session ready for an execution's batches.
pub(crate) struct Prepared {
    // Declared before the session: the operation must go before its connection.
    pub(crate) operation: OperationBox,
    /// The process's flow settings, with one unit (a node's units are its batches).
    pub(crate) flow: FlowSettings,
    _session: Session,
}

/// The session of `execution`, made on first use.
pub(crate) fn session(
    runtime: &Handle,
    db: &Database,
    options: &NodeOptions,
    sessions: &Sessions,
    execution: i64,
) -> Result<Arc<Prepared>, String> {
    if let Some(p) = sessions
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&execution)
    {
        return Ok(Arc::clone(p));
    }
    let file = runtime
        .block_on(retrying("reading an execution", || load(db, execution)))
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    let open = OpenOptions {
        connectors: options.connectors.clone(),
        log_level: options.log_level,
        transport: options.transport.clone(),
        ..OpenOptions::default()
    };
    let session = connect::open(&file.connection, &open).map_err(|e| e.to_string())?;
    let operation = connect::prepare(&session, &file.operation, &file.operation_origin)
        .map_err(|e| e.to_string())?;
    let prepared = Arc::new(Prepared {
        operation,
        flow: FlowSettings {
            units: 1,
            ..file.flow
        },
        _session: session,
    });
    sessions
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(execution, Arc::clone(&prepared));
    Ok(prepared)
}

/// The stored process of `execution`, read and checked as `run` reads a process file.
async fn load(
    db: &Database,
    execution: i64,
) -> Result<Result<ProcessFile, crate::RunError>, ClusterError> {
    let client = db.client().await?;
    let row = client
        .query_opt(
            "SELECT process_path, process_text, connection_path, connection_text, params
             FROM cluster_executions WHERE id = $1",
            &[&execution],
        )
        .await
        .map_err(|e| ClusterError::statement("reading an execution", &e))?
        .ok_or_else(|| ClusterError::Invalid(format!("no execution {execution}")))?;
    let process_path = PathBuf::from(row.get::<_, String>(0));
    let mut texts = HashMap::new();
    texts.insert(process_path.clone(), row.get::<_, String>(1));
    if let (Some(path), Some(text)) = (
        row.get::<_, Option<String>>(2),
        row.get::<_, Option<String>>(3),
    ) {
        texts.insert(PathBuf::from(path), text);
    }
    let params: Vec<(String, String)> =
        serde_json::from_str(row.get::<_, &str>(4)).unwrap_or_default();
    Ok(process_file::load_stored_process_file(
        Path::new(&process_path),
        &Params::new(params),
        &texts,
    ))
}
