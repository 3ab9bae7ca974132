//! Reading a WSDL and every XSD it imports into a [`SchemaRegistry`].
//!
//! Documents are read through a [`SchemaSource`] (a folder, or HTTP through the host), which
//! also resolves each `schemaLocation` against the document that names it. Everything is
//! matched by namespace URI and local name (`(XSD, "complexType")`), never by prefix: the XSDs
//! mix a default XML Schema namespace with `xsd:` prefixes.
//!
//! Two passes: the first collects each schema's complexTypes (own fields and attributes, base
//! type), simpleTypes and global elements; the second flattens extensions (base fields first,
//! then own, in `xsd:sequence` order), resolves `element ref=`, and derives the RecordType and
//! search tables. The loader understands what NetSuite's schemas use (sequence, complexContent
//! and simpleContent extension, restriction enumerations, element refs); `choice` and `all`
//! are read as sequences.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Component, Path, PathBuf};

use roxmltree::{Document, Node};

use super::builtin;
use super::model::{
    conventional_prefix, Attribute, ComplexType, Field, MaxOccurs, Namespace, NsId, SchemaRegistry,
    SearchClasses, SearchJoin, SimpleType, TypeName, XSD,
};
use crate::version::Version;

const WSDL: &str = "http://schemas.xmlsoap.org/wsdl/";

/// Why a schema set could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// A file or URL could not be read.
    #[error("cannot read {location}: {message}")]
    Read {
        /// File path or URL.
        location: String,
        /// Why.
        message: String,
    },
    /// A document is not well-formed XML.
    #[error("{location} is not well-formed XML: {message}")]
    Xml {
        /// File path or URL.
        location: String,
        /// The parser's message.
        message: String,
    },
    /// The documents are XML but not the SuiteTalk set expected.
    #[error("{0}")]
    Invalid(String),
    /// No WSDL where one was expected.
    #[error("{0}")]
    NotFound(String),
}

/// Where schema documents come from.
pub(crate) trait SchemaSource {
    /// Reads the document at `location` (a path or URL as returned by [`Self::resolve`]).
    fn read(&mut self, location: &str) -> Result<String, SchemaError>;
    /// Resolves a `schemaLocation` written in the document at `base`.
    fn resolve(&self, base: &str, reference: &str) -> String;
}

/// Documents in a folder; NetSuite's absolute XSD URLs
/// (`https://webservices.netsuite.com/xsd/platform/v2023_2_0/core.xsd`) map to
/// `platform.core.xsd` beside the WSDL or in its `xsd/` subfolder.
pub(crate) struct FolderSource {
    root: PathBuf,
}

impl FolderSource {
    /// A source rooted at the WSDL's folder.
    pub(crate) fn new(root: impl Into<PathBuf>) -> FolderSource {
        FolderSource { root: root.into() }
    }
}

impl SchemaSource for FolderSource {
    fn read(&mut self, location: &str) -> Result<String, SchemaError> {
        std::fs::read_to_string(location).map_err(|e| SchemaError::Read {
            location: location.to_string(),
            message: e.to_string(),
        })
    }

    fn resolve(&self, base: &str, reference: &str) -> String {
        if let Some(flat) = netsuite_xsd_file(reference) {
            let beside = self.root.join(&flat);
            let sub = self.root.join("xsd").join(&flat);
            let pick = if !beside.is_file() && sub.is_file() {
                sub
            } else {
                beside
            };
            return pick.to_string_lossy().into_owned();
        }
        let dir = Path::new(base).parent().unwrap_or(Path::new(""));
        normalize(&dir.join(reference))
            .to_string_lossy()
            .into_owned()
    }
}

