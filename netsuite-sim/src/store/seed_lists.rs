//! Fixed seed data of the lists that are not searchable records here: currencies, states,
//! budget categories, locations, accounting periods, the accounts invoices post to, and calendar
//! events with invitees. Every simulated account has the same lists.

use time::{Month, OffsetDateTime};

/// The ISO symbol of each currency of `ops::currency::CURRENCIES` (names and dollar rates are
/// there), in the same order; the US dollar is the base currency.
pub(crate) const CURRENCY_SYMBOLS: [&str; 4] = ["USD", "GBP", "EUR", "CAD"];

/// `(internal id, Country enumeration value, full name, short name)`.
pub(crate) const STATES: [(u64, &str, &str, &str); 6] = [
    (1, "_unitedStates", "California", "CA"),
    (2, "_unitedStates", "New York", "NY"),
    (3, "_unitedStates", "Texas", "TX"),
    (4, "_unitedStates", "Washington", "WA"),
    (5, "_canada", "Ontario", "ON"),
    (6, "_canada", "British Columbia", "BC"),
];

/// `(internal id, name, global budget type, inactive)`.
pub(crate) const BUDGET_CATEGORIES: [(u64, &str, bool, bool); 3] = [
    (1, "Operating", true, false),
    (2, "Capital", true, false),
    (3, "Forecast 2023", false, true),
];

/// `(internal id, name)` of the locations items are stocked in.
pub(crate) const LOCATIONS: [(u64, &str); 3] =
    [(1, "Main Warehouse"), (2, "East Coast DC"), (3, "London")];

/// The currency (an id of `ops::currency::CURRENCIES`) of each subsidiary of `seed::SUBSIDIARIES`, in order.
pub(crate) const SUBSIDIARY_CURRENCY: [u64; 3] = [1, 1, 2];

/// `(internal id, name)` of the accounts an invoice posts to: receivables (debit, the total)
/// and sales (credit).
pub(crate) const RECEIVABLES: (u64, &str) = (119, "Accounts Receivable");
pub(crate) const SALES: (u64, &str) = (54, "Sales");

/// Monthly accounting periods from January 2024: internal ids 1..=PERIODS.
pub(crate) const PERIODS: u64 = 36;

/// The period (`(internal id, "Jan 2024")`) a date falls in, if one of [`PERIODS`].
pub(crate) fn period_of(t: OffsetDateTime) -> Option<(u64, String)> {
    let months = (i64::from(t.year()) - 2024) * 12 + i64::from(u8::from(t.month())) - 1;
    let id = u64::try_from(months + 1).ok().filter(|id| *id <= PERIODS)?;
    Some((id, period_name(id)))
}

/// `Jan 2024` for period 1.
pub(crate) fn period_name(id: u64) -> String {
    let months = id - 1;
    let month = Month::January.nth_next((months % 12) as u8);
    let name = format!("{month}");
    format!("{} {}", &name[..3], 2024 + months / 12)
}

/// `(internal id, title)` of the calendar events the integration user is invited to and
/// answers with updateInviteeStatus.
pub(crate) const EVENTS: [(u64, &str); 3] = [
    (1, "Quarterly Business Review"),
    (2, "Product Launch"),
    (3, "Team Offsite"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_months_from_january_2024() {
        assert_eq!(period_name(1), "Jan 2024");
        assert_eq!(period_name(14), "Feb 2025");
        let t = time::macros::datetime!(2024-03-15 10:00 UTC);
        assert_eq!(period_of(t), Some((3, "Mar 2024".into())));
        let late = time::macros::datetime!(2030-01-01 0:00 UTC);
        assert_eq!(period_of(late), None);
    }
}
