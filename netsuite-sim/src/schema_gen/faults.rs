//! `platform.faults.xsd` and `platform.faultTypes.xsd` of the generated set: the fault detail
//! elements NetSuite declares, and the code and status detail types.

use super::xsd::{Complex, Occ, Schema};
use crate::version::Version;

/// The fault detail elements NetSuite declares (reference §7.2).
pub(crate) const FAULTS: [&str; 12] = [
    "insufficientPermissionFault",
    "invalidAccountFault",
    "invalidCredentialsFault",
    "invalidSessionFault",
    "exceededConcurrentRequestLimitFault",
    "exceededRequestLimitFault",
    "exceededUsageLimitFault",
    "exceededRecordCountFault",
    "exceededRequestSizeFault",
    "invalidVersionFault",
    "asyncFault",
    "unexpectedErrorFault",
];

/// `platform.faults.xsd`.
pub(super) fn faults(version: Version) -> String {
    let mut s = Schema::new(version, "platformFaults");
    s.complex(
        Complex::new("SoapFault")
            .field("code", "platformFaultTyp:FaultCodeType", Occ::One)
            .field("message", "xsd:string", Occ::One),
    );
    for element in FAULTS {
        let mut class = element.to_owned();
        class[..1].make_ascii_uppercase();
        s.complex(Complex::new(class.as_str()).base("platformFaults:SoapFault"));
        s.element(element, &format!("platformFaults:{class}"));
    }
    s.finish()
}

/// `platform.faultTypes.xsd`. The codes are NetSuite's words; the simulator does not list
/// them (any text), but the detail type is the closed `ERROR`/`WARN`/`INFO`.
pub(super) fn fault_types(version: Version) -> String {
    let mut s = Schema::new(version, "platformFaultTyp");
    s.enumeration("FaultCodeType", &[]);
    s.enumeration("StatusDetailCodeType", &[]);
    s.enumeration("StatusDetailType", &["ERROR", "WARN", "INFO"]);
    s.finish()
}
