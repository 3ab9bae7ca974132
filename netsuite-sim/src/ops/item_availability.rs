//! getItemAvailability: on-hand, on-order, committed and available quantities of inventory
//! items per location (`store::seed_lists::LOCATIONS`). Quantities are a pure function of the
//! item and location, so every call agrees; non-inventory and service items have no stock and
//! give no rows, as in NetSuite. More than 10,000 items in one request is NetSuite's
//! ExceededRecordCountFault.

use roxmltree::Node;
use time::Duration;

use super::response::{self, Detail};
use super::{OpContext, OpResult};
use crate::faults::Fault;
use crate::store::elem::child_named;
use crate::store::record::{Family, RecordKind};
use crate::store::seed_lists::LOCATIONS;
use crate::store::xml::XmlOut;
use crate::store::{dates, family_of, Lookup};

/// NetSuite's limit of items per request.
const MAX_ITEMS: usize = 10_000;

/// One row's quantities.
pub(crate) struct Stock {
    pub on_hand: u64,
    pub on_order: u64,
    pub committed: u64,
    pub reorder_point: u64,
}

impl Stock {
    pub(crate) fn available(&self) -> u64 {
        self.on_hand.saturating_sub(self.committed)
    }
}

/// The stock of an item at a location (`location` an id of `LOCATIONS`).
pub(crate) fn stock(item: u64, location: u64) -> Stock {
    let h = item.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ location.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let h = (h ^ (h >> 29)).wrapping_mul(0x94D0_49BB_1331_11EB);
    let on_hand = h % 500;
    Stock {
        on_hand,
        on_order: (h >> 12) % 100,
        committed: ((h >> 24) % 100).min(on_hand),
        reorder_point: 20 + (h >> 36) % 30,
    }
}

pub(crate) fn get_item_availability(body: Node<'_, '_>, ctx: &OpContext<'_>) -> OpResult {
    const OP: &str = "getItemAvailabilityResponse";
    let filter = child_named(body, "itemAvailabilityFilter").ok_or_else(|| {
        Fault::user_error("The getItemAvailability request has no itemAvailabilityFilter.")
    })?;
    let refs: Vec<Node<'_, '_>> = child_named(filter, "item")
        .map(|l| {
            l.children()
                .filter(|n| n.is_element() && n.tag_name().name() == "recordRef")
                .collect()
        })
        .unwrap_or_default();
    if refs.len() > MAX_ITEMS {
        return Err(Fault::exceeded_record_count(format!(
            "The maximum number of items allowed for getItemAvailability is {MAX_ITEMS}; the request has {}.",
            refs.len()
        )));
    }
    let since = child_named(filter, "lastQtyAvailableChange")
        .and_then(|n| n.text())
        .and_then(dates::parse);
    let view = ctx.store.read();
    // (item id, item name) of the inventory items named; an unknown item refuses the request.
    let mut items: Vec<(u64, String)> = Vec::new();
    let mut problem = None;
    for r in &refs {
        let id = r.attribute("internalId").unwrap_or("").trim();
        let found = id
            .parse::<u64>()
            .ok()
            .filter(|id| family_of(*id) == Family::Item)
            .and_then(|id| view.get(id));
        match found {
            Some(rec) if rec.kind == RecordKind::InventoryItem => items.push((
                rec.internal_id,
                rec.display_name().unwrap_or_default().to_owned(),
            )),
            Some(_) => {}
            None => {
                problem = Some(Detail::error(
                    "INVALID_KEY_OR_REF",
                    format!("Invalid item reference key {id}."),
                ));
                break;
            }
        }
    }
    let mut out = XmlOut::new();
    response::open(&mut out, OP, ctx.version);
    out.start("platformCore:getItemAvailabilityResult", &[]);
    if let Some(detail) = problem {
        response::status(&mut out, &[detail]);
    } else {
        response::status(&mut out, &[]);
        // Each row's quantity last changed a few days before now, a fixed offset per row.
        let rows: Vec<(u64, &str, u64, &str, time::OffsetDateTime)> = items
            .iter()
            .flat_map(|(id, name)| {
                LOCATIONS.iter().map(move |(loc, loc_name)| {
                    let changed = ctx.now - Duration::hours(((id + loc * 7) % 240) as i64);
                    (*id, name.as_str(), *loc, *loc_name, changed)
                })
            })
            .filter(|r| since.is_none_or(|s| r.4 > s))
            .collect();
        if !rows.is_empty() {
            out.start("platformCore:itemAvailabilityList", &[]);
            for (id, name, loc, loc_name, changed) in rows {
                let s = stock(id, loc);
                out.start("platformCore:itemAvailability", &[]);
                let (id, loc) = (id.to_string(), loc.to_string());
                out.start(
                    "platformCore:item",
                    &[("internalId", &id), ("type", "inventoryItem")],
                );
                out.leaf("platformCore:name", name);
                out.end("platformCore:item");
                out.leaf(
                    "platformCore:lastQtyAvailableChange",
                    &dates::format(changed),
                );
                out.start(
                    "platformCore:locationId",
                    &[("internalId", &loc), ("type", "location")],
                );
                out.leaf("platformCore:name", loc_name);
                out.end("platformCore:locationId");
                out.leaf("platformCore:quantityOnHand", &s.on_hand.to_string());
                out.leaf("platformCore:reorderPoint", &s.reorder_point.to_string());
                out.leaf("platformCore:quantityOnOrder", &s.on_order.to_string());
                out.leaf("platformCore:quantityCommitted", &s.committed.to_string());
                out.leaf("platformCore:quantityAvailable", &s.available().to_string());
                out.end("platformCore:itemAvailability");
            }
            out.end("platformCore:itemAvailabilityList");
        }
    }
    out.end("platformCore:getItemAvailabilityResult");
    out.end(OP);
    Ok(out.finish())
}
