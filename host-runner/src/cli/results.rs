//! `host-runner results ID --cluster <URL> [-o FILE]`: an execution's NDJSON, exactly as
//! `run` writes it, ordered by input number.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use host_runner::cluster::work::results;
use host_runner::cluster::{migrate, Database};

use super::cluster::{block_on, ClusterArgs};

/// Options of `results`.
#[derive(Debug, Args)]
pub(crate) struct ResultsArgs {
    /// The execution (its id, as `submit` printed it).
    #[arg(value_name = "ID")]
    id: i64,

    /// Write to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// The cluster database.
    #[command(flatten)]
    cluster: ClusterArgs,
}

pub(crate) fn run(args: ResultsArgs) -> anyhow::Result<ExitCode> {
    let target = args.cluster.required()?;
    // A file is written beside its target and renamed over it only when every line is in:
    // an unknown id, a database that cannot be reached or a cut connection never leaves an
    // earlier results file truncated or half written.
    let mut file = match &args.output {
        Some(path) => {
            let folder = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            Some(
                tempfile::Builder::new()
                    .prefix(".results-")
                    .tempfile_in(folder)
                    .map_err(|e| anyhow::anyhow!("cannot write in {}: {e}", folder.display()))?,
            )
        }
        None => None,
    };
    let mut out: Box<dyn Write> = match &mut file {
        Some(file) => Box::new(BufWriter::with_capacity(64 * 1024, file.as_file_mut())),
        None => Box::new(BufWriter::with_capacity(
            64 * 1024,
            std::io::stdout().lock(),
        )),
    };
    let id = args.id;
    let (lines, finished) = block_on(async move {
        let db = Database::connect(&target, 1).await?;
        migrate::check(&db).await?;
        results::write(&db, id, out.as_mut()).await
    })?;
    if let (Some(file), Some(path)) = (file, &args.output) {
        file.persist(path)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), e.error))?;
    }
    if !finished {
        eprintln!(
            "host-runner: execution {id} has not finished: these are the {lines} lines written so far"
        );
    }
    Ok(ExitCode::SUCCESS)
}
