//! The SMTP side: settings from the environment only, and one session per
//! message that checks every recipient before any data is sent.

use std::net::IpAddr;
use std::time::Duration;

use lettre::Address;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::ClientId;

use super::settings::parse_mailbox;

/// The environment variable with the server, e.g. `smtp://user@mail.example.com:587`.
pub const URL_VAR: &str = "BRIEF_SMTP_URL";
/// The environment variable with the password of the URL's user.
pub const PASSWORD_VAR: &str = "BRIEF_SMTP_PASSWORD";
/// The environment variable with the sender, when the URL's user is not an address.
pub const FROM_VAR: &str = "BRIEF_SMTP_FROM";

/// How long a connection or a reply may take before the delivery fails.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// `smtps://`: TLS from the first byte.
    ImplicitTls,
    /// `smtp://` to another machine: STARTTLS, or no delivery.
    StartTls,
    /// `smtp://` on the loopback address: STARTTLS when the server offers it.
    StartTlsIfOffered,
    /// `smtp://...?tls=none` on the loopback address only.
    Plain,
}

/// Where and how to send, read from the environment.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// The user of the URL and the password from [`PASSWORD_VAR`].
    pub credentials: Option<(String, String)>,
    pub from: Mailbox,
    pub timeout: Duration,
}

/// A problem in the SMTP settings of the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettingsError(pub String);

impl std::fmt::Display for SmtpSettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SmtpSettingsError {}

fn fail<T>(message: String) -> Result<T, SmtpSettingsError> {
    Err(SmtpSettingsError(message))
}

impl SmtpSettings {
    /// Reads [`URL_VAR`], [`PASSWORD_VAR`] and [`FROM_VAR`] from the process environment.
    pub fn from_env() -> Result<SmtpSettings, SmtpSettingsError> {
        Self::from_vars(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Reads the settings through `var` (the environment, or a map in tests).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<SmtpSettings, SmtpSettingsError> {
        let Some(text) = var(URL_VAR) else {
            return fail(format!(
                "{URL_VAR} is not set; set it to e.g. smtp://user@mail.example.com:587 (the password goes into {PASSWORD_VAR})"
            ));
        };
        let url = url::Url::parse(&text).or_else(|e| fail(format!("{URL_VAR}: {text:?} is not a URL ({e})")))?;
        if url.password().is_some() {
            return fail(format!("{URL_VAR} holds a password; remove it from the URL and set {PASSWORD_VAR} instead"));
        }
        let host = host_of(&url)?;
        let loopback = is_loopback(&host);
        let security = security_of(&url, loopback)?;
        let port = url.port().unwrap_or(if security == Security::ImplicitTls { 465 } else { 587 });
        let user = decode(url.username());
        let credentials = credentials(user.as_deref(), var(PASSWORD_VAR))?;
        let from = sender(user.as_deref(), var(FROM_VAR))?;
        Ok(SmtpSettings { host, port, security, credentials, from, timeout: DEFAULT_TIMEOUT })
    }

    /// `host:port`, for messages.
    pub fn server(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

fn host_of(url: &url::Url) -> Result<String, SmtpSettingsError> {
    let host = match url.host() {
        Some(url::Host::Domain(d)) => d.to_string(),
        Some(url::Host::Ipv4(ip)) => ip.to_string(),
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        None => return fail(format!("{URL_VAR} names no server")),
    };
    if !matches!(url.path(), "" | "/") {
        return fail(format!("{URL_VAR}: a server URL has no path ({:?})", url.path()));
    }
    Ok(host)
}

/// 127.0.0.0/8, ::1 and `localhost`: the only servers reached without TLS.
pub fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn security_of(url: &url::Url, loopback: bool) -> Result<Security, SmtpSettingsError> {
    let mut plain = false;
    for (key, value) in url.query_pairs() {
        match (key.as_ref(), value.as_ref()) {
            ("tls", "none") if loopback => plain = true,
            ("tls", "none") => {
                return fail(format!(
                    "{URL_VAR}: tls=none is only allowed for a server on the loopback address (127.0.0.1, ::1, localhost)"
                ));
            }
            _ => return fail(format!("{URL_VAR}: unknown setting {key}={value} (known: tls=none)")),
        }
    }
    match url.scheme() {
        "smtps" if plain => fail(format!("{URL_VAR}: smtps:// and tls=none contradict each other")),
        "smtps" => Ok(Security::ImplicitTls),
        "smtp" if plain => Ok(Security::Plain),
        "smtp" if loopback => Ok(Security::StartTlsIfOffered),
        "smtp" => Ok(Security::StartTls),
        other => fail(format!(
            "{URL_VAR}: unknown scheme {other}:// (use smtp:// with STARTTLS, usually port 587, or smtps://, usually 465)"
        )),
    }
}

fn decode(user: &str) -> Option<String> {
    let user = percent_encoding::percent_decode_str(user).decode_utf8_lossy().into_owned();
    (!user.is_empty()).then_some(user)
}

fn credentials(user: Option<&str>, password: Option<String>) -> Result<Option<(String, String)>, SmtpSettingsError> {
    match (user, password) {
        (Some(user), Some(password)) => Ok(Some((user.to_string(), password))),
        (None, None) => Ok(None),
        (Some(user), None) => fail(format!("{URL_VAR} names the user {user:?} but {PASSWORD_VAR} is not set")),
        (None, Some(_)) => fail(format!("{PASSWORD_VAR} is set but {URL_VAR} names no user (smtp://user@host:port)")),
    }
}

fn sender(user: Option<&str>, from: Option<String>) -> Result<Mailbox, SmtpSettingsError> {
    if let Some(from) = from {
        return parse_mailbox(&from).or_else(|e| fail(format!("{FROM_VAR}: {e}")));
    }
    match user.map(|u| u.parse::<Address>()) {
        Some(Ok(address)) => Ok(Mailbox::new(None, address)),
        _ => fail(format!(
            "{FROM_VAR} is not set and the user of {URL_VAR} is not an e-mail address: set {FROM_VAR} to the sender"
        )),
    }
}

/// A recipient the server would not take, with its reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedRecipient {
    pub address: String,
    pub reply: String,
}

/// Why a message was not delivered. Nothing was sent in any of these cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryError {
    /// No connection: nothing listens, the name does not resolve, or a timeout.
    Unreachable { server: String, reason: String },
    /// TLS could not be set up (no STARTTLS offered, a bad certificate, ...).
    Tls { server: String, reason: String },
    /// The server refused the user and password.
    Authentication { user: String, reply: String },
    /// The server refused some recipients, so the message went to none.
    RecipientsRefused { refused: Vec<RefusedRecipient> },
    /// Anything else: the sender refused, the data refused, a broken reply.
    Other { reason: String },
}

impl DeliveryError {
    /// A short name for JSON events: `unreachable`, `tls`, `authentication`, `recipients-refused`, `other`.
    pub fn kind(&self) -> &'static str {
        match self {
            DeliveryError::Unreachable { .. } => "unreachable",
            DeliveryError::Tls { .. } => "tls",
            DeliveryError::Authentication { .. } => "authentication",
            DeliveryError::RecipientsRefused { .. } => "recipients-refused",
            DeliveryError::Other { .. } => "other",
        }
    }
}

impl std::fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeliveryError::Unreachable { server, reason } => {
                write!(f, "cannot reach the mail server {server}: {reason}")
            }
            DeliveryError::Tls { server, reason } => {
                write!(f, "no secure connection to the mail server {server}: {reason}")
            }
            DeliveryError::Authentication { user, reply } => {
                write!(f, "the mail server refused the login of {user:?}: {reply}")
            }
            DeliveryError::RecipientsRefused { refused } => {
                let list: Vec<String> = refused.iter().map(|r| format!("{} ({})", r.address, r.reply)).collect();
                write!(f, "the mail server refused {} (sent to nobody): {}", plural(refused.len()), list.join("; "))
            }
            DeliveryError::Other { reason } => write!(f, "the mail server did not take the message: {reason}"),
        }
    }
}

