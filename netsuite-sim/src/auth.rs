//! Authentication: token passports (TBA) verified exactly, nonce replay protection, and
//! request-level user credentials (`passport`) before 2020.2.
//!
//! Written independently of the connector's signer, from the reference (§4): base string
//! `account&consumerKey&token&nonce&timestamp` (no percent-encoding), key
//! `consumerSecret&tokenSecret`, signature Base64(HMAC-SHA256). HMAC-SHA1 is accepted before the
//! 2023.1 endpoint only. Every refusal is the same "Invalid login attempt." fault, as NetSuite
//! gives no reason on the wire; the reason goes to the log (never a secret).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Mutex;

use base64::Engine as _;
use ring::hmac;

use crate::config::{AccountConfig, TokenConfig, UserConfig};
use crate::faults::Fault;
use crate::version::Version;

/// A token passport as sent (children of `platformMsgs:tokenPassport`).
#[derive(Clone, Default)]
pub(crate) struct TokenPassport {
    pub account: String,
    pub consumer_key: String,
    pub token: String,
    pub nonce: String,
    pub timestamp: String,
    pub signature: String,
    pub algorithm: String,
}

impl std::fmt::Debug for TokenPassport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenPassport")
            .field("account", &self.account)
            .field("consumer_key", &self.consumer_key)
            .field("token", &self.token)
            .field("nonce", &self.nonce)
            .field("timestamp", &self.timestamp)
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

/// A user-credential passport as sent.
#[derive(Clone, Default)]
pub(crate) struct Passport {
    pub email: String,
    pub password: String,
    pub account: String,
    pub role: String,
}

impl std::fmt::Debug for Passport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Passport")
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .field("account", &self.account)
            .field("role", &self.role)
            .finish()
    }
}

/// How a request authenticated; governance answers each with its own fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    Token,
    Passport,
}

/// The signature algorithms NetSuite knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Algorithm {
    HmacSha256,
    HmacSha1,
}

impl Algorithm {
    fn parse(name: &str) -> Option<Algorithm> {
        match name.trim() {
            // The PHP toolkit writes an underscore; NetSuite is reported to accept it.
            "HMAC-SHA256" | "HMAC_SHA256" => Some(Algorithm::HmacSha256),
            "HMAC-SHA1" | "HMAC_SHA1" => Some(Algorithm::HmacSha1),
            _ => None,
        }
    }

    fn ring(self) -> hmac::Algorithm {
        match self {
            Algorithm::HmacSha256 => hmac::HMAC_SHA256,
            Algorithm::HmacSha1 => hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY,
        }
    }
}

/// The signature NetSuite expects for these values, Base64 with padding.
#[cfg(test)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn signature(
    algorithm: Algorithm,
    account: &str,
    consumer_key: &str,
    token: &str,
    nonce: &str,
    timestamp: &str,
    consumer_secret: &str,
    token_secret: &str,
) -> String {
    let base = format!("{account}&{consumer_key}&{token}&{nonce}&{timestamp}");
    let key = hmac::Key::new(
        algorithm.ring(),
        format!("{consumer_secret}&{token_secret}").as_bytes(),
    );
    base64::engine::general_purpose::STANDARD.encode(hmac::sign(&key, base.as_bytes()).as_ref())
}

/// Checks a token passport's signature against one token, in constant time.
fn signature_matches(p: &TokenPassport, algorithm: Algorithm, t: &TokenConfig) -> bool {
    let Ok(sent) = base64::engine::general_purpose::STANDARD.decode(p.signature.trim()) else {
        return false;
    };
    let base = format!(
        "{}&{}&{}&{}&{}",
        p.account, p.consumer_key, p.token, p.nonce, p.timestamp
    );
    let key = hmac::Key::new(
        algorithm.ring(),
        format!("{}&{}", t.consumer_secret, t.token_secret).as_bytes(),
    );
    hmac::verify(&key, base.as_bytes(), &sent).is_ok()
}

/// The used nonces of one account, bounded: the oldest are forgotten first. A forgotten nonce
/// is harmless once its timestamp is outside the accepted skew.
#[derive(Debug, Default)]
pub(crate) struct ReplayCache {
    seen: HashSet<String>,
    order: VecDeque<String>,
}

impl ReplayCache {
    /// Records `nonce`; false when it was already used.
    fn insert(&mut self, nonce: &str, capacity: usize) -> bool {
        if self.seen.contains(nonce) {
            return false;
        }
        self.seen.insert(nonce.to_owned());
        self.order.push_back(nonce.to_owned());
        while self.order.len() > capacity.max(1) {
            if let Some(old) = self.order.pop_front() {
                self.seen.remove(&old);
            }
        }
        true
    }
}

