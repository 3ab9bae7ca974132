//! getBudgetExchangeRate: the budget rates of one accounting period between subsidiaries whose
//! currencies differ. The current rate is the ratio of the currencies' dollar rates
//! (`currency::CURRENCIES`); the average and historical rates drift from it by the period, so
//! periods differ and every call agrees.

use roxmltree::Node;

use super::currency::CURRENCIES;
use super::response::{self, Detail};
use super::{OpContext, OpResult};
use crate::faults::Fault;
use crate::store::elem::child_named;
use crate::store::seed::SUBSIDIARIES;
use crate::store::seed_lists::{period_name, PERIODS, SUBSIDIARY_CURRENCY};
use crate::store::xml::XmlOut;

/// The internal id of a ref child of the filter, checked against `1..=max`.
fn id_of(filter: Node<'_, '_>, name: &str, max: u64) -> Result<Option<u64>, Detail> {
    let Some(node) = child_named(filter, name) else {
        return Ok(None);
    };
    let id = node.attribute("internalId").unwrap_or("").trim();
    id.parse::<u64>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .map(Some)
        .ok_or_else(|| {
            Detail::error(
                "INVALID_KEY_OR_REF",
                format!("Invalid {name} reference key {id}."),
            )
        })
}

fn dollars(subsidiary: u64) -> f64 {
    let currency = SUBSIDIARY_CURRENCY[subsidiary as usize - 1];
    CURRENCIES
        .iter()
        .find(|c| c.0 == currency)
        .map_or(1.0, |c| c.2)
}

pub(crate) fn get_budget_exchange_rate(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    const OP: &str = "getBudgetExchangeRateResponse";
    let filter = child_named(body, "budgetExchangeRateFilter").ok_or_else(|| {
        Fault::user_error("The getBudgetExchangeRate request has no budgetExchangeRateFilter.")
    })?;
    let subs = SUBSIDIARIES.len() as u64;
    let chosen = (|| {
        let period = id_of(filter, "period", PERIODS)?.ok_or_else(|| {
            Detail::error(
                "USER_ERROR",
                "The budget exchange rate filter needs a period.",
            )
        })?;
        Ok((
            period,
            id_of(filter, "fromSubsidiary", subs)?,
            id_of(filter, "toSubsidiary", subs)?,
        ))
    })();
    let mut out = XmlOut::new();
    response::open(&mut out, OP, ctx.version);
    out.start("platformCore:getBudgetExchangeRateResult", &[]);
    match chosen {
        Err(detail) => response::status(&mut out, &[detail]),
        Ok((period, from, to)) => {
            response::status(&mut out, &[]);
            let pairs: Vec<(u64, u64)> = (1..=subs)
                .flat_map(|f| (1..=subs).map(move |t| (f, t)))
                .filter(|(f, t)| {
                    f != t
                        && from.is_none_or(|x| x == *f)
                        && to.is_none_or(|x| x == *t)
                        && SUBSIDIARY_CURRENCY[*f as usize - 1]
                            != SUBSIDIARY_CURRENCY[*t as usize - 1]
                })
                .collect();
            if !pairs.is_empty() {
                let period_id = period.to_string();
                let drift = 1.0 + (period % 7) as f64 / 1000.0;
                out.start("platformCore:budgetExchangeRateList", &[]);
                for (f, t) in pairs {
                    let rate = dollars(f) / dollars(t);
                    out.start("platformCore:budgetExchangeRate", &[]);
                    out.start(
                        "platformCore:period",
                        &[("internalId", &period_id), ("type", "accountingPeriod")],
                    );
                    out.leaf("platformCore:name", &period_name(period));
                    out.end("platformCore:period");
                    for (element, id) in [
                        ("platformCore:fromSubsidiary", f),
                        ("platformCore:toSubsidiary", t),
                    ] {
                        let sid = id.to_string();
                        out.start(element, &[("internalId", &sid), ("type", "subsidiary")]);
                        out.leaf("platformCore:name", SUBSIDIARIES[id as usize - 1]);
                        out.end(element);
                    }
                    out.leaf("platformCore:currentRate", &format!("{rate:.6}"));
                    out.leaf("platformCore:averageRate", &format!("{:.6}", rate * drift));
                    out.leaf(
                        "platformCore:historicalRate",
                        &format!("{:.6}", rate / drift),
                    );
                    out.end("platformCore:budgetExchangeRate");
                }
                out.end("platformCore:budgetExchangeRateList");
            }
        }
    }
    out.end("platformCore:getBudgetExchangeRateResult");
    out.end(OP);
    Ok(out.finish())
}