fn plural(n: usize) -> String {
    if n == 1 { "1 recipient".into() } else { format!("{n} recipients") }
}

impl std::error::Error for DeliveryError {}

/// Sends `bytes` from `from` to every address of `recipients` in one SMTP
/// session; returns the server's final reply. Every recipient is tried
/// first: when any is refused, the session is reset and nothing is sent.
pub fn send_raw(
    settings: &SmtpSettings,
    from: &Address,
    recipients: &[Address],
    bytes: &[u8],
) -> Result<String, DeliveryError> {
    let mut conn = open(settings)?;
    let result = transfer(&mut conn, from, recipients, bytes);
    // The message is in (or not): a failing QUIT changes nothing.
    let _ = conn.quit();
    result
}

fn open(settings: &SmtpSettings) -> Result<SmtpConnection, DeliveryError> {
    let server = settings.server();
    let hello = ClientId::Domain("localhost".into());
    let tls = || {
        TlsParameters::new(settings.host.clone())
            .map_err(|e| DeliveryError::Tls { server: server.clone(), reason: e.to_string() })
    };
    let wrapper = if settings.security == Security::ImplicitTls { Some(tls()?) } else { None };
    let mut conn = SmtpConnection::connect(
        (settings.host.as_str(), settings.port),
        Some(settings.timeout),
        &hello,
        wrapper.as_ref(),
        None,
    )
    .map_err(|e| {
        if e.is_tls() {
            DeliveryError::Tls { server: server.clone(), reason: e.to_string() }
        } else {
            DeliveryError::Unreachable { server: server.clone(), reason: e.to_string() }
        }
    })?;
    let wants_starttls = match settings.security {
        Security::StartTls if !conn.can_starttls() => {
            return Err(DeliveryError::Tls { server, reason: "the server does not offer STARTTLS".into() });
        }
        Security::StartTls => true,
        Security::StartTlsIfOffered => conn.can_starttls(),
        Security::ImplicitTls | Security::Plain => false,
    };
    if wants_starttls {
        conn.starttls(&tls()?, &hello)
            .map_err(|e| DeliveryError::Tls { server: server.clone(), reason: e.to_string() })?;
    }
    if let Some((user, password)) = &settings.credentials {
        let credentials = Credentials::new(user.clone(), password.clone());
        conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
            .map_err(|e| DeliveryError::Authentication { user: user.clone(), reply: e.to_string() })?;
    }
    Ok(conn)
}

