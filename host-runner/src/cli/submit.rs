//! `host-runner submit <PROCESS FILE> --cluster <URL>`: stage an execution for the cluster's
//! nodes, print its id, and with `--wait` follow it to its end and exit as `run` would.

use std::io::BufReader;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use host_runner::cluster::work::{stage, status, PROGRESS_CHANNEL};
use host_runner::cluster::{migrate, ClusterError, Database};
use host_runner::error::{EXIT_FAILED, EXIT_OK};
use host_runner::plan::{Overrides, Plan};
use host_runner::process_file::InputSpec;

use super::cluster::ClusterArgs;
use super::run::cannot_run;

/// Options of `submit`.
#[derive(Debug, Args)]
pub(crate) struct SubmitArgs {
    /// The process file (TOML), checked as `run` checks it before anything is staged.
    #[arg(value_name = "PROCESS FILE")]
    process_file: PathBuf,

    /// The cluster database.
    #[command(flatten)]
    cluster: ClusterArgs,

    /// The value of `${param.NAME}` in the process file, as NAME=VALUE (repeatable), as for
    /// `run`. Stored with the execution: each node fills the placeholders itself.
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = super::parse_substitution)]
    params: Vec<(String, String)>,

    /// Input documents per batch (a batch is what a node claims, and what another node takes
    /// over when that node dies).
    #[arg(long, value_name = "N", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    documents_per_batch: u32,

    /// Follow the execution to its end, then exit as `run` does: 0 when every document
    /// succeeded, 1 when some did not.
    #[arg(long)]
    wait: bool,
}

pub(crate) fn run(args: SubmitArgs) -> anyhow::Result<ExitCode> {
    let target = args.cluster.required()?;
    let process_path = std::path::absolute(&args.process_file)?;
    let overrides = Overrides {
        params: host_runner::process_file::Params::new(args.params.clone()),
        ..Overrides::default()
    };
    let plan = match Plan::from_process_file(&process_path, &overrides) {
        Ok(plan) => plan,
        Err(e) => return Ok(cannot_run(&e)),
    };
    if plan.state.is_some() {
        anyhow::bail!(
            "{}: an incremental process ([state]) cannot be submitted to the cluster yet (its \
             cursor lives in a file of one machine): run it with `host-runner run`",
            args.process_file.display()
        );
    }
    let process_text = std::fs::read_to_string(&process_path)?;
    let connection_file = plan.connection.file();
    let connection = if connection_file == process_path {
        None
    } else {
        Some((
            connection_file.to_path_buf(),
            std::fs::read_to_string(connection_file)?,
        ))
    };
    let submission = stage::Submission {
        name: plan.name.clone(),
        process_path,
        process_text,
        connection,
        params: args.params,
    };
    let input = match &plan.input {
        InputSpec::None => stage::Input::None,
        InputSpec::Stdin => stage::Input::Lines(Box::new(BufReader::new(std::io::stdin()))),
        InputSpec::File(path) => {
            let file = std::fs::File::open(path)
                .map_err(|e| anyhow::anyhow!("cannot open the input {}: {e}", path.display()))?;
            stage::Input::Lines(Box::new(BufReader::with_capacity(64 * 1024, file)))
        }
    };
    let per_batch = args.documents_per_batch as usize;
    let max_line_bytes = plan.flow.max_line_bytes;
    let wait = args.wait;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let db = Database::connect(&target, 2).await?;
        migrate::check(&db).await?;
        let staged = stage::stage(&db, &submission, input, per_batch, max_line_bytes).await?;
        println!("{}", staged.id);
        eprintln!(
            "host-runner: submitted \"{}\" as execution {} to {target}: {} documents in {} batches",
            submission.name, staged.id, staged.documents, staged.batches
        );
        if !wait {
            return Ok(ExitCode::SUCCESS);
        }
        follow(&db, staged.id).await
    })
}

/// Prints progress as batches finish (woken by NOTIFY, with a slow fallback) and returns
/// `run`'s exit code once the execution is finished.
async fn follow(db: &Database, id: i64) -> anyhow::Result<ExitCode> {
    let mut listener = None;
    let mut shown = None;
    let mut refusals_shown = 0;
    loop {
        if listener.is_none() {
            listener = db.listen(&[db.channel(PROGRESS_CHANNEL)]).await.ok();
        }
        let rows = match status::executions(db, Some(id)).await {
            Ok(rows) => rows,
            Err(e) if e.is_connection_lost() => {
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let Some(row) = rows.into_iter().next() else {
            return Err(ClusterError::Invalid(format!("execution {id} is gone (pruned?)")).into());
        };
        let line = format!(
            "execution {id}: {}/{} batches, {} SUCCESS, {} APPLICATION_ERROR, {} FAILURE of {} documents",
            row["batches_done"], row["batches"], row["SUCCESS"], row["APPLICATION_ERROR"],
            row["FAILURE"], row["documents"]
        );
        if shown.as_ref() != Some(&line) {
            eprintln!("host-runner: {line}");
            shown = Some(line);
        }
        // A node that cannot run the process (a secret it cannot resolve, no connector) leaves
        // it to the others: say so at once rather than wait in silence.
        if let Ok(refusals) = status::refusals(db, id).await {
            for (node, reason) in refusals.iter().skip(refusals_shown) {
                eprintln!(
                    "host-runner: execution {id}: node {node} cannot run it, leaving it to other \
                     nodes: {reason}"
                );
            }
            refusals_shown = refusals_shown.max(refusals.len());
        }
        if row["state"] == "finished" {
            let all = row["SUCCESS"].as_i64() == row["documents"].as_i64();
            return Ok(ExitCode::from(if all { EXIT_OK } else { EXIT_FAILED }));
        }
        let notified = async {
            match listener.as_mut() {
                Some(rx) => rx.recv().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            message = notified => if message.is_none() { listener = None },
            () = tokio::time::sleep(Duration::from_secs(5)) => {}
        }
    }
}
