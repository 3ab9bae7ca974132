//! The hyper client underneath the transport: pooled connections, TLS and one exchange.
//!
//! hyper-util's legacy `Client` keeps idle connections per host and reuses them, so a stream of
//! SuiteTalk calls to one account pays for TCP and TLS once per connection rather than once per
//! request. TLS is rustls (ring) trusting Mozilla's roots plus any extra roots from the
//! configuration (the simulator's self-signed certificate in tests and demos).
//!
//! This module does not decide policy, concurrency, timeouts or cancellation: `mod.rs` wraps
//! [`Client::exchange`] with those. It only converts between the ABI types and hyper's, and
//! maps failures through [`super::error`].

use std::sync::Arc;

use abi_stable::std_types::RVec;
use bytes::Bytes;
use connector_api::{HttpHeader, HttpRequest, HttpResponse, TransportError, TransportErrorKind};
use connector_payload::RESPONSE_TOO_LARGE;
use http::header::{HeaderName, HeaderValue, CONTENT_LENGTH};
use http::{Method, Uri};
use http_body_util::{BodyExt, Full};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::RootCertStore;

use super::error::{self, Phase};
use super::{TransportBuildError, TransportConfig};

/// A pooled HTTP/1.1 client over TCP or TLS. Cheap to clone (shares the pool).
#[derive(Clone, Debug)]
pub(crate) struct Client {
    inner: hyper_util::client::legacy::Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
}

impl Client {
    /// Builds the client. Needs no runtime: connections are made (and their tasks spawned on
    /// the current runtime) only when a request is sent.
    pub(crate) fn new(config: &TransportConfig) -> Result<Client, TransportBuildError> {
        let mut http = HttpConnector::new();
        // The https connector below checks the scheme; this one must accept both.
        http.enforce_http(false);
        http.set_connect_timeout(Some(config.connect_timeout));
        http.set_nodelay(true);

        let https = HttpsConnectorBuilder::new()
            .with_tls_config(tls_config(&config.extra_root_certs_pem)?)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);

        let inner = hyper_util::client::legacy::Client::builder(TokioExecutor::new())
            .pool_idle_timeout(config.pool_idle_timeout)
            .pool_max_idle_per_host(config.pool_max_idle_per_host)
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .build(https);
        Ok(Client { inner })
    }

    /// Sends `request` and reads the whole response, at most `max_body` bytes of body: past
    /// that (or when `Content-Length` says more) it stops reading, drops the connection and
    /// fails with a [`RESPONSE_TOO_LARGE`] error of kind `Other`.
    ///
    /// No timeout here: the caller wraps the whole exchange (connect, send, body) in one.
    pub(crate) async fn exchange(
        &self,
        request: http::Request<Full<Bytes>>,
        peer: &str,
        max_body: u64,
    ) -> Result<HttpResponse, TransportError> {
        let response = self
            .inner
            .request(request)
            .await
            .map_err(|e| error::from_hyper(&e, Phase::Request, peer))?;
        let (parts, mut body) = response.into_parts();
        let too_large = |read: u64| {
            TransportError::new(
                TransportErrorKind::Other,
                format!(
                    "{RESPONSE_TOO_LARGE}: the response body from {peer} is larger than the \
                     limit of {max_body} bytes (max_response_bytes); reading stopped after \
                     {read} bytes (the request was sent and may have been applied)"
                ),
            )
        };
        let declared = parts
            .headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > max_body) {
            return Err(too_large(0));
        }
        let capacity = declared.unwrap_or(0).min(max_body).min(1 << 20);
        let mut collected: Vec<u8> = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| error::from_hyper(&e, Phase::Body, peer))?;
            if let Ok(data) = frame.into_data() {
                if collected.len() as u64 + data.len() as u64 > max_body {
                    return Err(too_large(collected.len() as u64));
                }
                collected.extend_from_slice(&data);
            }
        }
        let body = collected;
        let headers = parts
            .headers
            .iter()
            .map(|(name, value)| HttpHeader {
                name: name.as_str().into(),
                value: String::from_utf8_lossy(value.as_bytes()).as_ref().into(),
            })
            .collect();
        Ok(HttpResponse {
            status: parts.status.as_u16(),
            headers,
            body: RVec::from(body),
        })
    }
}

