//! Custom record joins (`customSearchJoin`) of search columns: a customer search joining the
//! `customrecord_sim_project` records that point at the customer through one of the project
//! type's link fields, named by the join's `customizationRef`.
//!
//! The links are computed, not stored (as seeded contact n works for customer n): with P seeded
//! projects, customer n's client project is project `1 + (n - 1) % P` and its partner project
//! is project `1 + n % P`, so every customer has one of each.
//!
//! | link field (scriptId) | internalId | project of customer n |
//! |---|---|---|
//! | `custrecord_sim_project_client` | 451 | `1 + (n - 1) % P` |
//! | `custrecord_sim_project_partner` | 452 | `1 + n % P` |

use roxmltree::Node;

use super::{column_list, Column, SearchClass};
use crate::store::elem::child_named;
use crate::store::record::{Family, Record};
use crate::store::View;

/// A field of the project record type that links a project to a customer.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Link {
    pub internal_id: &'static str,
    pub script_id: &'static str,
    /// The field's label, written as the customizationRef's `name`.
    pub name: &'static str,
    offset: u64,
}

/// The link fields a `customSearchJoin` can name.
pub(crate) const LINKS: [Link; 2] = [
    Link {
        internal_id: "451",
        script_id: "custrecord_sim_project_client",
        name: "Client",
        offset: 0,
    },
    Link {
        internal_id: "452",
        script_id: "custrecord_sim_project_partner",
        name: "Partner",
        offset: 1,
    },
];

/// One `customSearchJoin` of a search's columns.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CustomJoin {
    /// The link its customizationRef names; `None` for a field the account does not have
    /// (the join then adds nothing to a row).
    pub link: Option<&'static Link>,
    /// The custom record's columns (`searchRowBasic`).
    pub basic: Vec<Column>,
    /// Its custom columns.
    pub custom: Vec<Column>,
}

impl CustomJoin {
    /// Parses `customSearchJoin > (customizationRef, searchRowBasic)`.
    pub(crate) fn parse(node: Node<'_, '_>) -> CustomJoin {
        let link = child_named(node, "customizationRef").and_then(|r| {
            let script = r.attribute("scriptId");
            let id = r.attribute("internalId");
            LINKS
                .iter()
                .find(|l| script == Some(l.script_id) || id == Some(l.internal_id))
        });
        let (basic, custom) = child_named(node, "searchRowBasic")
            .map(column_list)
            .unwrap_or_default();
        CustomJoin {
            link,
            basic,
            custom,
        }
    }

    /// The project record this join relates to `record` of a `class` search, if any.
    pub(crate) fn related(
        &self,
        view: &View<'_>,
        class: SearchClass,
        record: &Record,
    ) -> Option<u64> {
        let link = self.link?;
        let projects = view.seed_counts().custom_records;
        if class != SearchClass::Customer || projects == 0 || record.internal_id == 0 {
            return None;
        }
        let n = record.internal_id - 1 + link.offset;
        Some(Family::CustomRecord.id_base() + 1 + n % projects)
    }
}
