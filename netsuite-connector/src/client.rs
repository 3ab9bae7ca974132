//! Sending SuiteTalk requests: endpoint discovery, signing each attempt, retries with backoff,
//! fault detection, and one execution-log line per request.

use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use connector_sdk::abi_stable::std_types::{RString, RVec};
use connector_sdk::Host;
use connector_sdk::{Cancellation, HttpHeader, HttpRequest};
use ring::rand::{SecureRandom, SystemRandom};

use crate::auth::{Clock, NonceSource, SystemClock, SystemNonce, TokenPassport};
use crate::concurrency::{InFlightTarget, Verdict};
use crate::envelope::{self, HeaderAuth, Preferences, RequestHeader, SearchPreferences, XmlWriter};
use crate::error::Error;
use crate::parse;
use crate::retry::{self, Backoff, RetryAction};
use crate::settings::{Credentials, ValidatedConnection};
use crate::state::ConnectorState;

/// A successful SuiteTalk response.
#[derive(Debug)]
pub(crate) struct Response {
    /// The whole envelope text.
    pub(crate) text: String,
    /// NetSuite's request id (`documentInfo/nsId`).
    pub(crate) ns_id: Option<String>,
    /// Attempts it took (1 = no retry).
    pub(crate) attempts: u32,
}

impl Response {
    /// Parses the envelope and hands its Body's first element to `read`.
    pub(crate) fn read<T>(
        &self,
        read: impl FnOnce(roxmltree::Node<'_, '_>) -> Result<T, String>,
    ) -> Result<T, Error> {
        let doc =
            roxmltree::Document::parse(&self.text).map_err(|e| Error::Parse(e.to_string()))?;
        let body = parse::body(&doc).ok_or_else(|| Error::Parse("no SOAP Body".into()))?;
        let first = body
            .children()
            .find(|n| n.is_element())
            .ok_or_else(|| Error::Parse("empty SOAP Body".into()))?;
        read(first).map_err(Error::Parse)
    }
}

/// What a request needs besides its body.
#[derive(Clone, Copy, Default)]
pub(crate) struct CallOptions<'a> {
    /// Record type, for the execution log.
    pub(crate) record_type: Option<&'a str>,
    /// Number of records in the request, for the execution log.
    pub(crate) count: usize,
    /// Write preferences.
    pub(crate) preferences: Option<&'a Preferences>,
    /// Search preferences.
    pub(crate) search_preferences: Option<&'a SearchPreferences>,
}

/// One connection's way to NetSuite.
pub(crate) struct Client {
    settings: ValidatedConnection,
    host: Host,
    clock: Arc<dyn Clock>,
    nonces: Arc<dyn NonceSource>,
    backoff: Backoff,
    rng: SystemRandom,
    state: Arc<ConnectorState>,
    /// Whether a failure to connect is retried (not while checking a connection: a refused
    /// port is reported at once rather than after the whole backoff schedule).
    retry_connect: bool,
    /// How many requests may be in flight, adapted to concurrency faults (shared by checks).
    in_flight: Arc<InFlightTarget>,
    /// The account's and integration's limits, read once (`governance`).
    governance: Arc<crate::governance::GovernanceCheck>,
}

impl Client {
    /// A client for validated settings, signing with the system clock and random nonces,
    /// sharing the caches of the connector instance that configured it.
    pub(crate) fn new(
        settings: ValidatedConnection,
        host: Host,
        backoff: Backoff,
        state: Arc<ConnectorState>,
    ) -> Client {
        let in_flight = Arc::new(InFlightTarget::with_adaptation(
            settings.account.to_string(),
            settings.max_concurrent,
            settings.adaptive_concurrency,
        ));
        Client {
            settings,
            host,
            clock: Arc::new(SystemClock),
            nonces: Arc::new(SystemNonce::default()),
            backoff,
            rng: SystemRandom::new(),
            state,
            retry_connect: true,
            in_flight,
            governance: Arc::default(),
        }
    }

