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

/// The deepest element nesting any decoder follows, counted from the element it is given (a
/// record, a search row, a response element). SuiteTalk's deepest records are about ten levels
/// deep; the decoders recurse once per level, so a hostile response nested 100,000 levels deep
/// must be refused before it is decoded, not overflow the stack.
pub(crate) const MAX_DEPTH: usize = 64;

/// Checks that no element under `node` is nested more than [`MAX_DEPTH`] levels below it,
/// without recursing.
///
/// # Errors
/// A message naming `what` (e.g. "record 3 of page 2") when the nesting is deeper.
pub(crate) fn check_depth(node: Node<'_, '_>, what: &dyn std::fmt::Display) -> Result<(), String> {
    // Depth-first, by sibling and parent links: `depth` counts `node` as 1.
    let mut depth = 1usize;
    let mut current = node;
    loop {
        if depth > MAX_DEPTH {
            return Err(format!(
                "{what} is nested more than {MAX_DEPTH} elements deep (SuiteTalk records need \
                 about 10): refused rather than decoded"
            ));
        }
        if let Some(first) = current.first_element_child() {
            current = first;
            depth += 1;
            continue;
        }
        loop {
            if current == node {
                return Ok(());
            }
            if let Some(next) = current.next_sibling_element() {
                current = next;
                break;
            }
            match current.parent_element() {
                Some(parent) => {
                    current = parent;
                    depth -= 1;
                }
                None => return Ok(()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `levels` nested `<a>` elements.
    pub(crate) fn nested(levels: usize) -> String {
        let mut s = String::with_capacity(levels * 7);
        for _ in 0..levels {
            s.push_str("<a>");
        }
        for _ in 0..levels {
            s.push_str("</a>");
        }
        s
    }

    #[test]
    fn roxmltree_parses_a_hundred_thousand_levels_and_the_depth_check_refuses_them() {
        let text = nested(100_000);
        // roxmltree parses without recursion (and has no nesting limit of its own).
        let doc = roxmltree::Document::parse(&text).expect("parsed");
        let e = check_depth(doc.root_element(), &"the record").unwrap_err();
        assert!(e.contains("the record is nested more than 64"), "{e}");
    }

    #[test]
    fn accepts_nesting_up_to_the_cap() {
        let text = nested(MAX_DEPTH);
        let doc = roxmltree::Document::parse(&text).unwrap();
        assert!(check_depth(doc.root_element(), &"x").is_ok());
        let text = nested(MAX_DEPTH + 1);
        let doc = roxmltree::Document::parse(&text).unwrap();
        assert!(check_depth(doc.root_element(), &"x").is_err());
    }
}
