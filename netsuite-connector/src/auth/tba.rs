//! Token-based authentication: the `tokenPassport` and its signature.
//!
//! signature = Base64(HMAC-SHA256(key = `consumerSecret&tokenSecret`,
//! message = `account&consumerKey&tokenId&nonce&timestamp`)), with no percent-encoding and
//! no HTTP method or URL (this is not the OAuth 1.0 base string). See
//! `shared/reference/suitetalk-protocol.md` §4. The clock and the nonce source are passed in
//! so the signature can be checked against fixed vectors.

use base64::Engine;
use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};

use crate::secret::Secret;

/// Seconds since the Unix epoch.
pub(crate) trait Clock: Send + Sync {
    /// Now, in whole seconds.
    fn unix_seconds(&self) -> i64;
}

/// The system clock.
#[derive(Debug, Default)]
pub(crate) struct SystemClock;

impl Clock for SystemClock {
    fn unix_seconds(&self) -> i64 {
        time::OffsetDateTime::now_utc().unix_timestamp()
    }
}

/// Where nonces come from.
pub(crate) trait NonceSource: Send + Sync {
    /// A fresh nonce: 6 to 64 alphanumeric characters, never reused.
    fn nonce(&self) -> String;
}

/// 20 random alphanumeric characters from the operating system's generator.
#[derive(Debug)]
pub(crate) struct SystemNonce {
    rng: SystemRandom,
}

impl Default for SystemNonce {
    fn default() -> Self {
        SystemNonce {
            rng: SystemRandom::new(),
        }
    }
}

const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

impl NonceSource for SystemNonce {
    fn nonce(&self) -> String {
        let mut bytes = [0u8; 20];
        // The system generator only fails if the OS has no entropy source at all.
        self.rng
            .fill(&mut bytes)
            .expect("the operating system's random generator failed");
        // 62 symbols: rejecting bytes >= 248 keeps the choice uniform.
        let mut out = String::with_capacity(20);
        let mut pool = bytes.to_vec();
        while out.len() < 20 {
            for b in pool.drain(..) {
                if b < 248 && out.len() < 20 {
                    out.push(ALPHANUMERIC[(b % 62) as usize] as char);
                }
            }
            if out.len() < 20 {
                let mut more = [0u8; 8];
                self.rng
                    .fill(&mut more)
                    .expect("the operating system's random generator failed");
                pool.extend_from_slice(&more);
            }
        }
        out
    }
}

/// One signed token passport, ready to write into a request header.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct TokenPassport {
    /// Account in passport form (`123456_SB1`).
    pub(crate) account: String,
    /// Consumer key.
    pub(crate) consumer_key: String,
    /// Token id.
    pub(crate) token: String,
    /// Nonce.
    pub(crate) nonce: String,
    /// Unix seconds.
    pub(crate) timestamp: i64,
    /// Base64 HMAC-SHA256.
    pub(crate) signature: String,
}

impl std::fmt::Debug for TokenPassport {
    // The signature is a credential for this one request; keep it out of logs anyway.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenPassport")
            .field("account", &self.account)
            .field("nonce", &self.nonce)
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

/// The algorithm name NetSuite expects in the `algorithm` attribute.
pub(crate) const ALGORITHM: &str = "HMAC-SHA256";

impl TokenPassport {
    /// Signs a passport with a fresh nonce and the current time.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn sign(
        account: &str,
        consumer_key: &str,
        consumer_secret: &Secret,
        token_id: &str,
        token_secret: &Secret,
        clock: &dyn Clock,
        nonces: &dyn NonceSource,
    ) -> TokenPassport {
        let nonce = nonces.nonce();
        let timestamp = clock.unix_seconds();
        let signature = signature(
            account,
            consumer_key,
            consumer_secret,
            token_id,
            token_secret,
            &nonce,
            timestamp,
        );
        TokenPassport {
            account: account.to_string(),
            consumer_key: consumer_key.to_string(),
            token: token_id.to_string(),
            nonce,
            timestamp,
            signature,
        }
    }
}

/// The Base64 HMAC-SHA256 signature of one passport.
pub(crate) fn signature(
    account: &str,
    consumer_key: &str,
    consumer_secret: &Secret,
    token_id: &str,
    token_secret: &Secret,
    nonce: &str,
    timestamp: i64,
) -> String {
    let base = format!("{account}&{consumer_key}&{token_id}&{nonce}&{timestamp}");
    let key_text = format!("{}&{}", consumer_secret.expose(), token_secret.expose());
    let key = hmac::Key::new(hmac::HMAC_SHA256, key_text.as_bytes());
    let tag = hmac::sign(&key, base.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(tag.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct FixedClock(i64);
    impl Clock for FixedClock {
        fn unix_seconds(&self) -> i64 {
            self.0
        }
    }
    struct FixedNonce(&'static str);
    impl NonceSource for FixedNonce {
        fn nonce(&self) -> String {
            self.0.to_string()
        }
    }

    /// The worked example of `shared/reference/suitetalk-protocol.md` §4.
    #[test]
    fn matches_the_reference_vector() {
        let p = TokenPassport::sign(
            "1234567",
            "71cc02b731f05895561ef0862d71553a3ac99498a947c3b7beaf4a1e4a29f7c4",
            &Secret::new("7278da58caf07f5c336301a601203d10a58e948efa280f0618e25fcee1ef2abd"),
            "89e08d9767c5ac85b374415725567d05b54ecf0960ad2470894a52f741020d82",
            &Secret::new("060cd9ab3ffbbe1e3d3918e90165ffd37ab12acc76b4691046e2d29c7d7674c2"),
            &FixedClock(1439829974),
            &FixedNonce("6obMKq0tmY8ylVOdEkA1"),
        );
        assert_eq!(p.signature, "FCghIZqXNetuZY8ILWOFH0ucdfzQOmAuL+q+kF21zPs=");
    }

    #[test]
    fn nonces_are_twenty_alphanumerics_and_differ() {
        let n = SystemNonce::default();
        let a = n.nonce();
        let b = n.nonce();
        assert_eq!(a.len(), 20);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
    }

    #[test]
    fn debug_hides_the_signature() {
        let p = TokenPassport::sign(
            "1",
            "ck",
            &Secret::new("cs"),
            "t",
            &Secret::new("ts"),
            &FixedClock(1),
            &FixedNonce("abcdef"),
        );
        assert!(!format!("{p:?}").contains(&p.signature));
    }
}