/// Converts the ABI request into a hyper request for `uri` (already checked by the policy).
///
/// `Content-Length` is always computed from the body; a `Host` header given by the connector
/// is kept, otherwise hyper sets it from the URL. Header values are never put in error
/// messages (they carry credentials), only header names.
pub(crate) fn to_hyper_request(
    request: HttpRequest,
    uri: Uri,
) -> Result<http::Request<Full<Bytes>>, TransportError> {
    let invalid = |msg: String| TransportError::new(TransportErrorKind::InvalidRequest, msg);
    let method = Method::from_bytes(request.method.as_bytes())
        .map_err(|_| invalid(format!("invalid HTTP method {:?}", request.method.as_str())))?;
    let mut builder = http::Request::builder().method(method).uri(uri);
    let headers = builder
        .headers_mut()
        .ok_or_else(|| invalid("invalid request".into()))?;
    for header in request.headers.iter() {
        let name = HeaderName::from_bytes(header.name.as_bytes())
            .map_err(|_| invalid(format!("invalid header name {:?}", header.name.as_str())))?;
        if name == CONTENT_LENGTH {
            continue;
        }
        let value = HeaderValue::from_str(header.value.as_str())
            .map_err(|_| invalid(format!("invalid value for header {name}")))?;
        headers.append(name, value);
    }
    builder
        .body(Full::new(Bytes::from(request.body.into_vec())))
        .map_err(|e| invalid(format!("invalid request: {e}")))
}

/// rustls with ring, Mozilla's roots and the extra PEM roots.
fn tls_config(extra_roots_pem: &[String]) -> Result<rustls::ClientConfig, TransportBuildError> {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for (index, pem) in extra_roots_pem.iter().enumerate() {
        let mut added = 0;
        for cert in CertificateDer::pem_slice_iter(pem.as_bytes()) {
            let cert = cert.map_err(|source| TransportBuildError::RootPem { index, source })?;
            roots
                .add(cert)
                .map_err(|source| TransportBuildError::RootRejected { index, source })?;
            added += 1;
        }
        if added == 0 {
            return Err(TransportBuildError::RootPemEmpty { index });
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(TransportBuildError::Tls)?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

#[cfg(test)]
mod tests {
    use super::*;
    use abi_stable::std_types::RString;

    fn request(method: &str, headers: &[(&str, &str)]) -> HttpRequest {
        HttpRequest {
            method: method.into(),
            url: "http://127.0.0.1/".into(),
            headers: headers
                .iter()
                .map(|(n, v)| HttpHeader {
                    name: (*n).into(),
                    value: (*v).into(),
                })
                .collect(),
            body: RVec::from(b"<soap/>".to_vec()),
            pool_key: RString::new(),
            timeout_ms: 0,
        }
    }

    fn uri() -> Uri {
        "http://127.0.0.1/".parse().unwrap()
    }

    #[test]
    fn converts_method_headers_and_body() {
        let req = request("POST", &[("SOAPAction", "get"), ("content-length", "999")]);
        let req = to_hyper_request(req, uri()).unwrap();
        assert_eq!(req.method(), Method::POST);
        assert_eq!(req.headers()["soapaction"], "get");
        assert!(
            req.headers().get(CONTENT_LENGTH).is_none(),
            "hyper computes it"
        );
    }

    #[test]
    fn bad_header_value_is_invalid_request_without_the_value() {
        let req = request("POST", &[("Authorization", "secret\nvalue")]);
        let err = to_hyper_request(req, uri()).unwrap_err();
        assert_eq!(err.kind, TransportErrorKind::InvalidRequest);
        assert!(err.message.contains("authorization"), "{}", err.message);
        assert!(!err.message.contains("secret"), "{}", err.message);
    }

    #[test]
    fn bad_method_is_invalid_request() {
        let err = to_hyper_request(request("GE T", &[]), uri()).unwrap_err();
        assert_eq!(err.kind, TransportErrorKind::InvalidRequest);
    }

    #[test]
    fn rejects_extra_roots_that_hold_no_certificate() {
        let err = tls_config(&["not a pem".to_string()]).unwrap_err();
        assert!(
            matches!(err, TransportBuildError::RootPemEmpty { index: 0 }),
            "{err:?}"
        );
    }
}
