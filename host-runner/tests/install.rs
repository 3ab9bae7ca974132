//! The installed layout: scripts/dist.sh packs this test build's own host-runner and NetSuite
//! connector, the tarball is unpacked elsewhere, and the unpacked host-runner finds its
//! connector through the search path (`<exe dir>/../lib/host-runner/connectors`,
//! HOST_RUNNER_CONNECTORS, a connection's bare `library`) from any working directory.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use support::{ndjson, outcomes, write};

/// The examples inside the unpacked tree.
const EXAMPLES: &str = "share/doc/host-runner/examples";

/// What scripts/dist.sh made from this build, made once for every test.
struct Dist {
    tarball: PathBuf,
    /// What the script printed on stdout.
    printed: String,
    /// The tarball unpacked, as into ~/.local.
    prefix: PathBuf,
}

fn dist() -> &'static Dist {
    static DIST: OnceLock<Dist> = OnceLock::new();
    DIST.get_or_init(|| {
        // Kept for the whole test run.
        let dir = tempfile::tempdir().unwrap().keep();
        let exe = Path::new(env!("CARGO_BIN_EXE_host-runner"));
        let profile_dir = exe.parent().unwrap();
        let profile = profile_dir.file_name().unwrap().to_str().unwrap();
        let target_dir = profile_dir.parent().unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/dist.sh");
        let out = Command::new("bash")
            .arg(&script)
            .args(["--no-build", "--profile", profile, "--target-dir"])
            .arg(target_dir)
            .arg("--out")
            .arg(dir.join("dist"))
            .output()
            .expect("bash runs scripts/dist.sh");
        let printed = text(&out.stdout);
        assert!(
            out.status.success(),
            "scripts/dist.sh failed:\n{printed}{}",
            text(&out.stderr)
        );
        let tarball = printed
            .lines()
            .next()
            .map(PathBuf::from)
            .expect("dist.sh prints the tarball first");
        let prefix = dir.join("prefix");
        std::fs::create_dir_all(&prefix).unwrap();
        let status = Command::new("tar")
            .arg("-xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(&prefix)
            .status()
            .expect("tar runs");
        assert!(status.success(), "cannot unpack {}", tarball.display());
        Dist {
            tarball,
            printed,
            prefix,
        }
    })
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `binary` from `cwd` with nothing from the test's environment pointing at connectors:
/// cargo runs tests with LD_LIBRARY_PATH naming target/<profile>/deps, where the system's
/// library search would find the connector as no user's would.
fn run_in(cwd: &Path, binary: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(binary);
    command
        .current_dir(cwd)
        .args(args)
        .env_remove("RUST_LOG")
        .env_remove("HOST_RUNNER_CONNECTORS")
        .env_remove("LD_LIBRARY_PATH")
        .env_remove("DYLD_LIBRARY_PATH");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("host-runner runs")
}

/// The installed binary alone in a folder of its own, as `cargo install` or a copy leaves it.
fn lone_binary(dir: &Path) -> PathBuf {
    let lone = dir.join("elsewhere/bin/host-runner");
    std::fs::create_dir_all(lone.parent().unwrap()).unwrap();
    let installed = dist().prefix.join("bin/host-runner");
    if std::fs::hard_link(&installed, &lone).is_err() {
        std::fs::copy(&installed, &lone).unwrap();
    }
    lone
}

#[test]
fn the_tarball_holds_the_binary_connector_man_pages_completions_and_docs() {
    let dist = dist();
    let name = dist.tarball.file_name().unwrap().to_str().unwrap();
    assert!(
        name.starts_with(&format!("host-runner-{}-", env!("CARGO_PKG_VERSION")))
            && name.ends_with(".tar.gz"),
        "{name}"
    );
    let listing = Command::new("tar")
        .arg("-tzf")
        .arg(&dist.tarball)
        .output()
        .unwrap();
    let listing = text(&listing.stdout);
    for entry in [
        "bin/host-runner",
        "lib/host-runner/connectors/libnetsuite_connector.so",
        "share/man/man1/host-runner.1",
        "share/man/man1/host-runner-run.1",
        "share/bash-completion/completions/host-runner",
        "share/zsh/site-functions/_host-runner",
        "share/fish/vendor_completions.d/host-runner.fish",
        "share/doc/host-runner/README.md",
        "share/doc/host-runner/LICENSE-MIT",
        "share/doc/host-runner/LICENSE-APACHE",
        "share/doc/host-runner/examples/query-customers.toml",
        "share/doc/host-runner/examples/connections/demo.toml",
    ] {
        assert!(
            listing.lines().any(|l| l == entry),
            "{entry} missing:\n{listing}"
        );
    }
    assert!(
        !listing.contains("examples/out/"),
        "what the examples wrote is not packed:\n{listing}"
    );

    let read = |path: &str| std::fs::read_to_string(dist.prefix.join(path)).unwrap();
    assert!(
        read("share/man/man1/host-runner.1").starts_with(".ie"),
        "not roff"
    );
    assert!(read("share/man/man1/host-runner.1").contains(".TH host-runner 1"));
    assert!(read("share/man/man1/host-runner-run.1").contains("grace\\-period"));
    assert!(read("share/bash-completion/completions/host-runner").contains("complete -F"));
    assert!(read("share/zsh/site-functions/_host-runner").starts_with("#compdef host-runner"));
    assert!(read("share/fish/vendor_completions.d/host-runner.fish")
        .contains("complete -c host-runner"));
    assert!(read("share/doc/host-runner/LICENSE-MIT").contains("the host-runner authors"));

    // It says how to install it.
    for words in ["-C ~/.local", "-C /usr/local", "tar -xzf"] {
        assert!(dist.printed.contains(words), "{words}:\n{}", dist.printed);
    }
}

#[test]
fn the_unpacked_tree_runs_the_main_job_from_another_working_directory() {
    let dist = dist();
    let elsewhere = tempfile::tempdir().unwrap();
    let process = dist.prefix.join(EXAMPLES).join("query-customers.toml");
    let out = run_in(
        elsewhere.path(),
        &dist.prefix.join("bin/host-runner"),
        &["run", process.to_str().unwrap(), "--progress", "off"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // examples/connections/demo.toml seeds 250 customers in the demo account.
    let lines = ndjson(&dist.prefix.join(EXAMPLES).join("out/customers.ndjson"));
    let customers = lines.iter().filter(|l| l.get("document").is_some()).count();
    assert_eq!(customers, 250);
    let outcomes = outcomes(&lines);
    assert_eq!(outcomes.len(), 1);
    assert_eq!(outcomes[&1]["outcome"], "SUCCESS", "{:?}", outcomes[&1]);
    assert!(
        std::fs::read_dir(elsewhere.path())
            .unwrap()
            .next()
            .is_none(),
        "nothing is written to the working directory"
    );
}

#[test]
fn connectors_lists_the_installed_netsuite_connector_also_through_a_link() {
    let dist = dist();
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("host-runner");
    std::os::unix::fs::symlink(dist.prefix.join("bin/host-runner"), &link).unwrap();
    for binary in [dist.prefix.join("bin/host-runner"), link] {
        let out = run_in(dir.path(), &binary, &["connectors"], &[]);
        let stdout = text(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {stdout}{}",
            binary.display(),
            text(&out.stderr)
        );
        let line = stdout
            .lines()
            .find(|l| l.starts_with("netsuite "))
            .unwrap_or_else(|| panic!("{}: no netsuite in:\n{stdout}", binary.display()));
        assert!(
            line.ends_with("lib/host-runner/connectors/libnetsuite_connector.so"),
            "{line}"
        );
    }
}

#[test]
fn a_lone_binary_says_where_it_looked_and_finds_connectors_through_the_environment() {
    let dist = dist();
    let dir = tempfile::tempdir().unwrap();
    let lone = lone_binary(dir.path());
    let process = dist.prefix.join(EXAMPLES).join("server-time.toml");
    let args = ["run", process.to_str().unwrap(), "--progress", "off"];

    let out = run_in(dir.path(), &lone, &args, &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let bin = lone.parent().unwrap();
    for words in [
        "no connector named \"netsuite\"".to_string(),
        format!("{} (host-runner's folder): no library", bin.display()),
        format!(
            "{} (host-runner's folder/deps): does not exist",
            bin.join("deps").display()
        ),
        format!(
            "{} (<exe dir>/../lib/host-runner/connectors): does not exist",
            dir.path()
                .join("elsewhere/lib/host-runner/connectors")
                .display()
        ),
        "scripts/dist.sh".to_string(),
        "--connectors <PATH>".to_string(),
        "HOST_RUNNER_CONNECTORS=<DIR>".to_string(),
    ] {
        assert!(stderr.contains(&words), "{words:?} missing from:\n{stderr}");
    }

    // A folder that does not exist first, then the installed connectors: `:`-separated.
    let connectors = dist.prefix.join("lib/host-runner/connectors");
    let value = format!(
        "{}:{}",
        dir.path().join("nothing").display(),
        connectors.display()
    );
    let out = run_in(
        dir.path(),
        &lone,
        &args,
        &[("HOST_RUNNER_CONNECTORS", &value)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("\"outcome\":\"SUCCESS\""),
        "{}",
        text(&out.stdout)
    );

    // The listing follows the same path.
    let out = run_in(
        dir.path(),
        &lone,
        &["connectors"],
        &[("HOST_RUNNER_CONNECTORS", &value)],
    );
    assert!(
        text(&out.stdout).starts_with("netsuite "),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_bare_library_name_is_the_file_beside_the_connection_file() {
    let dist = dist();
    let dir = tempfile::tempdir().unwrap();
    let lone = lone_binary(dir.path());
    let jobs = dir.path().join("jobs");
    std::fs::create_dir_all(&jobs).unwrap();
    std::fs::copy(
        dist.prefix
            .join("lib/host-runner/connectors/libnetsuite_connector.so"),
        jobs.join("libnetsuite_connector.so"),
    )
    .unwrap();
    write(
        &jobs,
        "conn.toml",
        "connector = \"netsuite\"\nlibrary = \"libnetsuite_connector.so\"\n",
    );
    let process = write(
        &jobs,
        "time.toml",
        "connection = \"conn.toml\"\n[operation]\naction = \"EXECUTE\"\nfunction = \"getServerTime\"\n",
    );

    // From the file's own folder (where a bare name used to reach the system's library
    // search path) and from elsewhere.
    for (cwd, path) in [
        (jobs.clone(), PathBuf::from("time.toml")),
        (dir.path().to_path_buf(), process),
    ] {
        let out = run_in(
            &cwd,
            &lone,
            &["run", path.to_str().unwrap(), "--progress", "off"],
            &[],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "from {}: {}",
            cwd.display(),
            text(&out.stderr)
        );
    }

    // A library that is not there is named by its absolute path, against the connection file.
    write(
        &jobs,
        "conn.toml",
        "connector = \"netsuite\"\nlibrary = \"libnone.so\"\n",
    );
    let out = run_in(
        &jobs,
        &lone,
        &["run", "time.toml", "--progress", "off"],
        &[],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let expected = format!(
        "conn.toml: library: {} does not exist",
        jobs.join("libnone.so").display()
    );
    assert!(
        stderr.contains(&expected),
        "{expected:?} missing from:\n{stderr}"
    );
}
