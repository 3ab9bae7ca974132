//! A generic element tree: how the store keeps record bodies, whatever a client sent.
//!
//! Names are local names only (the namespace of a record field follows from the schema when the
//! record is written back). The `xsi:type` attribute is kept under the key `xsi:type` with the
//! local part of its QName value (`StringCustomFieldRef`), so it survives any request prefix.

use std::borrow::Cow;

use roxmltree::Node;

/// Text that is usually a literal (field names, attribute keys, fixed values) and otherwise
/// owned: seeding a record allocates only for its variable values.
pub(crate) type Str = Cow<'static, str>;

/// The XML Schema instance namespace (`xsi:type`).
pub(crate) const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The key under which `xsi:type` is kept in [`Elem::attrs`].
pub(crate) const XSI_TYPE: &str = "xsi:type";

/// One element: local name, attributes, text and child elements, in document order.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Elem {
    pub name: Str,
    pub attrs: Vec<(Str, Str)>,
    pub text: Str,
    pub children: Vec<Elem>,
}

impl Elem {
    /// An element with text and nothing else.
    pub(crate) fn leaf(name: impl Into<Str>, text: impl Into<Str>) -> Elem {
        Elem {
            name: name.into(),
            text: text.into(),
            ..Elem::default()
        }
    }

    /// A record reference: `internalId` plus an optional `name` child.
    pub(crate) fn reference(name: impl Into<Str>, internal_id: u64, display: Option<Str>) -> Elem {
        let mut e = Elem::leaf(name, "");
        e.attrs
            .push(("internalId".into(), internal_id.to_string().into()));
        if let Some(display) = display {
            e.children.push(Elem::leaf("name", display));
        }
        e
    }

    /// Adds an attribute (builder style).
    pub(crate) fn with_attr(mut self, key: &'static str, value: impl Into<Str>) -> Elem {
        self.attrs.push((key.into(), value.into()));
        self
    }

    /// Copies a parsed element; `xsi:type` values lose their prefix.
    pub(crate) fn from_node(node: Node<'_, '_>) -> Elem {
        let mut attrs = Vec::with_capacity(node.attributes().len());
        for a in node.attributes() {
            if a.namespace() == Some(XSI) {
                if a.name() == "type" {
                    attrs.push((XSI_TYPE.into(), local_part(a.value()).to_owned().into()));
                }
                continue;
            }
            if a.namespace().is_none() {
                attrs.push((a.name().to_owned().into(), a.value().to_owned().into()));
            }
        }
        let children: Vec<Elem> = node
            .children()
            .filter(|c| c.is_element())
            .map(Elem::from_node)
            .collect();
        let text = match node.text().map(str::trim) {
            Some(t) if children.is_empty() && !t.is_empty() => Cow::Owned(t.to_owned()),
            _ => Cow::Borrowed(""),
        };
        Elem {
            name: node.tag_name().name().to_owned().into(),
            attrs,
            text,
            children,
        }
    }

    /// The value of the attribute with this local name.
    pub(crate) fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| &**k == key)
            .map(|(_, v)| &**v)
    }

    /// Sets or replaces an attribute.
    pub(crate) fn set_attr(&mut self, key: &'static str, value: impl Into<Str>) {
        match self.attrs.iter_mut().find(|(k, _)| &**k == key) {
            Some(slot) => slot.1 = value.into(),
            None => self.attrs.push((key.into(), value.into())),
        }
    }

    /// The first child with this local name.
    pub(crate) fn child(&self, name: &str) -> Option<&Elem> {
        self.children.iter().find(|c| &*c.name == name)
    }

    /// All children with this local name.
    pub(crate) fn children_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Elem> + 'a {
        self.children.iter().filter(move |c| &*c.name == name)
    }

    /// `internalId` as a number.
    pub(crate) fn internal_id(&self) -> Option<u64> {
        self.attr("internalId").and_then(|v| v.trim().parse().ok())
    }
}

/// The deepest element nesting a request may have: [`Elem::from_node`] and the store's
/// writers recurse once per level, and SuiteTalk requests are about a dozen levels deep, so a
/// request nested deeper is refused before it is read (no stack overflow on hostile input).
pub(crate) const MAX_DEPTH: usize = 128;

/// Checks, without recursing, that no element of `doc` is nested deeper than [`MAX_DEPTH`].
///
/// # Errors
/// A message saying how deep the limit is.
pub(crate) fn check_depth(doc: &roxmltree::Document<'_>) -> Result<(), String> {
    let root = doc.root_element();
    let mut depth = 1usize;
    let mut current = root;
    loop {
        if depth > MAX_DEPTH {
            return Err(format!(
                "the request is nested more than {MAX_DEPTH} elements deep"
            ));
        }
        if let Some(first) = current.first_element_child() {
            current = first;
            depth += 1;
            continue;
        }
        loop {
            if current == root {
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

/// `prefix:Local` → `Local`.
pub(crate) fn local_part(qname: &str) -> &str {
    qname.rsplit_once(':').map_or(qname, |(_, l)| l)
}

/// The first element child of `node` with this local name, in any namespace.
pub(crate) fn child_named<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// All element children of `node` with this local name.
pub(crate) fn children_named<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The local part of a node's `xsi:type`.
pub(crate) fn xsi_type<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attribute((XSI, "type")).map(local_part)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_local_names_and_strips_xsi_prefix() {
        let xml = r#"<r xmlns="urn:a" xmlns:p="urn:b" xmlns:x="http://www.w3.org/2001/XMLSchema-instance"
            x:type="p:Customer" internalId="5"><p:entityId> A &amp; B </p:entityId><p:list><item/></p:list></r>"#;
        let doc = roxmltree::Document::parse(xml).unwrap();
        let e = Elem::from_node(doc.root_element());
        assert_eq!(e.attr(XSI_TYPE), Some("Customer"));
        assert_eq!(e.internal_id(), Some(5));
        assert_eq!(&*e.child("entityId").unwrap().text, "A & B");
        assert_eq!(e.child("list").unwrap().children.len(), 1);
    }

    #[test]
    fn refuses_a_request_nested_a_hundred_thousand_levels_deep() {
        let levels = 100_000;
        let xml = "<a>".repeat(levels) + &"</a>".repeat(levels);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let e = check_depth(&doc).unwrap_err();
        assert!(e.contains("more than 128"), "{e}");
        let ok = "<a>".repeat(MAX_DEPTH) + &"</a>".repeat(MAX_DEPTH);
        assert!(check_depth(&roxmltree::Document::parse(&ok).unwrap()).is_ok());
    }
}