/// `https://…/xsd/<area>/v<YYYY_N>_0/<name>.xsd` → `<area>.<name>.xsd`.
pub(crate) fn netsuite_xsd_file(reference: &str) -> Option<String> {
    let rest = reference
        .strip_prefix("https://")
        .or_else(|| reference.strip_prefix("http://"))?;
    let path = rest.split_once('/')?.1;
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [.., "xsd", area, v, name] if v.starts_with('v') && name.ends_with(".xsd") => {
            Some(format!("{area}.{name}"))
        }
        _ => None,
    }
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Resolves a relative URL reference against a base URL (enough for schemaLocations).
pub(crate) fn resolve_url(base: &str, reference: &str) -> String {
    if reference.starts_with("http://") || reference.starts_with("https://") {
        return reference.to_string();
    }
    let (origin, path) = match base.find("://") {
        Some(i) => match base[i + 3..].find('/') {
            Some(j) => (&base[..i + 3 + j], &base[i + 3 + j..]),
            None => (base, "/"),
        },
        None => ("", base),
    };
    let mut segs: Vec<&str> = if reference.starts_with('/') {
        Vec::new()
    } else {
        let dir = &path[..path.rfind('/').map(|i| i + 1).unwrap_or(0)];
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for s in reference.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                segs.pop();
            }
            s => segs.push(s),
        }
    }
    format!("{origin}/{}", segs.join("/"))
}

/// Loads the set whose WSDL is at `wsdl`.
pub(crate) fn load(
    source: &mut dyn SchemaSource,
    wsdl: &str,
    version: Version,
) -> Result<SchemaRegistry, SchemaError> {
    let mut b = Builder::new(version);
    let mut queue: VecDeque<String> = VecDeque::new();
    let mut seen: HashSet<String> = HashSet::new();
    let text = source.read(wsdl)?;
    let doc = parse(wsdl, &text)?;
    let root = doc.root_element();
    if !root.has_tag_name((WSDL, "definitions")) {
        return Err(SchemaError::Invalid(format!(
            "{wsdl} is not a WSDL (its root is {})",
            root.tag_name().name()
        )));
    }
    b.files.push(wsdl.to_string());
    for schema in root
        .descendants()
        .filter(|n| n.has_tag_name((XSD, "schema")))
    {
        b.schema(schema, wsdl, source, &mut queue);
    }
    drop(doc);
    while let Some(loc) = queue.pop_front() {
        if !seen.insert(loc.clone()) {
            continue;
        }
        let text = source.read(&loc)?;
        let doc = parse(&loc, &text)?;
        let root = doc.root_element();
        if !root.has_tag_name((XSD, "schema")) {
            return Err(SchemaError::Invalid(format!("{loc} is not an XML Schema")));
        }
        b.files.push(loc.clone());
        b.schema(root, &loc, source, &mut queue);
    }
    b.finish()
}

fn parse<'a>(location: &str, text: &'a str) -> Result<Document<'a>, SchemaError> {
    Document::parse(text).map_err(|e| SchemaError::Xml {
        location: location.to_string(),
        message: e.to_string(),
    })
}

struct RawField {
    name: String,
    ns: NsId,
    type_name: Option<TypeName>,
    is_ref: bool,
    min_occurs: u32,
    max_occurs: MaxOccurs,
    nillable: bool,
}

struct RawComplex {
    name: String,
    ns: NsId,
    is_abstract: bool,
    base: Option<TypeName>,
    fields: Vec<RawField>,
    attributes: Vec<Attribute>,
    simple_content: Option<TypeName>,
}

struct Builder {
    version: Version,
    namespaces: Vec<Namespace>,
    ns_index: HashMap<String, NsId>,
    raw: Vec<RawComplex>,
    simple: Vec<SimpleType>,
    elements: Vec<HashMap<String, TypeName>>,
    files: Vec<String>,
    xsd: NsId,
}

impl Builder {
    fn new(version: Version) -> Builder {
        let mut b = Builder {
            version,
            namespaces: Vec::new(),
            ns_index: HashMap::new(),
            raw: Vec::new(),
            simple: Vec::new(),
            elements: Vec::new(),
            files: Vec::new(),
            xsd: 0,
        };
        b.xsd = b.ns(XSD);
        b
    }

    fn ns(&mut self, uri: &str) -> NsId {
        if let Some(&id) = self.ns_index.get(uri) {
            return id;
        }
        let id = self.namespaces.len() as NsId;
        let mut prefix = conventional_prefix(uri).unwrap_or_else(|| format!("ns{id}"));
        if self.namespaces.iter().any(|n| n.prefix == prefix) {
            prefix = format!("ns{id}");
        }
        self.namespaces.push(Namespace {
            uri: uri.to_string(),
            prefix,
        });
        self.ns_index.insert(uri.to_string(), id);
        self.elements.push(HashMap::new());
        id
    }

