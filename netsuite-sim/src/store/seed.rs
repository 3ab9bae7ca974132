//! Deterministic seed data: every seeded record is a pure function of (spec seed, kind, index),
//! generated when it is read, so a million customers cost no memory until they change.
//!
//! Internal ids are `Family::id_base() + index` (index from 1). Items interleave their kinds
//! (inventory, non-inventory sale, service sale); transactions are the sales orders followed by
//! the invoices. External ids are `<prefix>-<index>` with the prefix of [`ext_prefix`].

use time::{Duration, OffsetDateTime};

use super::dates;
use super::elem::Elem;
use super::record::{Family, Record, RecordKind};
use super::StoreSpec;

/// How many records of each kind a spec seeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeedCounts {
    /// `StoreSpec::customers`; internal ids 1..=customers.
    pub customers: u64,
    /// One per customer (contact n works for customer n); ids from 20,000,001.
    pub contacts: u64,
    /// customers / 20, at least 3; ids from 40,000,001.
    pub vendors: u64,
    /// customers / 50, at least 3; ids from 41,000,001.
    pub employees: u64,
    /// customers / 10 between 6 and 10,000, kinds interleaved (inventory, non-inventory sale,
    /// service sale); ids from 42,000,001.
    pub items: u64,
    /// One per customer; ids from 50,000,001.
    pub sales_orders: u64,
    /// customers / 2, invoice n billing sales order n; ids follow the sales orders.
    pub invoices: u64,
    /// customers / 10, at least 3; ids from 80,000,001.
    pub custom_records: u64,
}

impl SeedCounts {
    /// Counts derived from the number of customers.
    pub(crate) fn from_spec(spec: &StoreSpec) -> SeedCounts {
        let c = spec.customers as u64;
        SeedCounts {
            customers: c,
            contacts: c,
            vendors: (c / 20).max(3),
            employees: (c / 50).max(3),
            items: (c / 10).clamp(6, 10_000),
            sales_orders: c,
            invoices: c / 2,
            custom_records: (c / 10).max(3),
        }
    }

    /// Seeded records in a family.
    pub(crate) fn family(&self, family: Family) -> u64 {
        match family {
            Family::Customer => self.customers,
            Family::Contact => self.contacts,
            Family::Vendor => self.vendors,
            Family::Employee => self.employees,
            Family::Item => self.items,
            Family::Transaction => self.sales_orders + self.invoices,
            Family::CustomRecord => self.custom_records,
        }
    }

    /// The kind and kind-local index (from 1) of a seeded internal id, if it is one.
    pub(crate) fn locate(&self, family: Family, internal_id: u64) -> Option<(RecordKind, u64)> {
        let n = internal_id
            .checked_sub(family.id_base())
            .filter(|&n| n >= 1 && n <= self.family(family))?;
        Some(match family {
            Family::Customer => (RecordKind::Customer, n),
            Family::Contact => (RecordKind::Contact, n),
            Family::Vendor => (RecordKind::Vendor, n),
            Family::Employee => (RecordKind::Employee, n),
            Family::Item => (item_kind(n), n),
            Family::Transaction if n <= self.sales_orders => (RecordKind::SalesOrder, n),
            Family::Transaction => (RecordKind::Invoice, n - self.sales_orders),
            Family::CustomRecord => (RecordKind::CustomRecord, n),
        })
    }

    /// The internal id of a kind-local index.
    pub(crate) fn internal_id(&self, kind: RecordKind, index: u64) -> u64 {
        let offset = if kind == RecordKind::Invoice {
            self.sales_orders
        } else {
            0
        };
        kind.family().id_base() + offset + index
    }

    /// How many seeded records a kind has.
    pub(crate) fn kind(&self, kind: RecordKind) -> u64 {
        match kind {
            RecordKind::InventoryItem => self.items.div_ceil(3),
            RecordKind::NonInventorySaleItem => (self.items + 1) / 3,
            RecordKind::ServiceSaleItem => self.items / 3,
            RecordKind::SalesOrder => self.sales_orders,
            RecordKind::Invoice => self.invoices,
            other => self.family(other.family()),
        }
    }
}

