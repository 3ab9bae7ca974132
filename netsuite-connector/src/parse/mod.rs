//! Reading SuiteTalk responses with roxmltree, by namespace URI and local name only.

pub(crate) mod fault;
pub(crate) mod head;
pub(crate) mod response;

use roxmltree::Node;

use crate::ns;

/// The first child element of `node` with this local name, in any namespace.
///
/// Used where the element's namespace depends on the version only; callers that need a
/// particular namespace use [`child_ns`].
pub(crate) fn child<'a, 'i>(node: Node<'a, 'i>, local: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|n| n.is_element() && n.tag_name().name() == local)
}

/// The first child element with this namespace URI and local name.
pub(crate) fn child_ns<'a, 'i>(node: Node<'a, 'i>, uri: &str, local: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|n| n.is_element() && n.has_tag_name((uri, local)))
}

/// The text of a child element, trimmed.
pub(crate) fn child_text<'a>(node: Node<'a, '_>, local: &str) -> Option<&'a str> {
    child(node, local).and_then(|n| n.text()).map(str::trim)
}

/// The SOAP Body element of a parsed envelope.
pub(crate) fn body<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> Option<Node<'a, 'i>> {
    let env = doc.root_element();
    if !env.has_tag_name((ns::SOAP_ENV, "Envelope")) {
        return None;
    }
    child_ns(env, ns::SOAP_ENV, "Body")
}