    /// A QName attribute value (`platformCore:RecordRef`) resolved in the node's scope.
    fn qname(&mut self, node: Node<'_, '_>, value: &str) -> TypeName {
        let (prefix, local) = match value.split_once(':') {
            Some((p, l)) => (Some(p), l),
            None => (None, value),
        };
        let uri = node.lookup_namespace_uri(prefix).unwrap_or(XSD).to_string();
        TypeName {
            ns: self.ns(&uri),
            name: local.into(),
        }
    }

    fn schema(
        &mut self,
        schema: Node<'_, '_>,
        location: &str,
        source: &dyn SchemaSource,
        queue: &mut VecDeque<String>,
    ) {
        let tns_uri = schema.attribute("targetNamespace").unwrap_or("");
        let tns = self.ns(tns_uri);
        for child in schema.children().filter(Node::is_element) {
            if child.tag_name().namespace() != Some(XSD) {
                continue;
            }
            match child.tag_name().name() {
                "import" | "include" => {
                    if let Some(loc) = child.attribute("schemaLocation") {
                        queue.push_back(source.resolve(location, loc));
                    }
                }
                "complexType" => {
                    if let Some(c) = self.complex(child, tns) {
                        self.raw.push(c);
                    }
                }
                "simpleType" => {
                    if let Some(s) = self.simple_type(child, tns) {
                        self.simple.push(s);
                    }
                }
                "element" => {
                    if let (Some(name), Some(t)) =
                        (child.attribute("name"), child.attribute("type"))
                    {
                        let t = self.qname(child, t);
                        self.elements[tns as usize].insert(name.to_string(), t);
                    }
                }
                _ => {}
            }
        }
    }

    fn complex(&mut self, node: Node<'_, '_>, tns: NsId) -> Option<RawComplex> {
        let name = node.attribute("name")?.to_string();
        let mut c = RawComplex {
            name,
            ns: tns,
            is_abstract: node.attribute("abstract") == Some("true"),
            base: None,
            fields: Vec::new(),
            attributes: Vec::new(),
            simple_content: None,
        };
        self.complex_content(node, tns, &mut c);
        Some(c)
    }

    fn complex_content(&mut self, node: Node<'_, '_>, tns: NsId, c: &mut RawComplex) {
        for child in node.children().filter(Node::is_element) {
            if child.tag_name().namespace() != Some(XSD) {
                continue;
            }
            match child.tag_name().name() {
                "sequence" | "choice" | "all" => self.particles(child, tns, c),
                "attribute" => {
                    if let Some(a) = self.attribute(child) {
                        c.attributes.push(a);
                    }
                }
                "complexContent" => {
                    for d in child.children().filter(Node::is_element) {
                        if let Some(base) = d.attribute("base") {
                            let base = self.qname(d, base);
                            // A restriction of a complex type is its own content model.
                            if d.tag_name().name() == "extension" {
                                c.base = Some(base);
                            }
                        }
                        self.complex_content(d, tns, c);
                    }
                }
                "simpleContent" => {
                    for d in child.children().filter(Node::is_element) {
                        if let Some(base) = d.attribute("base") {
                            c.simple_content = Some(self.qname(d, base));
                        }
                        self.complex_content(d, tns, c);
                    }
                }
                _ => {}
            }
        }
    }