fn item_kind(n: u64) -> RecordKind {
    match (n - 1) % 3 {
        0 => RecordKind::InventoryItem,
        1 => RecordKind::NonInventorySaleItem,
        _ => RecordKind::ServiceSaleItem,
    }
}

/// The external id prefix of a kind's seeded records (`cus-17`).
pub(crate) fn ext_prefix(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Customer => "cus",
        RecordKind::Contact => "con",
        RecordKind::Vendor => "ven",
        RecordKind::Employee => "emp",
        RecordKind::InventoryItem
        | RecordKind::NonInventorySaleItem
        | RecordKind::ServiceSaleItem => "item",
        RecordKind::SalesOrder => "so",
        RecordKind::Invoice => "inv",
        RecordKind::CustomRecord => "cr",
    }
}

/// The internal id of the custom record type (`customrecord_sim_project`).
pub(crate) const CUSTOM_RECORD_TYPE_ID: u64 = 100;
/// The script id of the custom record type.
pub(crate) const CUSTOM_RECORD_TYPE_SCRIPT_ID: &str = "customrecord_sim_project";
/// The custom list behind the `sim_tier` select fields.
pub(crate) const TIER_LIST_ID: &str = "11";
/// The custom list behind the `sim_tags` multi-select fields.
pub(crate) const TAGS_LIST_ID: &str = "12";
/// Values of the tier list, internal ids 1.. in order.
pub(crate) const TIERS: [&str; 5] = ["Bronze", "Silver", "Gold", "Platinum", "Diamond"];
/// Values of the tags list, internal ids 1.. in order.
pub(crate) const TAGS: [&str; 5] = ["Retail", "Wholesale", "Online", "Partner", "Export"];
/// Subsidiaries (`subsidiary` select values), internal ids 1.. in order.
pub(crate) const SUBSIDIARIES: [&str; 3] = ["Parent Company", "Sim US", "Sim UK"];

/// The custom fields every record kind carries: (suffix, CustomFieldRef type, internal id offset).
pub(crate) const CUSTOM_FIELDS: [(&str, &str); 7] = [
    ("_sim_text", "StringCustomFieldRef"),
    ("_sim_count", "LongCustomFieldRef"),
    ("_sim_score", "DoubleCustomFieldRef"),
    ("_sim_flag", "BooleanCustomFieldRef"),
    ("_sim_date", "DateCustomFieldRef"),
    ("_sim_tier", "SelectCustomFieldRef"),
    ("_sim_tags", "MultiSelectCustomFieldRef"),
];

const ADJECTIVES: [&str; 16] = [
    "Blue", "Northern", "Rapid", "Silver", "Golden", "Bright", "Quiet", "Prime", "Pacific",
    "Summit", "Urban", "Royal", "Green", "Iron", "Crystal", "Atlas",
];
const NOUNS: [&str; 16] = [
    "Harbor", "Forge", "Valley", "Works", "Peak", "Bridge", "Field", "Ridge", "Labs", "Market",
    "Mills", "Point", "Lake", "Grove", "Stone", "Wave",
];
const SUFFIXES: [&str; 6] = ["Inc.", "LLC", "Ltd", "Group", "Co.", "Partners"];
const FIRST: [&str; 12] = [
    "Ada", "Ben", "Chloe", "Dev", "Eva", "Femi", "Gus", "Hana", "Ivan", "Jia", "Kofi", "Lena",
];
const LAST: [&str; 12] = [
    "Smith", "Okafor", "Garcia", "Chen", "Novak", "Patel", "Silva", "Kim", "Moreau", "Brown",
    "Sato", "Berg",
];

/// The first instant seeded dates may take.
fn epoch() -> OffsetDateTime {
    time::macros::datetime!(2024-01-01 00:00 -8)
}

/// splitmix64: a fast, well-mixed hash of (seed, kind, index).
fn mix(seed: u64, salt: u64, index: u64) -> u64 {
    let mut z =
        seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ index.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn pick<'a>(list: &[&'a str], h: u64) -> &'a str {
    list[(h % list.len() as u64) as usize]
}

/// The generator of one account's seed data.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Seeder {
    pub seed: u64,
    pub counts: SeedCounts,
}

