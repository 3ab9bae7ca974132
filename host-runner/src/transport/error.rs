//! The one place where hyper, hyper-util, rustls and io errors become a [`TransportError`].
//!
//! hyper's types never cross the ABI: the connector only sees a [`TransportErrorKind`] and a
//! message. The kind decides whether the connector retries, so the mapping is careful about
//! *when* a failure happened:
//!
//! | failure | kind | was the request sent? |
//! |---|---|---|
//! | DNS, refused, unreachable, closed during the handshake | `Connect` | no |
//! | certificate or handshake rejected by rustls | `Tls` | no |
//! | connect timeout (io `TimedOut`), request timeout | `Timeout` | maybe |
//! | connection closed or reset after the request started | `Reset` | maybe |
//! | malformed response, anything unknown | `Other` | maybe |
//!
//! hyper reports the phase itself (`legacy::Error::is_connect`) and the cause sits somewhere in
//! the source chain, so the whole chain is inspected, including the inner error of an
//! `io::Error` (which `io::Error::source` skips).

use std::error::Error as StdError;
use std::io;
use std::time::Duration;

use connector_api::{TransportError, TransportErrorKind};

/// When in the exchange the error happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Connecting, sending the request or waiting for the response head.
    Request,
    /// Reading the response body (the head has arrived).
    Body,
}