/// Per-account nonce caches.
#[derive(Debug, Default)]
pub(crate) struct Replay {
    caches: Mutex<HashMap<String, ReplayCache>>,
}

/// What the verifier needs besides the passport.
pub(crate) struct Policy {
    pub version: Version,
    pub clock_skew_secs: u64,
    pub replay_capacity: usize,
    pub now_unix: i64,
}

/// Verifies a token passport; on success returns the account's index in `accounts`.
pub(crate) fn verify_token(
    p: &TokenPassport,
    accounts: &[AccountConfig],
    replay: &Replay,
    policy: &Policy,
) -> Result<usize, Fault> {
    let refuse = |why: &str| {
        tracing::info!(account = %p.account, consumer_key = %p.consumer_key, reason = why, "token passport refused");
        Err(Fault::invalid_login())
    };
    // Upper-case letters only: `123456_sb1` is refused although the account exists.
    let Some(index) = accounts.iter().position(|a| a.id == p.account) else {
        return refuse("unknown account, or account id not in upper case");
    };
    let account = &accounts[index];
    let Some(algorithm) = Algorithm::parse(&p.algorithm) else {
        return refuse("unknown signature algorithm");
    };
    if algorithm == Algorithm::HmacSha1 && !policy.version.accepts_hmac_sha1() {
        return refuse("HMAC-SHA1 is not accepted from the 2023.1 endpoint on");
    }
    let Some(token) = account
        .tokens
        .iter()
        .find(|t| t.consumer_key == p.consumer_key && t.token_id == p.token)
    else {
        return refuse("unknown consumer key or token");
    };
    if !signature_matches(p, algorithm, token) {
        return refuse("InvalidSignature");
    }
    let Ok(timestamp) = p.timestamp.trim().parse::<i64>() else {
        return refuse("timestamp is not a number of seconds");
    };
    if timestamp.abs_diff(policy.now_unix) > policy.clock_skew_secs {
        return refuse("timestamp outside the accepted clock skew");
    }
    let nonce_ok =
        (6..=64).contains(&p.nonce.len()) && p.nonce.bytes().all(|b| b.is_ascii_alphanumeric());
    if !nonce_ok {
        return refuse("nonce must be 6 to 64 letters and digits");
    }
    let fresh = {
        let mut caches = replay.caches.lock().unwrap_or_else(|e| e.into_inner());
        caches
            .entry(account.id.clone())
            .or_default()
            .insert(&p.nonce, policy.replay_capacity)
    };
    if !fresh {
        return refuse("nonce already used");
    }
    Ok(index)
}

/// Verifies request-level user credentials; on success returns the account's index.
pub(crate) fn verify_passport(
    p: &Passport,
    application_id: Option<&str>,
    accounts: &[AccountConfig],
    version: Version,
) -> Result<usize, Fault> {
    if !version.accepts_passport() {
        return Err(Fault::passport_unsupported(&version.tag()));
    }
    let Some(application_id) = application_id else {
        return Err(Fault::application_id_required());
    };
    let refuse = |why: &str| {
        tracing::info!(account = %p.account, email = %p.email, reason = why, "passport refused");
        Err(Fault::invalid_login())
    };
    let Some(index) = accounts.iter().position(|a| a.id == p.account) else {
        return refuse("unknown account, or account id not in upper case");
    };
    let account = &accounts[index];
    if !account.application_ids.is_empty()
        && !account
            .application_ids
            .iter()
            .any(|id| id.eq_ignore_ascii_case(application_id.trim()))
    {
        return refuse("unknown application id");
    }
    let user = account.users.iter().find(|u: &&UserConfig| {
        u.email.eq_ignore_ascii_case(p.email.trim())
            && same_bytes(u.password.as_bytes(), p.password.as_bytes())
    });
    let Some(user) = user else {
        tracing::info!(account = %p.account, email = %p.email, "passport refused: wrong email or password");
        return Err(Fault::invalid_email_or_password());
    };
    if !p.role.is_empty() && user.role != p.role {
        return refuse("role not given to this user");
    }
    Ok(index)
}

