//! Latency and fault injection, per account, deterministic: a seeded xorshift generator decides
//! which requests misbehave, so a test sees the same sequence on every run.
//!
//! Kinds (see [`crate::config::FaultPlan`]): HTTP 503 page, connection dropped before or after
//! the operation is applied, transient SOAP faults (concurrency, unexpected error), a body
//! trickled slowly, a body cut off. Also the response body type ([`SimBody`]) that carries
//! trickled and truncated bodies.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};

use crate::config::FaultPlan;

/// xorshift64* seeded through splitmix64 (never zero).
#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `[0, 1)`.
    pub(crate) fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What to do to one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Injection {
    None,
    Http503,
    DropBefore,
    ConcurrencyFault,
    UnexpectedError,
    DropAfter,
    Truncate,
    SlowBody,
    /// HTTP 502 page after applying (a gateway lost NetSuite's answer).
    Gateway502After,
    /// HTTP 504 page after applying (a gateway timed out; NetSuite applied it anyway).
    Gateway504After,
}

impl Injection {
    /// The counter name of a transport-level injection.
    pub(crate) fn counter(self) -> Option<&'static str> {
        match self {
            Injection::Http503 => Some("http_503"),
            Injection::DropBefore => Some("drop_before"),
            Injection::DropAfter => Some("drop_after"),
            Injection::Truncate => Some("truncate"),
            Injection::SlowBody => Some("slow_body"),
            Injection::ConcurrencyFault => Some("concurrency_fault"),
            Injection::UnexpectedError => Some("unexpected_error"),
            Injection::Gateway502After => Some("http_502_after"),
            Injection::Gateway504After => Some("http_504_after"),
            Injection::None => None,
        }
    }
}

/// One account's injector.
#[derive(Debug)]
pub(crate) struct Injector {
    plan: FaultPlan,
    rng: Mutex<Rng>,
    gateway_injected: std::sync::atomic::AtomicU64,
}