impl Seeder {
    /// The seeded record with this internal id, if the id is a seeded one.
    pub(crate) fn record(&self, family: Family, internal_id: u64) -> Option<Record> {
        self.partial(family, internal_id, None)
    }

    /// The seeded record with only the wanted body fields (all of them for `None`): searches
    /// over millions of records build just what their criteria read.
    pub(crate) fn partial(
        &self,
        family: Family,
        internal_id: u64,
        want: Want<'_>,
    ) -> Option<Record> {
        let (kind, n) = self.counts.locate(family, internal_id)?;
        Some(self.build(kind, n, internal_id, want))
    }

    /// The creation date of a seeded record (cheap: no record is built).
    pub(crate) fn created(&self, kind: RecordKind, n: u64) -> OffsetDateTime {
        let h = mix(self.seed, kind.family() as u64 + 101, n);
        epoch() + Duration::seconds((h % (700 * 86_400)) as i64)
    }

    fn modified(&self, kind: RecordKind, n: u64) -> OffsetDateTime {
        let h = mix(self.seed, kind.family() as u64 + 202, n);
        self.created(kind, n) + Duration::seconds((h % (30 * 86_400)) as i64)
    }

    fn customer_entity_id(n: u64) -> String {
        format!("CUST{n}")
    }

    fn company(h: u64) -> String {
        format!(
            "{} {} {}",
            pick(&ADJECTIVES, h),
            pick(&NOUNS, h >> 8),
            pick(&SUFFIXES, h >> 16)
        )
    }