    fn particles(&mut self, node: Node<'_, '_>, tns: NsId, c: &mut RawComplex) {
        for child in node.children().filter(Node::is_element) {
            if child.tag_name().namespace() != Some(XSD) {
                continue;
            }
            match child.tag_name().name() {
                "element" => {
                    let min_occurs = child
                        .attribute("minOccurs")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1);
                    let max_occurs = match child.attribute("maxOccurs") {
                        Some("unbounded") => MaxOccurs::Unbounded,
                        Some(v) => MaxOccurs::Bounded(v.parse().unwrap_or(1)),
                        None => MaxOccurs::Bounded(1),
                    };
                    let nillable = child.attribute("nillable") == Some("true");
                    if let Some(r) = child.attribute("ref") {
                        let r = self.qname(child, r);
                        c.fields.push(RawField {
                            name: r.name.to_string(),
                            ns: r.ns,
                            type_name: None,
                            is_ref: true,
                            min_occurs,
                            max_occurs,
                            nillable,
                        });
                    } else if let Some(name) = child.attribute("name") {
                        let type_name = child.attribute("type").map(|t| self.qname(child, t));
                        c.fields.push(RawField {
                            name: name.to_string(),
                            ns: tns,
                            type_name,
                            is_ref: false,
                            min_occurs,
                            max_occurs,
                            nillable,
                        });
                    }
                }
                "sequence" | "choice" | "all" => self.particles(child, tns, c),
                _ => {}
            }
        }
    }

    fn attribute(&mut self, node: Node<'_, '_>) -> Option<Attribute> {
        let name = node
            .attribute("name")
            .or_else(|| {
                node.attribute("ref")
                    .map(|r| r.rsplit(':').next().unwrap_or(r))
            })?
            .to_string();
        let type_name = match node.attribute("type") {
            Some(t) => self.qname(node, t),
            None => TypeName {
                ns: self.xsd,
                name: "string".into(),
            },
        };
        Some(Attribute {
            name,
            type_name,
            required: node.attribute("use") == Some("required"),
        })
    }

    fn simple_type(&mut self, node: Node<'_, '_>, tns: NsId) -> Option<SimpleType> {
        let name = node.attribute("name")?.to_string();
        let mut base = None;
        let mut enumeration = Vec::new();
        if let Some(r) = node
            .children()
            .find(|n| n.has_tag_name((XSD, "restriction")))
        {
            base = r.attribute("base").map(|b| self.qname(r, b));
            enumeration = r
                .children()
                .filter(|n| n.has_tag_name((XSD, "enumeration")))
                .filter_map(|n| n.attribute("value").map(str::to_string))
                .collect();
        }
        Some(SimpleType {
            name,
            ns: tns,
            base,
            enumeration,
        })
    }

    fn finish(self) -> Result<SchemaRegistry, SchemaError> {
        let Builder {
            version,
            namespaces,
            ns_index,
            raw,
            simple,
            elements,
            files,
            xsd,
        } = self;
        let n_ns = namespaces.len();
        let mut complex_index: Vec<HashMap<String, u32>> = vec![HashMap::new(); n_ns];
        for (i, c) in raw.iter().enumerate() {
            complex_index[c.ns as usize].insert(c.name.clone(), i as u32);
        }
        let mut simple_index: Vec<HashMap<String, u32>> = vec![HashMap::new(); n_ns];
        for (i, s) in simple.iter().enumerate() {
            simple_index[s.ns as usize].insert(s.name.clone(), i as u32);
        }
        let any = TypeName {
            ns: xsd,
            name: "anyType".into(),
        };
        // Own fields with refs resolved.
        let own: Vec<Vec<Field>> = raw
            .iter()
            .map(|c| {
                c.fields
                    .iter()
                    .map(|f| Field {
                        name: f.name.clone(),
                        ns: f.ns,
                        type_name: match (&f.type_name, f.is_ref) {
                            (Some(t), _) => t.clone(),
                            (None, true) => elements[f.ns as usize]
                                .get(&f.name)
                                .cloned()
                                .unwrap_or_else(|| any.clone()),
                            (None, false) => any.clone(),
                        },
                        min_occurs: f.min_occurs,
                        max_occurs: f.max_occurs,
                        nillable: f.nillable,
                    })
                    .collect()
            })
            .collect();
        // Flatten extensions, base first.
        let mut flat: Vec<Option<Flat>> = vec![None; raw.len()];
        for i in 0..raw.len() {
            flatten(i, &raw, &own, &complex_index, &mut flat, 0);
        }
        let complex: Vec<ComplexType> = raw
            .into_iter()
            .zip(flat)
            .map(|(c, f)| {
                let (fields, attributes, simple_content) =
                    f.unwrap_or_else(|| (Vec::new(), Vec::new(), None));
                let index = fields
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(i, f)| (f.name.clone(), i as u32))
                    .collect();
                ComplexType {
                    name: c.name,
                    ns: c.ns,
                    is_abstract: c.is_abstract,
                    base: c.base,
                    fields,
                    attributes,
                    simple_content,
                    index,
                }
            })
            .collect();
        let core = ns_index
            .get(&super::model::netsuite_uri("core", "platform", version))
            .copied();
        let mut reg = SchemaRegistry {
            version,
            xsd,
            core,
            namespaces,
            ns_index,
            complex,
            complex_index,
            simple,
            simple_index,
            records: Vec::new(),
            record_index: HashMap::new(),
            searches: HashMap::new(),
            files,
        };
        derive_records(&mut reg)?;
        derive_searches(&mut reg);
        Ok(reg)
    }
}

