//! The element tree the encoder builds before writing: every element with its namespace
//! (by index into the record's namespace table), `xsi:type`, attributes and content; and its
//! writing with quick-xml, declaring on the record element every namespace the tree uses.

use std::collections::HashSet;

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};

use crate::envelope::XmlWriter;
use crate::ns::XSI;

/// One element to write.
pub(crate) struct El {
    pub(crate) ns: usize,
    pub(crate) local: String,
    pub(crate) xsi_type: Option<(usize, String)>,
    pub(crate) attrs: Vec<(String, String)>,
    pub(crate) body: Body,
}

pub(crate) enum Body {
    Empty,
    Text(String),
    Kids(Vec<El>),
}

impl El {
    pub(crate) fn new(ns: usize, local: &str) -> El {
        El {
            ns,
            local: local.to_string(),
            xsi_type: None,
            attrs: Vec::new(),
            body: Body::Empty,
        }
    }

    pub(crate) fn push(&mut self, kid: El) {
        match &mut self.body {
            Body::Kids(k) => k.push(kid),
            _ => self.body = Body::Kids(vec![kid]),
        }
    }
}

/// The namespaces one record uses, with their prefixes.
pub(crate) struct Nss {
    pub(crate) list: Vec<(String, String)>,
}

impl Nss {
    pub(crate) fn id(&mut self, uri: &str, prefix: &str) -> usize {
        if let Some(i) = self.list.iter().position(|(u, _)| u == uri) {
            return i;
        }
        // Two namespaces with one conventional prefix cannot happen in NetSuite's sets, but a
        // generated one keeps the document well-formed if it ever does.
        let prefix = if self.list.iter().any(|(_, p)| p == prefix) {
            format!("ns{}", self.list.len())
        } else {
            prefix.to_string()
        };
        self.list.push((uri.to_string(), prefix));
        self.list.len() - 1
    }
}

/// Writes the tree as `element_name` with the namespace declarations it needs.
pub(crate) fn write_root(
    w: &mut XmlWriter,
    element_name: &str,
    root: &El,
    nss: &Nss,
) -> std::io::Result<()> {
    let mut used = HashSet::new();
    collect_ns(root, &mut used);
    let caller_prefix = element_name.split_once(':').map(|(p, _)| p);
    let mut start = BytesStart::new(element_name);
    for (i, (uri, prefix)) in nss.list.iter().enumerate() {
        if used.contains(&i) && Some(prefix.as_str()) != caller_prefix {
            start.push_attribute((format!("xmlns:{prefix}").as_str(), uri.as_str()));
        }
    }
    start.push_attribute(("xmlns:xsi", XSI));
    if let Some((ns, t)) = &root.xsi_type {
        start.push_attribute(("xsi:type", format!("{}:{t}", nss.list[*ns].1).as_str()));
    }
    for (k, v) in &root.attrs {
        start.push_attribute((k.as_str(), v.as_str()));
    }
    write_body(w, start, element_name, root, nss)
}

fn collect_ns(el: &El, used: &mut HashSet<usize>) {
    used.insert(el.ns);
    if let Some((ns, _)) = &el.xsi_type {
        used.insert(*ns);
    }
    if let Body::Kids(kids) = &el.body {
        for k in kids {
            collect_ns(k, used);
        }
    }
}

fn write_el(w: &mut XmlWriter, el: &El, nss: &Nss) -> std::io::Result<()> {
    let name = format!("{}:{}", nss.list[el.ns].1, el.local);
    let mut start = BytesStart::new(name.as_str());
    if let Some((ns, t)) = &el.xsi_type {
        start.push_attribute(("xsi:type", format!("{}:{t}", nss.list[*ns].1).as_str()));
    }
    for (k, v) in &el.attrs {
        start.push_attribute((k.as_str(), v.as_str()));
    }
    write_body(w, start, &name, el, nss)
}

fn write_body(
    w: &mut XmlWriter,
    start: BytesStart<'_>,
    name: &str,
    el: &El,
    nss: &Nss,
) -> std::io::Result<()> {
    match &el.body {
        Body::Empty => w.write_event(Event::Empty(start))?,
        Body::Text(t) => {
            w.write_event(Event::Start(start))?;
            w.write_event(Event::Text(BytesText::new(t)))?;
            w.write_event(Event::End(BytesEnd::new(name)))?;
        }
        Body::Kids(kids) => {
            w.write_event(Event::Start(start))?;
            for k in kids {
                write_el(w, k, nss)?;
            }
            w.write_event(Event::End(BytesEnd::new(name)))?;
        }
    }
    Ok(())
}
