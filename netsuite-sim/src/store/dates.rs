//! `xsd:dateTime` values as NetSuite writes them: milliseconds and the account's offset
//! (the simulator's accounts keep Pacific Standard Time, `-08:00`).

use time::format_description::well_known::Rfc3339;
use time::macros::{format_description, offset};
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// The offset every written date carries.
pub(crate) const ACCOUNT_OFFSET: UtcOffset = offset!(-8);

/// `2024-03-05T10:11:12.000-08:00`.
pub(crate) fn format(t: OffsetDateTime) -> String {
    let t = t.to_offset(ACCOUNT_OFFSET);
    let fmt = format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3][offset_hour sign:mandatory]:[offset_minute]"
    );
    t.format(&fmt).unwrap_or_default()
}

/// Parses an `xsd:dateTime` (offset optional: none means the account's) or an `xsd:date`.
pub(crate) fn parse(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(t);
    }
    let with_z = |s: &str| OffsetDateTime::parse(&format!("{s}Z"), &Rfc3339).ok();
    if text.ends_with('Z') || text.contains('+') || text.rfind('-').is_some_and(|i| i > 10) {
        // An offset without seconds fraction handled above; anything else is malformed.
        return None;
    }
    if text.len() > 10 {
        return with_z(text).map(|t| t.replace_offset(ACCOUNT_OFFSET));
    }
    let fmt = format_description!("[year]-[month]-[day]");
    let date = Date::parse(text, &fmt).ok()?;
    Some(PrimitiveDateTime::new(date, time::Time::MIDNIGHT).assume_offset(ACCOUNT_OFFSET))
}

/// The start of the account-local day holding `t`.
pub(crate) fn start_of_day(t: OffsetDateTime) -> OffsetDateTime {
    let local = t.to_offset(ACCOUNT_OFFSET);
    local.replace_time(time::Time::MIDNIGHT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn formats_with_millis_and_offset() {
        assert_eq!(
            format(datetime!(2024-03-05 18:11:12 UTC)),
            "2024-03-05T10:11:12.000-08:00"
        );
    }

    #[test]
    fn parses_common_forms() {
        let t = datetime!(2024-03-05 10:11:12 -8);
        assert_eq!(parse("2024-03-05T10:11:12.000-08:00"), Some(t));
        assert_eq!(parse("2024-03-05T18:11:12Z"), Some(t));
        assert_eq!(parse("2024-03-05T10:11:12"), Some(t));
        assert_eq!(parse("2024-03-05"), Some(datetime!(2024-03-05 0:00 -8)));
        assert_eq!(parse("nonsense"), None);
    }
}
