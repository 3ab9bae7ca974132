//! The saved searches every simulated account ships with, looked up by internal id or script id.
//!
//! Each is a `…SearchAdvanced` document in `saved/`, parsed like a request's search record.
//!
//! | id | script id | search |
//! |---|---|---|
//! | 1001 | `customsearch_sim_active_customers` | customers not inactive; entity id, company, email, created, tier |
//! | 1002 | `customsearch_sim_open_orders` | sales orders; number, customer, date, total, customer company |
//! | 1003 | `customsearch_sim_active_items` | items not inactive; item id, display name, type |
//! | 1004 | `customsearch_sim_contacts_with_email` | contacts with an email; names, email, company |
//! | 1005 | `customsearch_sim_customers_with_projects` | customers not inactive; labelled columns (email twice, as "Billing email" and "Statement email"), custom columns, a contact join and two custom record joins (client and partner project, see `search::custom_joins`) |

use time::OffsetDateTime;

use super::search::{Query, QueryError, SearchClass};

/// One predefined saved search.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SavedSearch {
    pub internal_id: u64,
    pub script_id: &'static str,
    pub class: SearchClass,
    /// The search's title, as `getSavedSearch` names it.
    pub title: &'static str,
    xml: &'static str,
}

/// The account's saved searches.
pub(crate) const SAVED_SEARCHES: [SavedSearch; 5] = [
    SavedSearch {
        internal_id: 1001,
        script_id: "customsearch_sim_active_customers",
        title: "Active Customers",
        class: SearchClass::Customer,
        xml: include_str!("saved/active_customers.xml"),
    },
    SavedSearch {
        internal_id: 1002,
        script_id: "customsearch_sim_open_orders",
        title: "Sales Orders",
        class: SearchClass::Transaction,
        xml: include_str!("saved/open_orders.xml"),
    },
    SavedSearch {
        internal_id: 1003,
        script_id: "customsearch_sim_active_items",
        title: "Active Items",
        class: SearchClass::Item,
        xml: include_str!("saved/active_items.xml"),
    },
    SavedSearch {
        internal_id: 1004,
        script_id: "customsearch_sim_contacts_with_email",
        title: "Contacts with Email",
        class: SearchClass::Contact,
        xml: include_str!("saved/recent_contacts.xml"),
    },
    SavedSearch {
        internal_id: 1005,
        script_id: "customsearch_sim_customers_with_projects",
        title: "Customers with Projects",
        class: SearchClass::Customer,
        xml: include_str!("saved/customers_with_projects.xml"),
    },
];

/// The saved search with this internal id or script id.
pub(crate) fn find(id: &str) -> Option<&'static SavedSearch> {
    SAVED_SEARCHES
        .iter()
        .find(|s| s.script_id == id || s.internal_id.to_string() == id)
}

impl SavedSearch {
    /// The saved search as a query.
    pub(crate) fn query(&self, now: OffsetDateTime) -> Result<Query, QueryError> {
        let doc = roxmltree::Document::parse(self.xml).map_err(|e| QueryError(e.to_string()))?;
        Query::parse(doc.root_element(), now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_saved_search_parses_as_its_class() {
        let now = time::OffsetDateTime::UNIX_EPOCH;
        for s in SAVED_SEARCHES {
            let q = s.query(now).unwrap();
            assert_eq!(q.class, s.class, "{}", s.script_id);
            assert!(!q.columns.unwrap().basic.is_empty());
        }
        assert_eq!(
            find("1002").unwrap().script_id,
            "customsearch_sim_open_orders"
        );
        assert!(find("customsearch_nope").is_none());
    }
}