impl Injector {
    pub(crate) fn new(plan: FaultPlan, account: &str) -> Injector {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in account.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        let rng = Mutex::new(Rng::new(plan.seed ^ h));
        Injector {
            plan,
            rng,
            gateway_injected: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// The prefix of externalIds whose writes fail after submit (see [`FaultPlan`]).
    pub(crate) fn after_submit_fail_prefix(&self) -> Option<&str> {
        self.plan
            .after_submit_fail_prefix
            .as_deref()
            .filter(|p| !p.is_empty())
    }

    /// Draws the fate of the next request of operation `op`: [`Injector::roll`], then, for a
    /// request that would be answered normally, a gateway page after applying.
    pub(crate) fn roll_for(&self, op: &str) -> Injection {
        let first = self.roll();
        if first != Injection::None {
            return first;
        }
        let p = &self.plan;
        let rate = p.http_502_after_rate + p.http_504_after_rate;
        if rate <= 0.0
            || !(p.gateway_after_ops.is_empty() || p.gateway_after_ops.iter().any(|o| o == op))
        {
            return Injection::None;
        }
        let r = self.rng().next_f64();
        let kind = if r < p.http_502_after_rate {
            Injection::Gateway502After
        } else if r < rate {
            Injection::Gateway504After
        } else {
            return Injection::None;
        };
        use std::sync::atomic::Ordering;
        let n = self.gateway_injected.fetch_add(1, Ordering::SeqCst);
        if p.gateway_after_max > 0 && n >= p.gateway_after_max {
            return Injection::None;
        }
        kind
    }

    fn rng(&self) -> std::sync::MutexGuard<'_, Rng> {
        self.rng.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Fixed latency plus jitter for the next request.
    pub(crate) fn latency(&self) -> Duration {
        let jitter = if self.plan.jitter_ms > 0 {
            self.rng().next_u64() % (self.plan.jitter_ms + 1)
        } else {
            0
        };
        Duration::from_millis(self.plan.latency_ms + jitter)
    }

    /// Draws the fate of the next request.
    pub(crate) fn roll(&self) -> Injection {
        let p = &self.plan;
        let any = p.http_503_rate
            + p.drop_before_rate
            + p.transient_fault_rate
            + p.drop_after_rate
            + p.truncate_rate
            + p.slow_body_rate;
        if any <= 0.0 {
            return Injection::None;
        }
        let mut rng = self.rng();
        let mut r = rng.next_f64();
        let table = [
            (p.http_503_rate, Injection::Http503),
            (p.drop_before_rate, Injection::DropBefore),
            (p.transient_fault_rate, Injection::ConcurrencyFault),
            (p.drop_after_rate, Injection::DropAfter),
            (p.truncate_rate, Injection::Truncate),
            (p.slow_body_rate, Injection::SlowBody),
        ];
        for (rate, kind) in table {
            if r < rate {
                if kind == Injection::ConcurrencyFault && rng.next_u64() % 2 == 1 {
                    return Injection::UnexpectedError;
                }
                return kind;
            }
            r -= rate;
        }
        Injection::None
    }

    /// The pause between two pieces of a trickled body.
    pub(crate) fn slow_interval(&self) -> Duration {
        Duration::from_millis(if self.plan.slow_body_interval_ms == 0 {
            100
        } else {
            self.plan.slow_body_interval_ms
        })
    }
}

/// A response body: whole (one write), trickled in pieces, or cut off with an error so the
/// connection closes before the announced `Content-Length`.
pub(crate) struct SimBody {
    chunks: VecDeque<Bytes>,
    len: u64,
    interval: Option<Duration>,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
    fail_at_end: bool,
}

impl SimBody {
    /// The whole body in one frame.
    pub(crate) fn full(body: impl Into<Bytes>) -> SimBody {
        let body = body.into();
        let len = body.len() as u64;
        let chunks = if body.is_empty() {
            VecDeque::new()
        } else {
            VecDeque::from([body])
        };
        SimBody {
            chunks,
            len,
            interval: None,
            sleep: None,
            fail_at_end: false,
        }
    }

    /// The body in `pieces` parts with `interval` between them.
    pub(crate) fn trickled(body: Bytes, pieces: usize, interval: Duration) -> SimBody {
        let len = body.len() as u64;
        let size = body.len().div_ceil(pieces.max(1)).max(1);
        let chunks = (0..body.len())
            .step_by(size)
            .map(|i| body.slice(i..(i + size).min(body.len())))
            .collect();
        SimBody {
            chunks,
            len,
            interval: Some(interval),
            sleep: None,
            fail_at_end: false,
        }
    }

    /// The first half of the body, then the connection closes (length still announces all).
    pub(crate) fn truncated(body: Bytes) -> SimBody {
        let len = body.len() as u64;
        let half = body.slice(..body.len() / 2);
        SimBody {
            chunks: VecDeque::from([half]),
            len,
            interval: Some(Duration::from_millis(20)),
            sleep: None,
            fail_at_end: true,
        }
    }

    /// The announced length.
    pub(crate) fn len(&self) -> u64 {
        self.len
    }
}

impl Body for SimBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        let this = &mut *self;
        if let Some(sleep) = this.sleep.as_mut() {
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            this.sleep = None;
        }
        match this.chunks.pop_front() {
            Some(chunk) => {
                if let Some(interval) = this.interval {
                    if !this.chunks.is_empty() || this.fail_at_end {
                        this.sleep = Some(Box::pin(tokio::time::sleep(interval)));
                    }
                }
                Poll::Ready(Some(Ok(Frame::data(chunk))))
            }
            None if this.fail_at_end => {
                this.fail_at_end = false;
                Poll::Ready(Some(Err(std::io::Error::other("simulated truncated body"))))
            }
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.chunks.is_empty() && !self.fail_at_end && self.sleep.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let plan = FaultPlan {
            transient_fault_rate: 0.3,
            drop_after_rate: 0.2,
            seed: 9,
            ..FaultPlan::default()
        };
        let a = Injector::new(plan.clone(), "A");
        let b = Injector::new(plan, "A");
        let xs: Vec<_> = (0..50).map(|_| a.roll()).collect();
        let ys: Vec<_> = (0..50).map(|_| b.roll()).collect();
        assert_eq!(xs, ys);
        assert!(xs.contains(&Injection::None));
        assert!(xs.contains(&Injection::DropAfter));
    }

    #[test]
    fn rates_are_roughly_honoured() {
        let plan = FaultPlan {
            http_503_rate: 0.25,
            seed: 1,
            ..FaultPlan::default()
        };
        let inj = Injector::new(plan, "B");
        let n = (0..4000)
            .filter(|_| inj.roll() == Injection::Http503)
            .count();
        assert!((800..1200).contains(&n), "{n}");
    }

    #[test]
    fn gateway_pages_only_for_the_operations_named_and_at_most_max() {
        let plan = FaultPlan {
            http_502_after_rate: 1.0,
            gateway_after_ops: vec!["addList".into()],
            gateway_after_max: 2,
            ..FaultPlan::default()
        };
        let inj = Injector::new(plan, "D");
        assert_eq!(inj.roll_for("getList"), Injection::None);
        assert_eq!(inj.roll_for("addList"), Injection::Gateway502After);
        assert_eq!(inj.roll_for("addList"), Injection::Gateway502After);
        assert_eq!(inj.roll_for("addList"), Injection::None);
    }

    #[test]
    fn no_plan_never_injects() {
        let inj = Injector::new(FaultPlan::default(), "C");
        assert!((0..100).all(|_| inj.roll() == Injection::None));
        assert_eq!(inj.latency(), Duration::ZERO);
    }
}
