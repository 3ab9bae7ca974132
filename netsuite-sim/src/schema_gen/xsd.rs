//! A small writer of XML Schema documents: the namespaces of the generated set, and complex
//! types, simple types and global elements written with quick-xml (through [`XmlOut`]).

use crate::store::xml::XmlOut;
use crate::version::Version;

const XSD: &str = "http://www.w3.org/2001/XMLSchema";

/// A namespace of the generated set: conventional prefix, NetSuite's (name, area), whether it
/// is an enumeration ("Types") namespace, and its file in the official layout.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ns {
    pub prefix: &'static str,
    pub name: &'static str,
    pub area: &'static str,
    pub types: bool,
    pub file: &'static str,
}

impl Ns {
    pub(crate) fn uri(&self, version: Version) -> String {
        if self.types {
            version.types_ns(self.name, self.area)
        } else {
            version.ns(self.name, self.area)
        }
    }
}

const fn ns(
    prefix: &'static str,
    name: &'static str,
    area: &'static str,
    types: bool,
    file: &'static str,
) -> Ns {
    Ns {
        prefix,
        name,
        area,
        types,
        file,
    }
}

/// Every namespace of the set, with the file holding it (under `xsd/`).
pub(crate) const NAMESPACES: [Ns; 13] = [
    ns(
        "platformCore",
        "core",
        "platform",
        false,
        "platform.core.xsd",
    ),
    ns(
        "platformCoreTyp",
        "core",
        "platform",
        true,
        "platform.coreTypes.xsd",
    ),
    ns(
        "platformFaults",
        "faults",
        "platform",
        false,
        "platform.faults.xsd",
    ),
    ns(
        "platformFaultTyp",
        "faults",
        "platform",
        true,
        "platform.faultTypes.xsd",
    ),
    ns(
        "platformMsgs",
        "messages",
        "platform",
        false,
        "platform.messages.xsd",
    ),
    ns(
        "platformCommon",
        "common",
        "platform",
        false,
        "platform.common.xsd",
    ),
    ns(
        "listRel",
        "relationships",
        "lists",
        false,
        "lists.relationships.xsd",
    ),
    ns(
        "listAcct",
        "accounting",
        "lists",
        false,
        "lists.accounting.xsd",
    ),
    ns(
        "listAcctTyp",
        "accounting",
        "lists",
        true,
        "lists.accountingTypes.xsd",
    ),
    ns(
        "listEmp",
        "employees",
        "lists",
        false,
        "lists.employees.xsd",
    ),
    ns(
        "tranSales",
        "sales",
        "transactions",
        false,
        "transactions.sales.xsd",
    ),
    ns(
        "tranSalesTyp",
        "sales",
        "transactions",
        true,
        "transactions.saleTypes.xsd",
    ),
    ns(
        "setupCustom",
        "customization",
        "setup",
        false,
        "setup.customization.xsd",
    ),
];

/// The namespace with this prefix.
pub(crate) fn by_prefix(prefix: &str) -> &'static Ns {
    NAMESPACES
        .iter()
        .find(|n| n.prefix == prefix)
        .expect("a namespace of the generated set")
}

/// How often an element occurs: `One` (1..1), `Opt` (0..1), `Many` (0..n), `Some` (1..n).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Occ {
    One,
    Opt,
    Many,
    Some,
}

/// A complex type being written.
#[derive(Debug, Default)]
pub(crate) struct Complex {
    name: String,
    base: Option<String>,
    is_abstract: bool,
    fields: Vec<(String, String, Occ)>,
    attributes: Vec<(String, String, bool)>,
    simple_base: Option<String>,
}

impl Complex {
    pub(crate) fn new(name: impl Into<String>) -> Complex {
        Complex {
            name: name.into(),
            ..Complex::default()
        }
    }

    /// Extends `base` (complex content).
    pub(crate) fn base(mut self, base: impl Into<String>) -> Complex {
        self.base = Some(base.into());
        self
    }

    /// Text content of `base` with attributes (simple content).
    pub(crate) fn text(mut self, base: impl Into<String>) -> Complex {
        self.simple_base = Some(base.into());
        self
    }

    pub(crate) fn abstract_(mut self) -> Complex {
        self.is_abstract = true;
        self
    }

    /// A local element of the sequence.
    pub(crate) fn field(
        mut self,
        name: impl Into<String>,
        ty: impl Into<String>,
        occ: Occ,
    ) -> Complex {
        self.fields.push((name.into(), ty.into(), occ));
        self
    }

    /// A reference to a global element (`ref="platformCore:status"`), written as a field named
    /// `@<qname>`.
    pub(crate) fn reference(self, qname: &str, occ: Occ) -> Complex {
        self.field(format!("@{qname}"), "", occ)
    }