type Flat = (Vec<Field>, Vec<Attribute>, Option<TypeName>);

fn flatten(
    i: usize,
    raw: &[RawComplex],
    own: &[Vec<Field>],
    index: &[HashMap<String, u32>],
    flat: &mut Vec<Option<Flat>>,
    depth: u32,
) {
    if flat[i].is_some() {
        return;
    }
    let c = &raw[i];
    let mut fields = Vec::new();
    let mut attributes = Vec::new();
    let mut simple_content = c.simple_content.clone();
    if let Some(base) = &c.base {
        let bi = index
            .get(base.ns as usize)
            .and_then(|m| m.get(&*base.name))
            .map(|&b| b as usize);
        if let Some(bi) = bi.filter(|&b| b != i && depth < 32) {
            flatten(bi, raw, own, index, flat, depth + 1);
            if let Some((bf, ba, bs)) = &flat[bi] {
                fields.extend(bf.iter().cloned());
                attributes.extend(ba.iter().cloned());
                if simple_content.is_none() {
                    simple_content = bs.clone();
                }
            }
        }
    }
    fields.extend(own[i].iter().cloned());
    attributes.extend(c.attributes.iter().cloned());
    flat[i] = Some((fields, attributes, simple_content));
}

/// Maps each RecordType value to the complexType deriving from `platformCore:Record` with the
/// same name (case-insensitive; `crmCustomField` → `setupCustom:CrmCustomField` through
/// `CustomFieldType`). In 2017.1, 2017.2 and 2023.2 this maps every value but
/// `customTransactionType`, which has no record complexType (174, 174 and 190 record types).
fn derive_records(reg: &mut SchemaRegistry) -> Result<(), SchemaError> {
    let core_uri = super::model::netsuite_uri("core", "platform", reg.version);
    let core_types_uri = format!(
        "urn:types.core_{}.platform.webservices.netsuite.com",
        reg.version.tag()
    );
    let (Some(core), Some(core_types)) = (reg.ns_id(&core_uri), reg.ns_id(&core_types_uri)) else {
        return Err(SchemaError::Invalid(format!(
            "the set has no {core_uri} / {core_types_uri}: is it SuiteTalk {}?",
            reg.version
        )));
    };
    let Some(values) = reg
        .simple_type(core_types, "RecordType")
        .map(|s| s.enumeration.clone())
    else {
        return Err(SchemaError::Invalid(
            "the set has no platformCoreTyp:RecordType enumeration".into(),
        ));
    };
    let mut by_name: HashMap<String, TypeName> = HashMap::new();
    for c in &reg.complex {
        let t = TypeName {
            ns: c.ns,
            name: c.name.clone().into_boxed_str(),
        };
        if !c.is_abstract && reg.derives_from(&t, core, "Record") {
            by_name.entry(c.name.to_ascii_lowercase()).or_insert(t);
        }
    }
    for v in values {
        if let Some(t) = by_name.get(&v.to_ascii_lowercase()) {
            let i = reg.records.len() as u32;
            reg.record_index.insert(v.to_ascii_lowercase(), i);
            reg.record_index
                .entry(t.name.to_ascii_lowercase())
                .or_insert(i);
            reg.records.push(super::model::RecordTypeInfo {
                name: v,
                type_name: t.clone(),
            });
        }
    }
    Ok(())
}

