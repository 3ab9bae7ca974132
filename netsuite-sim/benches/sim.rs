//! Criterion benchmarks of the simulator on loopback (see `support/mod.rs`): requests per
//! second for `get` of one customer and for a `search` answered with a page of 1,000
//! customers, one keep-alive client sending one request after another.
//!
//! `cargo bench -p netsuite-sim --bench sim`; throughput is in requests (elements). The whole
//! table comes from `cargo bench -p host-runner --bench suite`; see BENCHMARKS.md.

mod support;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use support::{Client, Request};

const CUSTOMERS: usize = 10_000;

fn requests(c: &mut Criterion) {
    let sim = support::start(CUSTOMERS);
    let mut client = Client::connect(&sim, CUSTOMERS);
    let mut group = c.benchmark_group("simulator on loopback");
    group.throughput(Throughput::Elements(1));
    group.bench_function("get: one customer", |b| {
        b.iter(|| client.send(Request::Get))
    });
    group.finish();
    let mut group = c.benchmark_group("simulator on loopback, search");
    group.throughput(Throughput::Elements(1));
    group.sample_size(20);
    group.bench_function("search: page of 1,000 customers", |b| {
        b.iter(|| client.send(Request::SearchPage))
    });
    group.finish();
    drop(client);
    sim.shutdown();
}

criterion_group!(benches, requests);
criterion_main!(benches);