    fn build(&self, kind: RecordKind, n: u64, internal_id: u64, want: Want<'_>) -> Record {
        let h = mix(self.seed, kind as u64, n);
        let mut f = Fields {
            want,
            list: Vec::with_capacity(if want.is_some() { 4 } else { 24 }),
        };
        let created = || dates::format(self.created(kind, n));
        let modified = || dates::format(self.modified(kind, n));
        let sub_ref = || {
            let subsidiary = 1 + (h >> 40) % SUBSIDIARIES.len() as u64;
            let name = SUBSIDIARIES[subsidiary as usize - 1];
            Elem::reference("subsidiary", subsidiary, Some(name.into()))
        };
        let inactive = || if h % 20 == 0 { "true" } else { "false" };
        let first = pick(&FIRST, h >> 4);
        let last = pick(&LAST, h >> 12);
        let phone = || format!("555-{:04}", h % 10_000);
        match kind {
            RecordKind::Customer => {
                f.leaf("entityId", || Self::customer_entity_id(n));
                f.leaf("companyName", || Self::company(h));
                f.add("entityStatus", || {
                    Elem::reference("entityStatus", 13, Some("CUSTOMER-Closed Won".into()))
                });
                f.leaf("phone", phone);
                f.leaf("email", || {
                    format!("ap{n}@{}.example.com", pick(&NOUNS, h >> 8).to_lowercase())
                });
                f.leaf("isInactive", inactive);
                f.leaf("dateCreated", created);
                f.add("subsidiary", sub_ref);
                f.add("salesRep", || {
                    let rep = 1 + (h >> 20) % self.counts.employees.max(1);
                    let name = self.employee_name(rep);
                    Elem::reference(
                        "salesRep",
                        Family::Employee.id_base() + rep,
                        Some(name.into()),
                    )
                });
                f.leaf("creditLimit", || format!("{}.0", 1000 * (1 + h % 50)));
                f.leaf("balance", || {
                    format!("{}.{:02}", (h >> 24) % 100_000, (h >> 8) % 100)
                });
                f.add("currency", || {
                    Elem::reference("currency", 1, Some("USA".into()))
                });
                f.leaf("lastModifiedDate", modified);
                f.leaf("stage", || "_customer");
            }
            RecordKind::Contact => {
                f.leaf("entityId", || format!("{first} {last} {n}"));
                f.leaf("firstName", || first);
                f.leaf("lastName", || last);
                if n <= self.counts.customers {
                    f.add("company", || {
                        let name = Self::customer_entity_id(n);
                        Elem::reference(
                            "company",
                            Family::Customer.id_base() + n,
                            Some(name.into()),
                        )
                    });
                }
                f.leaf("phone", phone);
                f.leaf("email", || {
                    format!(
                        "{}.{}{n}@example.com",
                        first.to_lowercase(),
                        last.to_lowercase()
                    )
                });
                f.add("subsidiary", sub_ref);
                f.leaf("isInactive", inactive);
                f.leaf("dateCreated", created);
                f.leaf("lastModifiedDate", modified);
            }
            RecordKind::Vendor => {
                f.leaf("entityId", || format!("VEND{n}"));
                f.leaf("companyName", || Self::company(h));
                f.leaf("email", || format!("sales{n}@vendor.example.com"));
                f.leaf("phone", phone);
                f.leaf("isInactive", inactive);
                f.leaf("dateCreated", created);
                f.leaf("lastModifiedDate", modified);
                f.add("subsidiary", sub_ref);
            }
            RecordKind::Employee => {
                f.leaf("entityId", || self.employee_name(n));
                f.leaf("firstName", || first);
                f.leaf("lastName", || last);
                f.leaf("email", || {
                    format!(
                        "{}.{}{n}@sim.example.com",
                        first.to_lowercase(),
                        last.to_lowercase()
                    )
                });
                f.leaf("title", || {
                    pick(
                        &["Sales Rep", "Account Manager", "Controller", "Buyer"],
                        h >> 3,
                    )
                });
                f.leaf("isInactive", || "false");
                f.leaf("dateCreated", created);
                f.leaf("lastModifiedDate", modified);
                f.add("subsidiary", sub_ref);
            }
            RecordKind::InventoryItem
            | RecordKind::NonInventorySaleItem
            | RecordKind::ServiceSaleItem => {
                f.leaf("itemId", || format!("ITEM-{n}"));
                f.leaf("displayName", || {
                    format!("{} {}", pick(&ADJECTIVES, h), pick(&NOUNS, h >> 8))
                });
                f.leaf("salesDescription", || format!("Seeded item {n}"));
                f.leaf("isInactive", inactive);
                f.leaf("createdDate", created);
                f.leaf("lastModifiedDate", modified);
            }
            RecordKind::SalesOrder | RecordKind::Invoice => {
                let so = n; // invoice n bills sales order n
                let customer = 1 + (so - 1) % self.counts.customers.max(1);
                f.leaf("createdDate", created);
                f.leaf("lastModifiedDate", modified);
                f.add("entity", || {
                    let name = Self::customer_entity_id(customer);
                    Elem::reference(
                        "entity",
                        Family::Customer.id_base() + customer,
                        Some(name.into()),
                    )
                });
                f.leaf("tranDate", created);
                let total = || self.order_lines(so, kind).1;
                if kind == RecordKind::SalesOrder {
                    f.leaf("tranId", || format!("SO{n}"));
                    let status = if n <= self.counts.invoices {
                        "_fullyBilled"
                    } else {
                        "_pendingFulfillment"
                    };
                    f.leaf("orderStatus", || status);
                } else {
                    f.leaf("tranId", || format!("INV{n}"));
                    f.add("createdFrom", || {
                        let so_id = self.counts.internal_id(RecordKind::SalesOrder, so);
                        Elem::reference("createdFrom", so_id, Some(format!("SO{so}").into()))
                    });
                    f.leaf("amountRemaining", || {
                        if h % 3 == 0 {
                            "0.0".to_string()
                        } else {
                            format!("{:.2}", total())
                        }
                    });
                }
                f.add("subsidiary", sub_ref);
                f.leaf("total", || format!("{:.2}", total()));
                f.add("itemList", || Elem {
                    name: "itemList".into(),
                    children: self.order_lines(so, kind).0,
                    ..Elem::default()
                });
            }
            RecordKind::CustomRecord => {
                f.add("recType", || {
                    Elem::reference("recType", CUSTOM_RECORD_TYPE_ID, Some("Sim Project".into()))
                });
                f.leaf("name", || format!("Project {n}"));
                f.leaf("isInactive", inactive);
                f.leaf("created", created);
                f.leaf("lastModified", modified);
            }
        }
        f.add("customFieldList", || {
            custom_fields(kind, h, self.created(kind, n))
        });
        let external_id = Some(format!("{}-{n}", ext_prefix(kind)).into());
        Record {
            kind,
            internal_id,
            external_id,
            fields: f.list,
        }
    }

