//! Benchmarks of the schema registry: loading NetSuite's 2023.2 WSDL/XSD set.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use netsuite_connector::schema::SchemaRegistry;
use netsuite_connector::version::Version;

fn xsd_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/suitetalk/xsd")
}

fn load_2023_2(c: &mut Criterion) {
    let folder = xsd_root().join("2023_2");
    if !folder.is_dir() {
        eprintln!("skipping: no schema set at {}", folder.display());
        return;
    }
    let version = Version::parse("2023.2").expect("version");
    c.bench_function("schema registry: load 2023.2", |b| {
        b.iter(|| SchemaRegistry::load_folder(&folder, version).expect("load"))
    });
}

criterion_group!(benches, load_2023_2);
criterion_main!(benches);
