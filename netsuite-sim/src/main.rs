//! `netsuite-sim`: the simulator as a program. Parses the command line, starts the server,
//! prints the URLs and demo credentials, waits for Ctrl-C and prints the counters.
//!
//! Exit codes: 0 after Ctrl-C, 2 when the simulator could not start (bad arguments, accounts
//! file, address in use).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = cli::Args::parse();
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("netsuite-sim: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: cli::Args) -> anyhow::Result<()> {
    let listen = args.listen;
    let tls = args.tls;
    let cert_out = args.cert_out.clone();
    let config = args.into_config().map_err(anyhow::Error::msg)?;
    let demo = cli::is_demo(&config);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let sim = netsuite_sim::Simulator::builder()
            .config(config)
            .listen(listen)
            .tls(tls)
            .start()
            .await?;
        if let (Some(path), Some(pem)) = (&cert_out, sim.certificate_pem()) {
            std::fs::write(path, pem)?;
        }
        print_banner(&sim, demo);
        tokio::signal::ctrl_c().await?;
        let counters = sim.counters();
        sim.shutdown().await;
        println!("{}", serde_json::to_string_pretty(&counters)?);
        Ok(())
    })
}

fn print_banner(sim: &netsuite_sim::SimHandle, demo: bool) {
    let newest = netsuite_sim::version::NEWEST;
    println!("netsuite-sim listening on {}", sim.base_url());
    println!("  generic endpoint   {}", sim.service_url(newest));
    println!(
        "  versions           {} … {}",
        netsuite_sim::version::OLDEST.tag(),
        newest.tag()
    );
    if sim.certificate_pem().is_some() {
        println!("  TLS                self-signed certificate for localhost/127.0.0.1");
    }
    for a in sim.accounts() {
        println!("account {}", a.id);
        if let Some(base) = sim.account_base_url(&a.id) {
            println!(
                "  domain             {base}/services/NetSuitePort_{}",
                newest.tag()
            );
        }
        println!("  or Host header     {}", sim.account_host(&a.id));
        println!("  concurrency limit  {}", a.concurrency_limit);
        for t in &a.tokens {
            println!(
                "  token              consumer key {}  token id {}",
                t.consumer_key, t.token_id
            );
            if demo {
                println!(
                    "                     consumer secret {}  token secret {}",
                    t.consumer_secret, t.token_secret
                );
            }
        }
        for u in &a.users {
            if demo {
                println!(
                    "  user               {} / {} (role {}; endpoints before 2020.2)",
                    u.email, u.password, u.role
                );
            } else {
                println!("  user               {} (role {})", u.email, u.role);
            }
        }
        if !a.application_ids.is_empty() {
            println!("  application ids    {}", a.application_ids.join(", "));
        }
    }
    println!("Ctrl-C stops the simulator and prints the counters.");
}
