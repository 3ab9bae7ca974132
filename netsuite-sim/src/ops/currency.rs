//! getCurrencyRate: exchange rates between the account's currencies.
//!
//! The simulated account has four currencies with fixed rates against the US dollar; a rate
//! from one currency to another is the ratio of their dollar rates. The effective date is the
//! filter's, or the start of today.

use roxmltree::Node;

use super::response::{self, Detail};
use super::{OpContext, OpResult};
use crate::store::dates;
use crate::store::elem::child_named;
use crate::store::xml::XmlOut;

/// `(internal id, name, US dollars per unit)`.
pub(crate) const CURRENCIES: [(u64, &str, f64); 4] = [
    (1, "USA", 1.0),
    (2, "British pound", 1.27),
    (3, "Euro", 1.08),
    (4, "Canadian Dollar", 0.74),
];

fn currency(node: Option<Node<'_, '_>>) -> Result<Option<(u64, &'static str, f64)>, Detail> {
    let Some(node) = node else { return Ok(None) };
    let id = node.attribute("internalId").unwrap_or("").trim();
    CURRENCIES
        .iter()
        .find(|(cid, _, _)| cid.to_string() == id)
        .copied()
        .map(Some)
        .ok_or_else(|| {
            Detail::error(
                "INVALID_KEY_OR_REF",
                format!("Invalid currency reference key {id}."),
            )
        })
}

/// Answers `getCurrencyRate > currencyRateFilter (baseCurrency?, fromCurrency?, effectiveDate?)`.
pub(crate) fn get_currency_rate(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    const OP: &str = "getCurrencyRateResponse";
    let filter = child_named(body, "currencyRateFilter");
    let field = |name: &str| filter.and_then(|f| child_named(f, name));
    let effective = field("effectiveDate")
        .and_then(|n| n.text())
        .and_then(dates::parse)
        .unwrap_or_else(|| dates::start_of_day(ctx.now));
    let chosen = currency(field("baseCurrency"))
        .and_then(|base| Ok((base, currency(field("fromCurrency"))?)));

    let mut out = XmlOut::new();
    response::open(&mut out, OP, ctx.version);
    out.start("platformCore:getCurrencyRateResult", &[]);
    match chosen {
        Err(detail) => response::status(&mut out, &[detail]),
        Ok((base, from)) => {
            response::status(&mut out, &[]);
            let base = base.unwrap_or(CURRENCIES[0]);
            let date = dates::format(effective);
            out.start("platformCore:currencyRateList", &[]);
            for c in CURRENCIES
                .iter()
                .filter(|c| c.0 != base.0 && from.is_none_or(|f| f.0 == c.0))
            {
                out.start("platformCore:currencyRate", &[]);
                let (base_id, from_id) = (base.0.to_string(), c.0.to_string());
                out.start(
                    "platformCore:baseCurrency",
                    &[("internalId", &base_id), ("type", "currency")],
                );
                out.leaf("platformCore:name", base.1);
                out.end("platformCore:baseCurrency");
                out.start(
                    "platformCore:fromCurrency",
                    &[("internalId", &from_id), ("type", "currency")],
                );
                out.leaf("platformCore:name", c.1);
                out.end("platformCore:fromCurrency");
                out.leaf("platformCore:exchangeRate", &format!("{:.6}", c.2 / base.2));
                out.leaf("platformCore:effectiveDate", &date);
                out.end("platformCore:currencyRate");
            }
            out.end("platformCore:currencyRateList");
        }
    }
    out.end("platformCore:getCurrencyRateResult");
    out.end(OP);
    Ok(out.finish())
}
