//! Scripted transports for unit tests: exact answers, no network.
//!
//! [`Script`] answers POST requests (SOAP calls) from a queue, in order, and keeps their
//! bodies; GET requests (WSDL/XSD downloads) get 404 unless [`Script::serve_gets`] says
//! otherwise. [`from_fn`] turns any function of the request into a transport.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use connector_sdk::abi_stable::sabi_trait::TD_Opaque;
use connector_sdk::abi_stable::std_types::{RArc, RResult, RStr, RVec};
use connector_sdk::{
    Cancellation, HttpRequest, HttpResponse, HttpTransport, HttpTransportBox, HttpTransport_TO,
    TransportError, TransportErrorKind,
};

/// An answer: a status and a body, or a transport failure.
pub type Answer = Result<(u16, Vec<u8>), TransportErrorKind>;

/// What the transport hands back: a status and a body, or the error itself.
type Reply = Result<(u16, Vec<u8>), TransportError>;

type Handler = dyn Fn(&HttpRequest, &Cancellation) -> Reply + Send + Sync;

#[derive(Clone)]
struct FnTransport(Arc<Handler>);

impl HttpTransport for FnTransport {
    fn declare_pool(&self, _key: RStr<'_>, _limit: u32) {}

    fn send(
        &self,
        request: HttpRequest,
        cancel: &Cancellation,
    ) -> RResult<HttpResponse, TransportError> {
        match (self.0)(&request, cancel) {
            Ok((status, body)) => RResult::ROk(HttpResponse {
                status,
                headers: RVec::new(),
                body: RVec::from(body),
            }),
            Err(error) => RResult::RErr(error),
        }
    }
}

/// A transport answering every request with `handler` (a failure says "scripted failure").
pub fn from_fn(
    handler: impl Fn(&HttpRequest, &Cancellation) -> Answer + Send + Sync + 'static,
) -> HttpTransportBox {
    let handler = move |request: &HttpRequest, cancel: &Cancellation| {
        handler(request, cancel).map_err(|kind| TransportError::new(kind, "scripted failure"))
    };
    HttpTransport_TO::from_ptr(RArc::new(FnTransport(Arc::new(handler))), TD_Opaque)
}

type GetHandler = dyn Fn(&str) -> Option<(u16, Vec<u8>)> + Send + Sync;

/// What the scripted transport answers, in order; the requests it saw.
#[derive(Default)]
pub struct Script {
    answers: Mutex<VecDeque<Reply>>,
    requests: Mutex<Vec<String>>,
    cancel_after: Mutex<Option<(usize, Cancellation)>>,
    gets: Mutex<Option<Arc<GetHandler>>>,
}

impl Script {
    /// A new, empty script.
    pub fn new() -> Arc<Script> {
        Arc::new(Script::default())
    }

    /// Queues a response body (HTTP 200).
    pub fn answer(&self, body: impl Into<String>) {
        self.answer_status(200, body);
    }

    /// Queues a response with a status.
    pub fn answer_status(&self, status: u16, body: impl Into<String>) {
        self.lock_answers()
            .push_back(Ok((status, body.into().into_bytes())));
    }

    /// Queues a transport failure.
    pub fn fail(&self, kind: TransportErrorKind) {
        self.fail_with(kind, "scripted failure");
    }

    /// Queues a transport failure with this message (e.g. the host's `RESPONSE_TOO_LARGE: …`).
    pub fn fail_with(&self, kind: TransportErrorKind, message: &str) {
        self.lock_answers()
            .push_back(Err(TransportError::new(kind, message)));
    }

    /// Cancels `cancel` once `n` POST requests have been seen.
    pub fn cancel_after(&self, n: usize, cancel: &Cancellation) {
        *self.cancel_after.lock().unwrap() = Some((n, cancel.clone()));
    }

    /// Answers GET requests with `handler(url)` (`None`: 404).
    pub fn serve_gets(
        &self,
        handler: impl Fn(&str) -> Option<(u16, Vec<u8>)> + Send + Sync + 'static,
    ) {
        *self.gets.lock().unwrap() = Some(Arc::new(handler));
    }

    /// The POST bodies so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    /// The transport playing this script.
    pub fn transport(self: &Arc<Self>) -> HttpTransportBox {
        let script = Arc::clone(self);
        let handler = move |request: &HttpRequest, _: &Cancellation| script.respond(request);
        HttpTransport_TO::from_ptr(RArc::new(FnTransport(Arc::new(handler))), TD_Opaque)
    }

    fn lock_answers(&self) -> std::sync::MutexGuard<'_, VecDeque<Reply>> {
        self.answers.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn respond(&self, request: &HttpRequest) -> Reply {
        if request.method.as_str() == "GET" {
            let handler = self.gets.lock().unwrap().clone();
            return Ok(handler
                .and_then(|h| h(request.url.as_str()))
                .unwrap_or((404, Vec::new())));
        }
        let seen = {
            let mut requests = self.requests.lock().unwrap();
            requests.push(String::from_utf8_lossy(&request.body).into_owned());
            requests.len()
        };
        if let Some((n, cancel)) = self.cancel_after.lock().unwrap().as_ref() {
            if seen >= *n {
                cancel.cancel();
            }
        }
        self.lock_answers().pop_front().unwrap_or_else(|| {
            Err(TransportError::new(
                TransportErrorKind::Other,
                "the test script has no more answers",
            ))
        })
    }
}