    pub(crate) fn attr(mut self, name: &str, ty: &str) -> Complex {
        self.attributes.push((name.into(), ty.into(), false));
        self
    }

    pub(crate) fn required_attr(mut self, name: &str, ty: &str) -> Complex {
        self.attributes.push((name.into(), ty.into(), true));
        self
    }
}

/// One schema document of the set.
pub(crate) struct Schema {
    out: XmlOut,
}

impl Schema {
    /// Starts the schema of the namespace `prefix`, declaring every namespace of the set and
    /// importing the others (each file sits beside this one).
    pub(crate) fn new(version: Version, prefix: &str) -> Schema {
        let own = by_prefix(prefix);
        let tns = own.uri(version);
        let decls: Vec<(String, String)> = NAMESPACES
            .iter()
            .map(|n| (format!("xmlns:{}", n.prefix), n.uri(version)))
            .collect();
        let mut attrs: Vec<(&str, &str)> = vec![
            ("xmlns:xsd", XSD),
            ("targetNamespace", &tns),
            ("elementFormDefault", "qualified"),
            ("attributeFormDefault", "unqualified"),
        ];
        attrs.extend(decls.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let mut out = XmlOut::new();
        out.start("xsd:schema", &attrs);
        for other in NAMESPACES.iter().filter(|n| n.prefix != prefix) {
            let uri = other.uri(version);
            out.empty(
                "xsd:import",
                &[("namespace", &uri), ("schemaLocation", other.file)],
            );
        }
        Schema { out }
    }

    /// Writes a complex type.
    pub(crate) fn complex(&mut self, c: Complex) {
        let out = &mut self.out;
        let mut attrs: Vec<(&str, &str)> = vec![("name", &c.name)];
        if c.is_abstract {
            attrs.push(("abstract", "true"));
        }
        out.start("xsd:complexType", &attrs);
        if let Some(base) = &c.simple_base {
            out.start("xsd:simpleContent", &[]);
            out.start("xsd:extension", &[("base", base)]);
            write_attributes(out, &c.attributes);
            out.end("xsd:extension");
            out.end("xsd:simpleContent");
        } else if let Some(base) = &c.base {
            out.start("xsd:complexContent", &[]);
            out.start("xsd:extension", &[("base", base)]);
            write_sequence(out, &c.fields);
            write_attributes(out, &c.attributes);
            out.end("xsd:extension");
            out.end("xsd:complexContent");
        } else {
            write_sequence(out, &c.fields);
            write_attributes(out, &c.attributes);
        }
        out.end("xsd:complexType");
    }

    /// Writes a string enumeration; no values makes it any text.
    pub(crate) fn enumeration(&mut self, name: &str, values: &[&str]) {
        let out = &mut self.out;
        out.start("xsd:simpleType", &[("name", name)]);
        if values.is_empty() {
            out.empty("xsd:restriction", &[("base", "xsd:string")]);
        } else {
            out.start("xsd:restriction", &[("base", "xsd:string")]);
            for v in values {
                out.empty("xsd:enumeration", &[("value", v)]);
            }
            out.end("xsd:restriction");
        }
        out.end("xsd:simpleType");
    }

    /// Writes a global element.
    pub(crate) fn element(&mut self, name: &str, ty: &str) {
        self.out
            .empty("xsd:element", &[("name", name), ("type", ty)]);
    }

    pub(crate) fn finish(mut self) -> String {
        self.out.end("xsd:schema");
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n",
            self.out.finish()
        )
    }
}

fn write_sequence(out: &mut XmlOut, fields: &[(String, String, Occ)]) {
    if fields.is_empty() {
        return;
    }
    out.start("xsd:sequence", &[]);
    for (name, ty, occ) in fields {
        let (min, max) = match occ {
            Occ::One => ("1", "1"),
            Occ::Opt => ("0", "1"),
            Occ::Many => ("0", "unbounded"),
            Occ::Some => ("1", "unbounded"),
        };
        match name.strip_prefix('@') {
            Some(r) => out.empty(
                "xsd:element",
                &[("ref", r), ("minOccurs", min), ("maxOccurs", max)],
            ),
            None => out.empty(
                "xsd:element",
                &[
                    ("name", name),
                    ("type", ty),
                    ("minOccurs", min),
                    ("maxOccurs", max),
                ],
            ),
        }
    }
    out.end("xsd:sequence");
}

fn write_attributes(out: &mut XmlOut, attributes: &[(String, String, bool)]) {
    for (name, ty, required) in attributes {
        let mut attrs: Vec<(&str, &str)> = vec![("name", name), ("type", ty)];
        if *required {
            attrs.push(("use", "required"));
        }
        out.empty("xsd:attribute", &attrs);
    }
}
