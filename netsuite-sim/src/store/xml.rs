//! A small quick-xml writer for response elements: start/end/leaf helpers over a `Vec<u8>`.
//!
//! Escaping is quick-xml's (`BytesText::new`, `push_attribute`); nothing here formats XML by hand.
//! Element and attribute names are passed already prefixed (`platformCore:status`).

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// Writes one XML fragment into memory.
pub(crate) struct XmlOut {
    writer: Writer<Vec<u8>>,
    /// Scratch space for `prefix:local` names, reused to avoid an allocation per element.
    name: String,
}

impl Default for XmlOut {
    fn default() -> Self {
        XmlOut::new()
    }
}

impl XmlOut {
    /// An empty writer.
    pub(crate) fn new() -> XmlOut {
        XmlOut {
            writer: Writer::new(Vec::with_capacity(4096)),
            name: String::new(),
        }
    }

    fn emit(&mut self, event: Event<'_>) {
        // Writing into a Vec<u8> cannot fail.
        self.writer
            .write_event(event)
            .expect("writing XML into memory");
    }

    fn open<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
        let mut start = BytesStart::new(name);
        for attr in attrs {
            start.push_attribute(*attr);
        }
        start
    }

    /// `<name attrs…>`.
    pub(crate) fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let start = Self::open(name, attrs);
        self.emit(Event::Start(start));
    }

    /// `</name>`.
    pub(crate) fn end(&mut self, name: &str) {
        self.emit(Event::End(BytesEnd::new(name)));
    }

    /// `<name attrs…/>`.
    pub(crate) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let start = Self::open(name, attrs);
        self.emit(Event::Empty(start));
    }

    /// `<name>text</name>`.
    pub(crate) fn leaf(&mut self, name: &str, text: &str) {
        self.leaf_with(name, &[], text);
    }

    /// `<name attrs…>text</name>`.
    pub(crate) fn leaf_with(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start(name, attrs);
        self.emit(Event::Text(BytesText::new(text)));
        self.end(name);
    }

    /// `prefix:local` as a borrowed name valid until the next call (no allocation once warm).
    pub(crate) fn qname(&mut self, prefix: &str, local: &str) -> String {
        self.name.clear();
        self.name.push_str(prefix);
        self.name.push(':');
        self.name.push_str(local);
        std::mem::take(&mut self.name)
    }

    /// Gives a name from [`XmlOut::qname`] back for reuse.
    pub(crate) fn recycle(&mut self, name: String) {
        self.name = name;
    }

    /// The written text.
    pub(crate) fn finish(self) -> String {
        String::from_utf8(self.writer.into_inner()).expect("quick-xml writes UTF-8 from &str input")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        let mut out = XmlOut::new();
        out.start("a", &[("x", "1<2\"")]);
        out.leaf("b", "Tom & Jerry <co>");
        out.end("a");
        let text = out.finish();
        let doc = roxmltree::Document::parse(&text).unwrap();
        assert_eq!(doc.root_element().attribute("x"), Some("1<2\""));
        assert_eq!(
            doc.root_element().first_element_child().unwrap().text(),
            Some("Tom & Jerry <co>")
        );
    }
}
