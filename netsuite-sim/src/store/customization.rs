//! The account's customizations: its custom fields and its custom record type, as
//! getCustomizationId lists them and get/getList of `entityCustomField`, … reads them.
//!
//! The seeded definitions agree with what the seed writes on records: the seven `sim` fields
//! of [`CUSTOM_FIELDS`] for each family (`custentity_sim_count` is an integer field of
//! customers, contacts, vendors and employees, …) and `customrecord_sim_project` with its
//! `custrecord_sim_*` fields. A test adds fields at run time with
//! [`AccountStore::add_custom_field`] (a field "added to the account tomorrow"), and may take
//! the role's permission to read customizations away.

use std::sync::atomic::Ordering;

use super::seed::{
    CUSTOM_FIELDS, CUSTOM_RECORD_TYPE_ID, CUSTOM_RECORD_TYPE_SCRIPT_ID, TAGS_LIST_ID, TIER_LIST_ID,
};
use super::AccountStore;

/// The customization record a custom field is (its `GetCustomizationType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CustomFieldKind {
    /// Applies to customers, contacts, vendors and employees (`custentity…`).
    Entity,
    /// Applies to inventory, non-inventory and service items (`custitem…`).
    Item,
    /// Applies to sales transactions' bodies (`custbody…`).
    TransactionBody,
    /// A field of the custom record type `customrecord_sim_project` (`custrecord…`).
    CustomRecord,
}

impl CustomFieldKind {
    /// The `GetCustomizationType` / `RecordType` value (`entityCustomField`, …).
    pub(crate) fn type_name(self) -> &'static str {
        match self {
            CustomFieldKind::Entity => "entityCustomField",
            CustomFieldKind::Item => "itemCustomField",
            CustomFieldKind::TransactionBody => "transactionBodyCustomField",
            CustomFieldKind::CustomRecord => "customRecordCustomField",
        }
    }

    /// The kind named by a customization type, if the simulator has such fields.
    pub(crate) fn from_type_name(name: &str) -> Option<CustomFieldKind> {
        [
            CustomFieldKind::Entity,
            CustomFieldKind::Item,
            CustomFieldKind::TransactionBody,
            CustomFieldKind::CustomRecord,
        ]
        .into_iter()
        .find(|k| k.type_name() == name)
    }

    fn prefix(self) -> &'static str {
        match self {
            CustomFieldKind::Entity => "custentity",
            CustomFieldKind::Item => "custitem",
            CustomFieldKind::TransactionBody => "custbody",
            CustomFieldKind::CustomRecord => "custrecord",
        }
    }

    fn id_group(self) -> u64 {
        match self {
            CustomFieldKind::Entity => 100,
            CustomFieldKind::Item => 200,
            CustomFieldKind::TransactionBody => 300,
            CustomFieldKind::CustomRecord => 400,
        }
    }
}

/// One custom field of the account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomField {
    /// Which customization record it is.
    pub kind: CustomFieldKind,
    /// Internal id (given by [`AccountStore::add_custom_field`] for added fields).
    pub internal_id: u64,
    /// `custentity_tier`.
    pub script_id: String,
    /// The label users see.
    pub label: String,
    /// A `CustomizationFieldType` value: `_integerNumber`, `_freeFormText`, `_date`,
    /// `_checkBox`, `_decimalNumber`, `_listRecord`, `_multipleSelect`, …
    pub field_type: String,
    /// For list fields: the internal id of the custom list behind them.
    pub select_list: Option<String>,
}

/// The `CustomizationFieldType` and label of each of [`CUSTOM_FIELDS`], in order.
const SEEDED_TYPES: [(&str, &str); 7] = [
    ("_freeFormText", "Sim Text"),
    ("_integerNumber", "Sim Count"),
    ("_decimalNumber", "Sim Score"),
    ("_checkBox", "Sim Flag"),
    ("_date", "Sim Date"),
    ("_listRecord", "Sim Tier"),
    ("_multipleSelect", "Sim Tags"),
];

/// The seeded fields of one kind (ids as `seed::custom_field_internal_id` gives them).
fn seeded(kind: CustomFieldKind) -> impl Iterator<Item = CustomField> {
    CUSTOM_FIELDS.iter().zip(SEEDED_TYPES).enumerate().map(
        move |(i, ((suffix, _), (field_type, label)))| CustomField {
            kind,
            internal_id: kind.id_group() + 1 + i as u64,
            script_id: format!("{}{suffix}", kind.prefix()),
            label: label.to_string(),
            field_type: field_type.to_string(),
            select_list: match i {
                5 => Some(TIER_LIST_ID.to_string()),
                6 => Some(TAGS_LIST_ID.to_string()),
                _ => None,
            },
        },
    )
}

