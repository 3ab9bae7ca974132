//! The simulator's self-signed certificate (rcgen) and its rustls server configuration.
//!
//! The certificate names `localhost`, `127.0.0.1` and `<label>.suitetalk.api.netsuite.com` of
//! every account, so clients that route by host name verify too. Tests trust it through
//! [`crate::SimHandle::certificate_pem`] / `certificate_der`.

use std::sync::Arc;

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A generated certificate and the server configuration that presents it.
pub(crate) struct Tls {
    pub pem: String,
    pub der: Vec<u8>,
    pub config: Arc<rustls::ServerConfig>,
}

/// Generates a certificate for these names.
pub(crate) fn generate(names: Vec<String>) -> Result<Tls, String> {
    let key = rcgen::generate_simple_self_signed(names).map_err(|e| e.to_string())?;
    let der = key.cert.der().to_vec();
    let pem = key.cert.pem();
    let private = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.signing_key.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(vec![CertificateDer::from(der.clone())], private)
        .map_err(|e| e.to_string())?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Tls {
        pem,
        der,
        config: Arc::new(config),
    })
}