    /// The same client for a connection check: failures to connect are not retried (other
    /// transient failures are, as usual).
    pub(crate) fn for_checks(&self) -> Client {
        Client {
            settings: self.settings.clone(),
            host: self.host.clone(),
            clock: Arc::clone(&self.clock),
            nonces: Arc::clone(&self.nonces),
            backoff: self.backoff.clone(),
            rng: SystemRandom::new(),
            state: Arc::clone(&self.state),
            retry_connect: false,
            in_flight: Arc::clone(&self.in_flight),
            governance: Arc::clone(&self.governance),
        }
    }

    /// The account's and integration's concurrency limits, read once per connection.
    pub(crate) fn governance(&self) -> &crate::governance::GovernanceCheck {
        &self.governance
    }

    /// The caches of the connector instance (schemas, data centers).
    pub(crate) fn state(&self) -> &ConnectorState {
        &self.state
    }

    /// The settings.
    pub(crate) fn settings(&self) -> &ValidatedConnection {
        &self.settings
    }

    /// The host's services (the schema registry downloads the WSDL through its transport).
    pub(crate) fn host(&self) -> &Host {
        &self.host
    }

    /// The pool key of this connection's requests: the account.
    pub(crate) fn pool_key(&self) -> String {
        format!("netsuite:{}", self.settings.account.as_passport())
    }

    /// The URL every authenticated request goes to, discovering the data center first when
    /// the endpoint needs it (once per (generic origin, account) for the life of the
    /// connector; connections of the same account share one discovery).
    pub(crate) fn service_url(&self, cancel: &Cancellation) -> Result<String, Error> {
        let ep = &self.settings.endpoint;
        if !ep.discover {
            return Ok(ep.service_url());
        }
        let key = format!("{}|{}", ep.origin, self.settings.account.as_passport());
        if self.state.dry_run.is_some() {
            // No discovery in a dry run: the data center found earlier, else the
            // account-specific domain NetSuite gives every account.
            let domain = self.state.data_centers.peek(&key).unwrap_or_else(|| {
                format!(
                    "https://{}.suitetalk.api.netsuite.com",
                    self.settings.account.host_label()
                )
            });
            return Ok(format!("{domain}{}", ep.service_path));
        }
        let domain = self.state.data_centers.get_or_load(
            &key,
            |_| true,
            || {
                self.discover(cancel)
                    .map(|d| d.trim_end_matches('/').to_string())
            },
        )?;
        Ok(format!("{domain}{}", ep.service_path))
    }

    /// Asks the generic endpoint for the account's webservices domain (no authentication).
    pub(crate) fn discover(&self, cancel: &Cancellation) -> Result<String, Error> {
        let url = self.settings.endpoint.service_url();
        let account = self.settings.account.as_passport().to_string();
        let response = self.send_with_retries(
            "getDataCenterUrls",
            &url,
            false,
            CallOptions::default(),
            cancel,
            &|w| {
                w.create_element("platformMsgs:getDataCenterUrls")
                    .write_inner_content(|w| envelope::text(w, "platformMsgs:account", &account))?;
                Ok(())
            },
        )?;
        let urls = response.read(parse::response::data_center_urls)?;
        tracing::info!(
            account = %self.settings.account,
            webservices_domain = %urls.webservices_domain,
            "discovered the account's data center"
        );
        Ok(urls.webservices_domain)
    }

    /// Sends one authenticated operation, retrying transient failures.
    pub(crate) fn call(
        &self,
        operation: &str,
        options: CallOptions<'_>,
        cancel: &Cancellation,
        body: &dyn Fn(&mut XmlWriter) -> io::Result<()>,
    ) -> Result<Response, Error> {
        let url = self.service_url(cancel)?;
        if let Some(dry_run) = &self.state.dry_run {
            let request = self.request(operation, &url, true, &options, body);
            return Err(Error::DryRun(dry_run.request_to_show(&request.body)));
        }
        // Once per connection, before its first request: warn when the setting exceeds the
        // account's or the integration's limit.
        self.governance.check_once(self, cancel);
        self.send_with_retries(operation, &url, true, options, cancel, body)
    }