    fn employee_name(&self, n: u64) -> String {
        let h = mix(self.seed, RecordKind::Employee as u64, n);
        format!("{} {} {n}", pick(&FIRST, h >> 4), pick(&LAST, h >> 12))
    }

    /// One to three item lines of sales order `so` (its invoice repeats them) and their total.
    fn order_lines(&self, so: u64, kind: RecordKind) -> (Vec<Elem>, f64) {
        let h = mix(self.seed, 999, so);
        let count = 1 + h % 3;
        let mut total = 0.0;
        let lines = (0..count)
            .map(|l| {
                let hl = mix(self.seed, 1000 + l, so);
                let item = 1 + hl % self.counts.items.max(1);
                let qty = 1 + (hl >> 8) % 10;
                let rate = (10 + (hl >> 16) % 490) as f64;
                let amount = qty as f64 * rate;
                total += amount;
                let item_ref = Elem::reference(
                    "item",
                    Family::Item.id_base() + item,
                    Some(format!("ITEM-{item}").into()),
                );
                let mut fields = vec![item_ref, Elem::leaf("quantity", format!("{qty}.0"))];
                fields.push(Elem::leaf("rate", format!("{rate:.2}")));
                fields.push(Elem::leaf("amount", format!("{amount:.2}")));
                if kind == RecordKind::SalesOrder {
                    fields.push(Elem::leaf("line", (l + 1).to_string()));
                }
                Elem {
                    name: "item".into(),
                    children: fields,
                    ..Elem::default()
                }
            })
            .collect();
        (lines, total)
    }
}

/// The seven `sim` custom fields of a record.
fn custom_fields(kind: RecordKind, h: u64, created: OffsetDateTime) -> Elem {
    let mut list = Elem {
        name: "customFieldList".into(),
        ..Elem::default()
    };
    for (i, (_, ty)) in CUSTOM_FIELDS.iter().enumerate() {
        let hv = h.rotate_left(7 * i as u32 + 5);
        let (script_id, internal_id) = custom_field_names(kind, i);
        let mut field = Elem::leaf("customField", "")
            .with_attr("scriptId", script_id)
            .with_attr("internalId", internal_id)
            .with_attr(super::elem::XSI_TYPE, *ty);
        let value = |text: String| Elem::leaf("value", text);
        let list_value = |id: u64, names: &[&'static str], type_id: &'static str| {
            Elem::leaf("value", "")
                .with_attr("internalId", id.to_string())
                .with_attr("typeId", type_id)
                .tap_child(Elem::leaf("name", names[id as usize - 1]))
        };
        match i {
            0 => field
                .children
                .push(value(format!("{} note", pick(&NOUNS, hv)))),
            1 => field.children.push(value((hv % 1000).to_string())),
            2 => field
                .children
                .push(value(format!("{}.{}", hv % 100, (hv >> 8) % 10))),
            3 => field.children.push(Elem::leaf(
                "value",
                if hv % 2 == 0 { "true" } else { "false" },
            )),
            4 => field.children.push(value(dates::format(
                created + Duration::days((hv % 60) as i64),
            ))),
            5 => field
                .children
                .push(list_value(1 + hv % 5, &TIERS, TIER_LIST_ID)),
            _ => {
                let a = 1 + hv % 5;
                let b = 1 + (hv >> 8) % 5;
                field.children.push(list_value(a, &TAGS, TAGS_LIST_ID));
                if b != a {
                    field.children.push(list_value(b, &TAGS, TAGS_LIST_ID));
                }
            }
        }
        list.children.push(field);
    }
    list
}

/// The script id and internal id of custom field `i` of a kind, as literals (computed once).
fn custom_field_names(kind: RecordKind, i: usize) -> (&'static str, &'static str) {
    static NAMES: std::sync::OnceLock<Vec<(&'static str, &'static str)>> =
        std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        RecordKind::ALL
            .iter()
            .flat_map(|k| {
                CUSTOM_FIELDS
                    .iter()
                    .enumerate()
                    .map(move |(j, (suffix, _))| {
                        let script: &'static str = Box::leak(
                            format!("{}{suffix}", k.custom_field_prefix()).into_boxed_str(),
                        );
                        let id: &'static str =
                            Box::leak(custom_field_internal_id(*k, j).to_string().into_boxed_str());
                        (script, id)
                    })
            })
            .collect()
    });
    names[kind as usize * CUSTOM_FIELDS.len() + i]
}

