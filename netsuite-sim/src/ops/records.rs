//! Record operations: get, getList, add, addList, update, updateList, upsert, upsertList,
//! delete, deleteList, search, searchMoreWithId, getDeleted, getSelectValue, initialize,
//! attach, detach.

use super::{OpContext, OpResult};

pub(crate) fn dispatch(_op: &str, _body: roxmltree::Node<'_, '_>, _ctx: &OpContext<'_>) -> Option<OpResult> {
    None
}