/// Maps a hyper-util client error or a body read error to a transport error naming `peer`.
pub(crate) fn from_hyper(
    err: &(dyn StdError + 'static),
    phase: Phase,
    peer: &str,
) -> TransportError {
    let kind = classify(err, phase);
    let what = match (kind, phase) {
        (TransportErrorKind::Connect, _) => "could not connect to",
        (TransportErrorKind::Tls, _) => "TLS handshake failed with",
        (TransportErrorKind::Timeout, _) if connecting(err, phase) => "timed out connecting to",
        (TransportErrorKind::Timeout, _) => "timed out talking to",
        (TransportErrorKind::Reset, Phase::Request) => "connection closed before the response by",
        (TransportErrorKind::Reset, Phase::Body) => "connection closed mid-body by",
        (_, Phase::Request) => "request failed to",
        (_, Phase::Body) => "could not read the response body from",
    };
    TransportError::new(kind, format!("{what} {peer}: {}", chain(err)))
}

/// The request did not complete within its timeout.
pub(crate) fn timeout(peer: &str, after: Duration) -> TransportError {
    TransportError::new(
        TransportErrorKind::Timeout,
        format!("request to {peer} timed out after {} ms", after.as_millis()),
    )
}

fn classify(err: &(dyn StdError + 'static), phase: Phase) -> TransportErrorKind {
    let connecting = connecting(err, phase);
    let mut timed_out = false;
    let mut reset = false;
    let mut parse = false;
    for e in causes(err) {
        if e.downcast_ref::<rustls::Error>().is_some() {
            return TransportErrorKind::Tls;
        }
        if let Some(io) = e.downcast_ref::<io::Error>() {
            match io.kind() {
                io::ErrorKind::TimedOut => timed_out = true,
                io::ErrorKind::ConnectionReset
                | io::ErrorKind::ConnectionAborted
                | io::ErrorKind::BrokenPipe
                | io::ErrorKind::UnexpectedEof => reset = true,
                _ => {}
            }
        }
        if let Some(h) = e.downcast_ref::<hyper::Error>() {
            if h.is_timeout() {
                timed_out = true;
            }
            if h.is_incomplete_message() || h.is_closed() || h.is_canceled() {
                reset = true;
            }
            if h.is_parse() {
                parse = true;
            }
        }
    }
    if timed_out {
        TransportErrorKind::Timeout
    } else if connecting {
        // Refused, unreachable, DNS, or closed during the TLS handshake: nothing was sent.
        TransportErrorKind::Connect
    } else if reset || phase == Phase::Body && !parse {
        // A body that stops early is a connection that went away, whatever hyper calls it.
        TransportErrorKind::Reset
    } else {
        TransportErrorKind::Other
    }
}

/// True when the failure happened while connecting (TCP or TLS), before anything was sent.
fn connecting(err: &(dyn StdError + 'static), phase: Phase) -> bool {
    phase == Phase::Request && causes(err).any(|e| is_legacy_connect(e) || is_connect_text(e))
}

fn is_legacy_connect(e: &(dyn StdError + 'static)) -> bool {
    e.downcast_ref::<hyper_util::client::legacy::Error>()
        .is_some_and(|e| e.is_connect())
}

/// hyper-util's `ConnectError` is private; its messages are stable ("tcp connect error",
/// "dns error"), which catches a connect failure wrapped by another layer.
fn is_connect_text(e: &(dyn StdError + 'static)) -> bool {
    let text = e.to_string();
    text.starts_with("tcp connect error") || text.starts_with("dns error")
}

/// The error and its causes, looking inside `io::Error`s, whose `source()` skips the error
/// they wrap.
fn causes<'a>(
    err: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    let mut next = Some(err);
    std::iter::from_fn(move || {
        let current = next?;
        next = match current
            .downcast_ref::<io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => current.source(),
        };
        Some(current)
    })
}

/// "outer: middle: inner", skipping a cause whose text its parent already contains.
fn chain(err: &(dyn StdError + 'static)) -> String {
    let mut out = String::new();
    for e in causes(err) {
        let text = e.to_string();
        if text.is_empty() || out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Wrap(&'static str, Box<dyn StdError + Send + Sync>);

    impl std::fmt::Display for Wrap {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl StdError for Wrap {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&*self.1)
        }
    }

    fn io(kind: io::ErrorKind) -> Box<dyn StdError + Send + Sync> {
        Box::new(io::Error::from(kind))
    }

    #[test]
    fn refused_connect_is_connect() {
        let e = Wrap("tcp connect error", io(io::ErrorKind::ConnectionRefused));
        assert_eq!(classify(&e, Phase::Request), TransportErrorKind::Connect);
    }

    #[test]
    fn connect_timeout_is_timeout() {
        let e = Wrap("tcp connect error", io(io::ErrorKind::TimedOut));
        assert_eq!(classify(&e, Phase::Request), TransportErrorKind::Timeout);
    }

    #[test]
    fn rustls_error_inside_an_io_error_is_tls() {
        let tls = io::Error::new(io::ErrorKind::InvalidData, rustls::Error::DecryptError);
        let e = Wrap("client error (Connect)", Box::new(tls));
        assert_eq!(classify(&e, Phase::Request), TransportErrorKind::Tls);
        assert!(chain(&e).contains("cannot decrypt"), "{}", chain(&e));
    }

    #[test]
    fn reset_mid_request_is_reset() {
        let e = Wrap(
            "client error (SendRequest)",
            io(io::ErrorKind::ConnectionReset),
        );
        assert_eq!(classify(&e, Phase::Request), TransportErrorKind::Reset);
    }

    #[test]
    fn any_body_failure_is_reset() {
        let e = Wrap(
            "error reading a body from connection",
            io(io::ErrorKind::Other),
        );
        assert_eq!(classify(&e, Phase::Body), TransportErrorKind::Reset);
    }

    #[test]
    fn unknown_request_failure_is_other() {
        let e = Wrap("something odd", io(io::ErrorKind::Other));
        assert_eq!(classify(&e, Phase::Request), TransportErrorKind::Other);
    }

    #[test]
    fn chain_joins_causes_once() {
        let e = Wrap("tcp connect error", io(io::ErrorKind::ConnectionRefused));
        let text = chain(&e);
        assert!(text.starts_with("tcp connect error: "), "{text}");
        assert_eq!(text.matches("refused").count(), 1, "{text}");
    }
}
