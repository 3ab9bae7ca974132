//! Operations about the platform rather than records: getServerTime,
//! getAccountGovernanceInfo (getDataCenterUrls is answered before authentication, in `server`).

use super::{OpContext, OpResult};

pub(crate) fn dispatch(_op: &str, _body: roxmltree::Node<'_, '_>, _ctx: &OpContext<'_>) -> Option<OpResult> {
    None
}
