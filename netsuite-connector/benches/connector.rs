//! Criterion micro-benchmarks of the connector's hot paths (see `support/mod.rs`):
//!
//! - turning a 1,000-record search page into output documents (the Query operation, in
//!   process, answered with a captured simulator response), next to roxmltree alone parsing
//!   the same bytes (the floor);
//! - building and signing a 100-record upsertList request (the Upsert operation).
//!
//! `cargo bench -p netsuite-connector --bench connector`; throughput is in records (elements).
//! The whole table (these figures included) comes from `cargo bench -p host-runner --bench
//! suite`; see BENCHMARKS.md.

mod support;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use support::{parse_floor, PageBench, UpsertBench};

fn parse_page(c: &mut Criterion) {
    let bench = PageBench::new(1000);
    let mut group = c.benchmark_group("search page, 1,000 customers");
    group.sample_size(20);
    group.throughput(Throughput::Elements(bench.records as u64));
    group.bench_function("roxmltree parse only (floor)", |b| {
        b.iter(|| parse_floor(&bench.response))
    });
    group.bench_function("connector: page to output documents", |b| {
        b.iter(|| bench.run().outputs)
    });
    group.finish();
}

fn build_upsert(c: &mut Criterion) {
    let bench = UpsertBench::new(100);
    let mut group = c.benchmark_group("upsertList, 100 customers");
    group.throughput(Throughput::Elements(bench.records as u64));
    group.bench_function("connector: build and sign the request", |b| {
        b.iter(|| bench.run().outcomes)
    });
    group.finish();
}

criterion_group!(benches, parse_page, build_upsert);
criterion_main!(benches);
