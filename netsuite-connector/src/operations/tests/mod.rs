//! Operation tests: request building (parsed back with roxmltree), response handling from
//! `testdata/*.xml`, settings validation, and XSD validation of the request bodies.

mod delete;
mod faults;
mod get;
mod reconcile;
mod settings;
mod write;
mod xsd;

use roxmltree::{Document, Node};

/// `(namespace URI, local name)` of an element.
pub(crate) fn name_of(n: Node<'_, '_>) -> (String, String) {
    (
        n.tag_name().namespace().unwrap_or("").to_string(),
        n.tag_name().name().to_string(),
    )
}

/// Local names of the element children.
pub(crate) fn child_names(n: Node<'_, '_>) -> Vec<String> {
    n.children()
        .filter(|c| c.is_element())
        .map(|c| c.tag_name().name().to_string())
        .collect()
}

/// The SOAP Header's first child with this local name.
pub(crate) fn header_child<'a, 'i>(doc: &'a Document<'i>, local: &str) -> Option<Node<'a, 'i>> {
    let header = doc
        .root_element()
        .children()
        .find(|c| c.is_element() && c.tag_name().name() == "Header")?;
    header
        .children()
        .find(|c| c.is_element() && c.tag_name().name() == local)
}

/// The Body's operation element.
pub(crate) fn body_op<'a, 'i>(doc: &'a Document<'i>) -> Node<'a, 'i> {
    crate::parse::body(doc)
        .and_then(|b| b.children().find(|c| c.is_element()))
        .expect("a Body with an operation element")
}

/// An attribute without a namespace (roxmltree's `attribute("type")` would also match
/// `xsi:type`).
pub(crate) fn plain_attr<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes()
        .find(|a| a.namespace().is_none() && a.name() == name)
        .map(|a| a.value())
}
