//! SOAP faults: a whole request refused, with NetSuite's fault element, code and message.

use roxmltree::Node;

use super::{child, child_text};

/// A SOAP fault from NetSuite.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    /// The detail element's local name (`exceededConcurrentRequestLimitFault`), or empty when
    /// the fault had no NetSuite detail.
    pub element: String,
    /// NetSuite's code (`WS_REQUEST_BLOCKED`), or the SOAP faultcode without detail.
    pub code: String,
    /// The message.
    pub message: String,
}

/// Reads a `soapenv:Fault` element.
pub fn read(fault: Node<'_, '_>) -> Fault {
    let faultstring = child_text(fault, "faultstring")
        .unwrap_or_default()
        .to_string();
    let faultcode = child_text(fault, "faultcode")
        .unwrap_or_default()
        .to_string();
    let detail = child(fault, "detail").and_then(|d| {
        d.children()
            .find(|n| n.is_element() && n.tag_name().name().ends_with("Fault"))
    });
    match detail {
        Some(d) => Fault {
            element: d.tag_name().name().to_string(),
            code: child_text(d, "code").unwrap_or_default().to_string(),
            message: child_text(d, "message")
                .map(str::to_string)
                .unwrap_or(faultstring),
        },
        None => Fault {
            element: String::new(),
            code: faultcode,
            message: faultstring,
        },
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.element.is_empty() {
            write!(f, "{}: {}", self.code, self.message)
        } else {
            write!(f, "{} {}: {}", self.element, self.code, self.message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_detail_whatever_the_prefixes() {
        let xml = r#"<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"><soap-env:Body><soap-env:Fault>
            <faultcode>soapenv:Server.userException</faultcode><faultstring>SuiteTalk concurrent request limit exceeded. Request blocked.</faultstring>
            <detail><ns0:exceededConcurrentRequestLimitFault xmlns:ns0="urn:faults_2023_2.platform.webservices.netsuite.com">
            <ns0:code>WS_REQUEST_BLOCKED</ns0:code><ns0:message>SuiteTalk concurrent request limit exceeded. Request blocked.</ns0:message>
            </ns0:exceededConcurrentRequestLimitFault></detail></soap-env:Fault></soap-env:Body></soap-env:Envelope>"#;
        let doc = roxmltree::Document::parse(xml).unwrap();
        let body = crate::parse::body(&doc).unwrap();
        let f = read(child(body, "Fault").unwrap());
        assert_eq!(f.element, "exceededConcurrentRequestLimitFault");
        assert_eq!(f.code, "WS_REQUEST_BLOCKED");
    }
}