/// The first internal id of fields added at run time.
const ADDED_IDS_FROM: u64 = 1001;

/// The custom record type's internal id, script id and name.
pub(crate) const CUSTOM_RECORD_TYPE: (u64, &str, &str) = (
    CUSTOM_RECORD_TYPE_ID,
    CUSTOM_RECORD_TYPE_SCRIPT_ID,
    "Sim Project",
);

impl AccountStore {
    /// Adds a custom field to the account, as an administrator would; returns its internal
    /// id. `internal_id` is ignored. Records are not changed: the field is empty on them.
    pub fn add_custom_field(&self, field: CustomField) -> u64 {
        let mut added = self.custom_fields.lock().unwrap_or_else(|e| e.into_inner());
        let id = ADDED_IDS_FROM + added.len() as u64;
        added.push(CustomField {
            internal_id: id,
            ..field
        });
        id
    }

    /// Whether the role may read customizations (getCustomizationId and the customization
    /// records); true unless a test takes it away.
    pub fn set_customization_permission(&self, allowed: bool) {
        self.customization_denied.store(!allowed, Ordering::Relaxed);
    }

    pub(crate) fn may_read_customizations(&self) -> bool {
        !self.customization_denied.load(Ordering::Relaxed)
    }

    /// Every custom field of a kind: seeded, then added, in internal id order.
    pub(crate) fn custom_fields_of(&self, kind: CustomFieldKind) -> Vec<CustomField> {
        let added = self.custom_fields.lock().unwrap_or_else(|e| e.into_inner());
        seeded(kind)
            .chain(added.iter().filter(|f| f.kind == kind).cloned())
            .collect()
    }

    /// The custom field with this internal id, if it is of `kind`.
    pub(crate) fn custom_field(
        &self,
        kind: CustomFieldKind,
        internal_id: u64,
    ) -> Option<CustomField> {
        self.custom_fields_of(kind)
            .into_iter()
            .find(|f| f.internal_id == internal_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::record::{Family, RecordKind};
    use crate::store::Lookup;

    /// The customization records describe exactly the custom fields seeded records carry.
    #[test]
    fn seeded_fields_agree_with_the_seeded_records() {
        let store = AccountStore::default();
        let view = store.read();
        for (family, kind) in [
            (Family::Customer, CustomFieldKind::Entity),
            (Family::Item, CustomFieldKind::Item),
            (Family::Transaction, CustomFieldKind::TransactionBody),
            (Family::CustomRecord, CustomFieldKind::CustomRecord),
        ] {
            let record = view.get(family.id_base() + 1).expect("a seeded record");
            let on_record: Vec<(String, String)> = record
                .field("customFieldList")
                .expect("custom fields")
                .children
                .iter()
                .map(|f| {
                    (
                        f.attr("scriptId").unwrap_or("").to_string(),
                        f.attr("internalId").unwrap_or("").to_string(),
                    )
                })
                .collect();
            let described: Vec<(String, String)> = store
                .custom_fields_of(kind)
                .into_iter()
                .map(|f| (f.script_id, f.internal_id.to_string()))
                .collect();
            assert_eq!(on_record, described, "{kind:?}");
        }
        assert_eq!(
            view.get_kind(RecordKind::Customer, 1).map(|r| r.kind),
            Some(RecordKind::Customer)
        );
    }

    #[test]
    fn added_fields_follow_the_seeded_ones() {
        let store = AccountStore::default();
        let id = store.add_custom_field(CustomField {
            kind: CustomFieldKind::Entity,
            internal_id: 0,
            script_id: "custentity_new".into(),
            label: "New".into(),
            field_type: "_checkBox".into(),
            select_list: None,
        });
        let fields = store.custom_fields_of(CustomFieldKind::Entity);
        assert_eq!(fields.len(), 8);
        assert_eq!(fields[7].internal_id, id);
        assert!(store.custom_fields_of(CustomFieldKind::Item).len() == 7);
        assert_eq!(
            store
                .custom_field(CustomFieldKind::Entity, id)
                .unwrap()
                .script_id,
            "custentity_new"
        );
    }
}