fn transfer(
    conn: &mut SmtpConnection,
    from: &Address,
    recipients: &[Address],
    bytes: &[u8],
) -> Result<String, DeliveryError> {
    let other = |e: lettre::transport::smtp::Error| DeliveryError::Other { reason: e.to_string() };
    conn.command(Mail::new(Some(from.clone()), vec![])).map_err(other)?;
    let refused: Vec<RefusedRecipient> = recipients
        .iter()
        .filter_map(|to| {
            conn.command(Rcpt::new(to.clone(), vec![]))
                .err()
                .map(|e| RefusedRecipient { address: to.to_string(), reply: e.to_string() })
        })
        .collect();
    if !refused.is_empty() {
        let _ = conn.command(Rset);
        return Err(DeliveryError::RecipientsRefused { refused });
    }
    conn.command(Data).map_err(other)?;
    let reply = conn.message(bytes).map_err(other)?;
    Ok(reply.first_line().unwrap_or_default().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)]) -> Result<SmtpSettings, SmtpSettingsError> {
        let map: std::collections::HashMap<String, String> =
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        SmtpSettings::from_vars(|name| map.get(name).cloned())
    }

    #[test]
    fn a_submission_url_needs_starttls_and_takes_the_user_as_sender() {
        let s = settings(&[(URL_VAR, "smtp://brief%40example.com@mail.example.com"), (PASSWORD_VAR, "pw")]).unwrap();
        assert_eq!((s.host.as_str(), s.port, s.security), ("mail.example.com", 587, Security::StartTls));
        assert_eq!(s.credentials, Some(("brief@example.com".into(), "pw".into())));
        assert_eq!(s.from.email.to_string(), "brief@example.com");
    }

    #[test]
    fn smtps_is_implicit_tls_and_from_comes_from_its_variable() {
        let s = settings(&[(URL_VAR, "smtps://relay.example.com"), (FROM_VAR, "Brief <brief@example.com>")]).unwrap();
        assert_eq!((s.port, s.security, s.credentials.clone()), (465, Security::ImplicitTls, None));
        assert_eq!(s.from.name.as_deref(), Some("Brief"));
    }

    #[test]
    fn only_the_loopback_address_may_go_without_tls() {
        let with_from = |url: &str| settings(&[(URL_VAR, url), (FROM_VAR, "b@example.com")]);
        assert_eq!(with_from("smtp://127.0.0.1:2525").unwrap().security, Security::StartTlsIfOffered);
        assert_eq!(with_from("smtp://localhost:25?tls=none").unwrap().security, Security::Plain);
        assert_eq!(with_from("smtp://[::1]:25?tls=none").unwrap().security, Security::Plain);
        assert!(
            with_from("smtp://mail.example.com?tls=none")
                .unwrap_err()
                .0
                .contains("only allowed for a server on the loopback")
        );
        assert!(with_from("smtp://10.0.0.1").is_ok_and(|s| s.security == Security::StartTls));
        assert!(with_from("http://mail.example.com").unwrap_err().0.contains("unknown scheme http://"));
        assert!(with_from("smtp://localhost?tls=maybe").unwrap_err().0.contains("unknown setting tls=maybe"));
    }

    #[test]
    fn a_password_never_comes_from_the_url() {
        let e = settings(&[(URL_VAR, "smtp://user:secret@mail.example.com")]).unwrap_err();
        assert!(e.0.contains("holds a password") && !e.0.contains("secret"), "{e}");
        let e = settings(&[(URL_VAR, "smtp://user@mail.example.com"), (FROM_VAR, "b@example.com")]).unwrap_err();
        assert!(e.0.contains("BRIEF_SMTP_PASSWORD is not set"), "{e}");
        let e = settings(&[(URL_VAR, "smtp://mail.example.com"), (PASSWORD_VAR, "x"), (FROM_VAR, "b@example.com")])
            .unwrap_err();
        assert!(e.0.contains("names no user"), "{e}");
    }

    #[test]
    fn missing_settings_say_what_to_set() {
        assert!(settings(&[]).unwrap_err().0.contains("BRIEF_SMTP_URL is not set"));
        let e = settings(&[(URL_VAR, "smtp://user@mail.example.com"), (PASSWORD_VAR, "x")]).unwrap_err();
        assert!(e.0.contains("set BRIEF_SMTP_FROM"), "{e}");
        let e = settings(&[(URL_VAR, "smtp://mail.example.com"), (FROM_VAR, "nobody")]).unwrap_err();
        assert!(e.0.starts_with("BRIEF_SMTP_FROM: \"nobody\" is not an e-mail address"), "{e}");
    }
}