    /// Sends one authenticated operation to `url` without the first-use checks (the checks'
    /// own requests).
    pub(crate) fn call_unchecked(
        &self,
        operation: &str,
        url: &str,
        cancel: &Cancellation,
        body: &dyn Fn(&mut XmlWriter) -> io::Result<()>,
    ) -> Result<Response, Error> {
        self.send_with_retries(operation, url, true, CallOptions::default(), cancel, body)
    }

    fn send_with_retries(
        &self,
        operation: &str,
        url: &str,
        authenticate: bool,
        options: CallOptions<'_>,
        cancel: &Cancellation,
        body: &dyn Fn(&mut XmlWriter) -> io::Result<()>,
    ) -> Result<Response, Error> {
        let max_attempts = self.settings.retries + 1;
        let mut attempt = 1;
        loop {
            if cancel.is_cancelled() {
                return Err(Error::Cancelled);
            }
            // Within the in-flight target (it learns from each attempt's ending); taken before
            // signing, so a wait never ages the passport's timestamp.
            let Some(slot) = self.in_flight.acquire(cancel) else {
                return Err(Error::Cancelled);
            };
            let started = Instant::now();
            // A token passport is single-use: every attempt is signed afresh.
            let request = self.request(operation, url, authenticate, &options, body);
            let result = self.send_once(request, cancel);
            slot.finish(Verdict::of(&result));
            let elapsed = started.elapsed();
            self.log_request(operation, &options, attempt, elapsed, &result);
            let error = match result {
                Ok(mut response) => {
                    response.attempts = attempt;
                    return Ok(response);
                }
                Err(e) => e,
            };
            match retry::classify_for(operation, &error) {
                RetryAction::MaybeApplied(reason) => {
                    tracing::warn!(operation, attempt, reason, code = %error.code(), "not resending a request that may have been applied");
                    return Err(Error::MaybeApplied(Box::new(error)));
                }
                RetryAction::Retry(_)
                    if !self.retry_connect && retry::is_connect_failure(&error) =>
                {
                    return Err(error)
                }
                RetryAction::Retry(reason) if attempt < max_attempts => {
                    let wait = self.backoff.delay(attempt - 1, self.random_unit());
                    tracing::warn!(
                        operation,
                        attempt,
                        reason,
                        code = %error.code(),
                        wait_ms = wait.as_millis() as u64,
                        "retrying NetSuite request"
                    );
                    if !sleep_unless_cancelled(wait, cancel) {
                        return Err(Error::Cancelled);
                    }
                    attempt += 1;
                }
                RetryAction::Retry(_) if max_attempts > 1 => {
                    return Err(Error::RetriesExhausted {
                        attempts: attempt,
                        last: Box::new(error),
                    })
                }
                _ => return Err(error),
            }
        }
    }

    fn request(
        &self,
        operation: &str,
        url: &str,
        authenticate: bool,
        options: &CallOptions<'_>,
        body: &dyn Fn(&mut XmlWriter) -> io::Result<()>,
    ) -> HttpRequest {
        let s = &self.settings;
        let passport;
        let auth = match (&s.credentials, authenticate) {
            (_, false) => HeaderAuth::None,
            (
                Credentials::Token {
                    consumer_key,
                    consumer_secret,
                    token_id,
                    token_secret,
                },
                true,
            ) => {
                passport = TokenPassport::sign(
                    s.account.as_passport(),
                    consumer_key,
                    consumer_secret,
                    token_id,
                    token_secret,
                    self.clock.as_ref(),
                    self.nonces.as_ref(),
                );
                HeaderAuth::Token(&passport)
            }
            (
                Credentials::User {
                    email,
                    password,
                    role,
                    application_id,
                },
                true,
            ) => HeaderAuth::User {
                email,
                password,
                account: s.account.as_passport(),
                role: role.as_deref(),
                application_id,
            },
        };
        let header = RequestHeader {
            auth,
            preferences: options.preferences,
            search_preferences: options.search_preferences,
        };
        let xml = envelope::build(s.version, &header, body);
        HttpRequest {
            method: "POST".into(),
            url: url.into(),
            headers: RVec::from(vec![
                HttpHeader {
                    name: "Content-Type".into(),
                    value: "text/xml; charset=utf-8".into(),
                },
                HttpHeader {
                    name: "SOAPAction".into(),
                    value: RString::from(format!("\"{operation}\"")),
                },
            ]),
            body: RVec::from(xml),
            pool_key: self.pool_key().into(),
            timeout_ms: s.request_timeout_ms,
        }
    }