/// Finds each record type's search classes: its own `<Type>Search` in the record's namespace,
/// else `TransactionSearch` for transactions and `ItemSearch` for items.
fn derive_searches(reg: &mut SchemaRegistry) {
    let core_uri = super::model::netsuite_uri("core", "platform", reg.version);
    let Some(core) = reg.ns_id(&core_uri) else {
        return;
    };
    let find_search = |reg: &SchemaRegistry, ns: NsId, class: &str| -> Option<TypeName> {
        let name = format!("{class}Search");
        let ct = reg.complex_type(ns, &name)?;
        let t = TypeName {
            ns: ct.ns,
            name: ct.name.clone().into_boxed_str(),
        };
        reg.derives_from(&t, core, "SearchRecord").then_some(t)
    };
    let find_anywhere = |reg: &SchemaRegistry, class: &str| -> Option<TypeName> {
        (0..reg.namespaces.len() as NsId).find_map(|ns| find_search(reg, ns, class))
    };
    let transaction_types: Vec<String> = reg
        .simple
        .iter()
        .find(|s| s.name == "TransactionType")
        .map(|s| s.enumeration.clone())
        .unwrap_or_default();
    let item_types: Vec<String> = reg
        .simple
        .iter()
        .find(|s| s.name == "ItemType")
        .map(|s| s.enumeration.clone())
        .unwrap_or_default();
    let mut out = HashMap::new();
    for r in &reg.records {
        let ns_uri = &reg.namespace(r.type_name.ns).uri;
        let (search, filter) = if let Some(s) = find_search(reg, r.type_name.ns, &r.type_name.name)
        {
            (s, None)
        } else if ns_uri.contains(".transactions.") {
            let Some(s) = find_anywhere(reg, "Transaction") else {
                continue;
            };
            let f = builtin::transaction_filter(&r.name)
                .filter(|f| transaction_types.contains(&f.value));
            (s, f)
        } else if r.type_name.name.ends_with("Item") && ns_uri.contains("accounting_") {
            let Some(s) = find_anywhere(reg, "Item") else {
                continue;
            };
            let f = builtin::item_filter(&r.name).filter(|f| item_types.contains(&f.value));
            (s, f)
        } else {
            continue;
        };
        if let Some(classes) = search_classes(reg, &r.name, &search, filter) {
            out.insert(r.name.to_ascii_lowercase(), classes);
        }
    }
    reg.searches = out;
}

fn search_classes(
    reg: &SchemaRegistry,
    record_type: &str,
    search: &TypeName,
    type_filter: Option<super::model::SearchTypeFilter>,
) -> Option<SearchClasses> {
    let class = search.name.strip_suffix("Search")?;
    let search_ct = reg.complex_of(search)?;
    let basic = search_ct.field("basic")?.type_name.clone();
    let advanced_name = format!("{class}SearchAdvanced");
    let row_name = format!("{class}SearchRow");
    let advanced = reg.complex_type(search.ns, &advanced_name)?;
    let row = reg.complex_type(search.ns, &row_name)?;
    let row_basic = row.field("basic")?.type_name.clone();
    let joins = search_ct
        .fields
        .iter()
        .filter(|f| f.name != "basic")
        .map(|f| SearchJoin {
            element: f.name.clone(),
            basic: reg.qname(&f.type_name),
            row_basic: row.field(&f.name).map(|rf| reg.qname(&rf.type_name)),
        })
        .collect();
    let q = |ns: NsId, name: &str| {
        reg.qname(&TypeName {
            ns,
            name: name.into(),
        })
    };
    Some(SearchClasses {
        record_type: record_type.to_string(),
        search: reg.qname(search),
        basic: reg.qname(&basic),
        advanced: q(advanced.ns, &advanced.name),
        row: q(row.ns, &row.name),
        row_basic: reg.qname(&row_basic),
        joins,
        type_filter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_urls_and_netsuite_xsd_locations() {
        assert_eq!(
            resolve_url(
                "http://127.0.0.1:9/wsdl/v2023_2_0/netsuite.wsdl",
                "./xsd/platform.core.xsd"
            ),
            "http://127.0.0.1:9/wsdl/v2023_2_0/xsd/platform.core.xsd"
        );
        assert_eq!(
            resolve_url(
                "http://h/wsdl/v2023_2_0/xsd/platform.core.xsd",
                ".//platform.coreTypes.xsd"
            ),
            "http://h/wsdl/v2023_2_0/xsd/platform.coreTypes.xsd"
        );
        assert_eq!(
            resolve_url(
                "http://h/a/b.wsdl",
                "https://x/xsd/platform/v2017_1_0/core.xsd"
            ),
            "https://x/xsd/platform/v2017_1_0/core.xsd"
        );
        assert_eq!(
            netsuite_xsd_file("https://webservices.netsuite.com/xsd/platform/v2023_2_0/core.xsd")
                .as_deref(),
            Some("platform.core.xsd")
        );
        assert_eq!(netsuite_xsd_file("platform.core.xsd"), None);
    }
}