/// Compares without stopping at the first difference.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const CK: &str = "71cc02b731f05895561ef0862d71553a3ac99498a947c3b7beaf4a1e4a29f7c4";
    const TOKEN: &str = "89e08d9767c5ac85b374415725567d05b54ecf0960ad2470894a52f741020d82";
    const CS: &str = "7278da58caf07f5c336301a601203d10a58e948efa280f0618e25fcee1ef2abd";
    const TS: &str = "060cd9ab3ffbbe1e3d3918e90165ffd37ab12acc76b4691046e2d29c7d7674c2";

    fn worked_example(signature: &str, algorithm: &str) -> TokenPassport {
        TokenPassport {
            account: "1234567".into(),
            consumer_key: CK.into(),
            token: TOKEN.into(),
            nonce: "6obMKq0tmY8ylVOdEkA1".into(),
            timestamp: "1439829974".into(),
            signature: signature.into(),
            algorithm: algorithm.into(),
        }
    }

    fn account() -> Vec<AccountConfig> {
        vec![AccountConfig::new("1234567").with_token(TokenConfig {
            consumer_key: CK.into(),
            consumer_secret: CS.into(),
            token_id: TOKEN.into(),
            token_secret: TS.into(),
        })]
    }

    fn policy(version: Version) -> Policy {
        Policy {
            version,
            clock_skew_secs: 300,
            replay_capacity: 10,
            now_unix: 1439829974,
        }
    }

    const V2023_2: Version = Version {
        year: 2023,
        release: 2,
    };
    const V2017_1: Version = Version {
        year: 2017,
        release: 1,
    };

    #[test]
    fn computes_the_worked_example_signature() {
        let s = signature(
            Algorithm::HmacSha256,
            "1234567",
            CK,
            TOKEN,
            "6obMKq0tmY8ylVOdEkA1",
            "1439829974",
            CS,
            TS,
        );
        assert_eq!(s, "FCghIZqXNetuZY8ILWOFH0ucdfzQOmAuL+q+kF21zPs=");
        let s1 = signature(
            Algorithm::HmacSha1,
            "1234567",
            CK,
            TOKEN,
            "6obMKq0tmY8ylVOdEkA1",
            "1439829974",
            CS,
            TS,
        );
        assert_eq!(s1, "xiuYvYndFGqTEdiY64/C5EjSvsY=");
    }

    #[test]
    fn accepts_the_worked_example_with_trailing_newline_once() {
        let replay = Replay::default();
        let p = worked_example(
            "FCghIZqXNetuZY8ILWOFH0ucdfzQOmAuL+q+kF21zPs=\n",
            "HMAC-SHA256",
        );
        assert_eq!(
            verify_token(&p, &account(), &replay, &policy(V2023_2)),
            Ok(0)
        );
        // The same passport again is a replay.
        assert_eq!(
            verify_token(&p, &account(), &replay, &policy(V2023_2)),
            Err(Fault::invalid_login())
        );
    }

    #[test]
    fn accepts_hmac_sha1_only_before_2023_1() {
        let p = worked_example("xiuYvYndFGqTEdiY64/C5EjSvsY=", "HMAC-SHA1");
        assert!(verify_token(&p, &account(), &Replay::default(), &policy(V2017_1)).is_ok());
        assert!(verify_token(&p, &account(), &Replay::default(), &policy(V2023_2)).is_err());
    }

    #[test]
    fn refuses_a_wrong_signature_stale_timestamp_and_lower_case_account() {
        let good = "FCghIZqXNetuZY8ILWOFH0ucdfzQOmAuL+q+kF21zPs=";
        let bad = worked_example("xiuYvYndFGqTEdiY64/C5EjSvsY=", "HMAC-SHA256");
        assert!(verify_token(&bad, &account(), &Replay::default(), &policy(V2023_2)).is_err());
        let mut late = policy(V2023_2);
        late.now_unix += 301;
        assert!(verify_token(
            &worked_example(good, "HMAC-SHA256"),
            &account(),
            &Replay::default(),
            &late
        )
        .is_err());
        let mut accounts = account();
        accounts[0].id = "ABC_SB1".into();
        let mut p = worked_example(good, "HMAC-SHA256");
        p.account = "abc_sb1".into();
        assert!(verify_token(&p, &accounts, &Replay::default(), &policy(V2023_2)).is_err());
    }

    #[test]
    fn replay_cache_forgets_the_oldest_nonce_past_capacity() {
        let mut cache = ReplayCache::default();
        assert!(cache.insert("a", 2));
        assert!(cache.insert("b", 2));
        assert!(!cache.insert("b", 2));
        assert!(cache.insert("c", 2));
        assert!(cache.insert("a", 2));
    }

    #[test]
    fn passport_debug_hides_the_password() {
        let p = Passport {
            password: "hunter2".into(),
            ..Passport::default()
        };
        assert!(!format!("{p:?}").contains("hunter2"));
        let t = worked_example("sig", "HMAC-SHA256");
        assert!(!format!("{t:?}").contains("sig\""));
    }
}