    fn send_once(&self, request: HttpRequest, cancel: &Cancellation) -> Result<Response, Error> {
        let url = request.url.to_string();
        let response = self.host.send(request, cancel).map_err(Error::Transport)?;
        let status = response.status;
        // Take the body without copying it (NetSuite sends UTF-8; anything else is repaired).
        let text = match String::from_utf8(response.body.into_vec()) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        // Only the head is read here (request id, fault or not); the operation parses the Body
        // once, later. A SOAP fault comes with HTTP 500, so the body is read before the status.
        let head = match parse::head::read(&text) {
            Ok(head) => head,
            Err(_) if status >= 400 => return Err(Error::Http { status, url }),
            Err(e) => return Err(Error::Parse(e)),
        };
        if head.is_fault {
            let doc = roxmltree::Document::parse(&text).map_err(|e| Error::Parse(e.to_string()))?;
            let fault = parse::body(&doc)
                .and_then(|b| parse::child(b, "Fault"))
                .ok_or_else(|| Error::Parse("a fault without a Fault element".into()))?;
            return Err(Error::Fault(parse::fault::read(fault)));
        }
        if status >= 400 {
            return Err(Error::Http { status, url });
        }
        // A connection cut mid-body leaves an envelope without its end: catch it here, where it
        // can still be retried, rather than when the operation reads the Body.
        if !text.trim_end().ends_with("Envelope>") {
            return Err(Error::Parse(
                "the response ends before its envelope does (truncated)".into(),
            ));
        }
        Ok(Response {
            text,
            ns_id: head.ns_id,
            attempts: 1,
        })
    }

    fn log_request(
        &self,
        operation: &str,
        options: &CallOptions<'_>,
        attempt: u32,
        elapsed: Duration,
        result: &Result<Response, Error>,
    ) {
        let application_id = self.settings.credentials.application_id().unwrap_or("");
        let record_type = options.record_type.unwrap_or("");
        let duration_ms = elapsed.as_millis() as u64;
        match result {
            Ok(r) => tracing::info!(
                target: "netsuite_connector::request",
                operation,
                record_type,
                count = options.count,
                duration_ms,
                attempt,
                ns_id = r.ns_id.as_deref().unwrap_or(""),
                application_id,
                outcome = "ok",
                "NetSuite request"
            ),
            Err(e) => tracing::info!(
                target: "netsuite_connector::request",
                operation,
                record_type,
                count = options.count,
                duration_ms,
                attempt,
                application_id,
                outcome = "error",
                code = %e.code(),
                "NetSuite request failed"
            ),
        }
    }

    fn random_unit(&self) -> f64 {
        let mut b = [0u8; 4];
        match self.rng.fill(&mut b) {
            Ok(()) => u32::from_le_bytes(b) as f64 / (u32::MAX as f64 + 1.0),
            Err(_) => 0.5,
        }
    }
}

/// Sleeps in short steps; false if cancelled meanwhile.
fn sleep_unless_cancelled(total: Duration, cancel: &Cancellation) -> bool {
    let until = Instant::now() + total;
    while Instant::now() < until {
        if cancel.is_cancelled() {
            return false;
        }
        std::thread::sleep((until - Instant::now()).min(Duration::from_millis(25)));
    }
    !cancel.is_cancelled()
}