/// The internal id of custom field `i` of [`CUSTOM_FIELDS`] for a kind: 101.. for entity fields,
/// 201.. item, 301.. transaction body, 401.. custom record fields.
pub(crate) fn custom_field_internal_id(kind: RecordKind, i: usize) -> u64 {
    let group = match kind.family() {
        Family::Item => 200,
        Family::Transaction => 300,
        Family::CustomRecord => 400,
        _ => 100,
    };
    group + 1 + i as u64
}

/// The body fields to build: `None` for all.
pub(crate) type Want<'a> = Option<&'a [&'a str]>;

/// Collects the wanted fields of a record being built; values are computed only when wanted.
struct Fields<'w> {
    want: Want<'w>,
    list: Vec<Elem>,
}

impl Fields<'_> {
    fn add(&mut self, name: &'static str, make: impl FnOnce() -> Elem) {
        if self.want.is_none_or(|w| w.contains(&name)) {
            self.list.push(make());
        }
    }

    fn leaf<T: Into<super::elem::Str>>(&mut self, name: &'static str, make: impl FnOnce() -> T) {
        self.add(name, || Elem::leaf(name, make()));
    }
}

trait TapChild {
    fn tap_child(self, child: Elem) -> Elem;
}

impl TapChild for Elem {
    fn tap_child(mut self, child: Elem) -> Elem {
        self.children.push(child);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::record::FieldKind;

    fn seeder(customers: usize) -> Seeder {
        let spec = StoreSpec {
            customers,
            ..StoreSpec::default()
        };
        Seeder {
            seed: spec.seed,
            counts: SeedCounts::from_spec(&spec),
        }
    }

    #[test]
    fn same_spec_gives_same_records() {
        let a = seeder(50).record(Family::Customer, 7).unwrap();
        let b = seeder(50).record(Family::Customer, 7).unwrap();
        assert_eq!(a, b);
        let other = Seeder {
            seed: 2,
            ..seeder(50)
        }
        .record(Family::Customer, 7)
        .unwrap();
        assert_ne!(a, other);
    }

    #[test]
    fn every_seeded_field_is_in_its_table() {
        let s = seeder(30);
        for family in Family::ALL {
            for n in 1..=s.counts.family(family) {
                let r = s.record(family, family.id_base() + n).unwrap();
                for f in &r.fields {
                    let def = r.kind.table().get(&f.name);
                    assert!(def.is_some(), "{:?}.{}", r.kind, f.name);
                    if let Some((_, d)) = def {
                        if let FieldKind::Lines(line) = d.kind {
                            for item in &f.children {
                                for lf in &item.children {
                                    assert!(
                                        line.table().get(&lf.name).is_some(),
                                        "{:?} line {}",
                                        r.kind,
                                        lf.name
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn locates_kinds_by_id() {
        let s = seeder(10);
        assert_eq!(
            s.counts
                .locate(Family::Item, Family::Item.id_base() + 2)
                .unwrap()
                .0,
            RecordKind::NonInventorySaleItem
        );
        let inv = s.counts.internal_id(RecordKind::Invoice, 1);
        assert_eq!(
            s.counts.locate(Family::Transaction, inv),
            Some((RecordKind::Invoice, 1))
        );
        assert_eq!(s.counts.locate(Family::Customer, 11), None);
        let sum: u64 = [
            RecordKind::InventoryItem,
            RecordKind::NonInventorySaleItem,
            RecordKind::ServiceSaleItem,
        ]
        .map(|k| s.counts.kind(k))
        .iter()
        .sum();
        assert_eq!(sum, s.counts.items);
    }
}
