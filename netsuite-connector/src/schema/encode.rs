//! JSON records to SuiteTalk XML records, for add, update and upsert.
//!
//! The record is first built as a small element tree, so that every problem of a document is
//! collected (one [`FieldError`] per field, named by its path: `itemList.item[2].quantity`)
//! and nothing is written unless the whole record is valid; then the tree is written with
//! quick-xml, declaring on the record element every namespace its elements use.
//!
//! With a registry, fields go in schema order with the namespaces and types the XSD gives;
//! unknown fields, wrong scalar types and bad enumeration values are errors. Without one,
//! fields go in the document's order, all in the record's namespace (custom fields and
//! `nullFieldList` in `platformCore`), with types inferred from the JSON.

use connector_sdk::payload::FieldError;
use serde_json::{Map, Value};

use super::builtin;
use super::model::{ComplexType, Field, SchemaRegistry, TypeName};
use super::tree::{write_root, Body, El, Nss};
use super::values::{check_builtin, close_names, custom_fields, custom_xsd, inferred_text};
use crate::envelope::XmlWriter;
use crate::ns::Namespaces;
use crate::version::Version;

/// Keys of a JSON record that are metadata, not fields: the complexType name the decoder
/// writes (`"recordType": "Customer"`) is accepted and checked, never written.
const RECORD_TYPE_KEY: &str = "recordType";

/// The key naming the concrete type of an abstract field (`{"xsiType": "RecordRef", ...}`).
const XSI_TYPE_KEY: &str = "xsiType";

struct Encoder<'r> {
    _registry: std::marker::PhantomData<&'r SchemaRegistry>,
    version: Version,
    nss: Nss,
    errors: Vec<FieldError>,
    core: usize,
}

/// Writes one JSON record as `element_name` (e.g. `platformMsgs:record`, whose prefix the
/// caller has declared) with `xsi:type` and the record's namespaces.
pub fn encode_record(
    registry: Option<&SchemaRegistry>,
    version: Version,
    record_type: &str,
    value: &Value,
    element_name: &str,
    w: &mut XmlWriter,
) -> Result<(), Vec<FieldError>> {
    let core_uri = Namespaces::of(version).core;
    let mut enc = Encoder {
        _registry: std::marker::PhantomData,
        version,
        nss: Nss { list: Vec::new() },
        errors: Vec::new(),
        core: 0,
    };
    enc.core = enc.nss.id(&core_uri, "platformCore");
    let Some(obj) = value.as_object() else {
        return Err(vec![FieldError::new(
            "",
            "a record document must be a JSON object",
        )]);
    };
    // Keys and text are checked before anything is built: a bad name or character would make
    // the request malformed for every document of the batch.
    let problems = super::names::check_document(value, registry.is_none());
    if !problems.is_empty() {
        return Err(problems);
    }
    let root = match registry {
        Some(reg) => enc.schema_record(reg, record_type, obj),
        None => enc.schemaless_record(record_type, obj),
    };
    match root {
        Some(root) if enc.errors.is_empty() => write_root(w, element_name, &root, &enc.nss)
            .map_err(|e| {
                vec![FieldError::new(
                    "",
                    format!("could not write the record: {e}"),
                )]
            }),
        _ => Err(enc.errors),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl<'r> Encoder<'r> {
    fn error(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(path, message));
    }

    fn reg_ns(&mut self, reg: &SchemaRegistry, ns: super::model::NsId) -> usize {
        let n = reg.namespace(ns);
        self.nss.id(&n.uri, &n.prefix)
    }

    // ----- with a schema -------------------------------------------------------------------

    fn schema_record(
        &mut self,
        reg: &'r SchemaRegistry,
        record_type: &str,
        obj: &Map<String, Value>,
    ) -> Option<El> {
        let Some(info) = reg.record_type(record_type) else {
            self.error(
                "",
                format!(
                    "`{record_type}` is not a record type of SuiteTalk {}; use a RecordType value such as \
                     customer, salesOrder or inventoryItem",
                    reg.version()
                ),
            );
            return None;
        };
        let ct = reg.complex_of(&info.type_name)?;
        self.check_record_type_key(obj, &ct.name, &info.name);
        let ns = self.reg_ns(reg, ct.ns);
        let mut root = El::new(ns, "record");
        root.xsi_type = Some((ns, ct.name.clone()));
        // Fields given as null are cleared through nullFieldList (update/upsert).
        let mut nulls: Vec<String> = Vec::new();
        for (k, v) in obj {
            if v.is_null() && k != "nullFieldList" && ct.field(k).is_some() {
                nulls.push(k.clone());
            }
        }
        self.complex_body(reg, "", ct, obj, &mut root, &nulls);
        Some(root)
    }

    fn check_record_type_key(&mut self, obj: &Map<String, Value>, type_name: &str, rt: &str) {
        if let Some(v) = obj.get(RECORD_TYPE_KEY) {
            let ok = v
                .as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case(type_name) || s.eq_ignore_ascii_case(rt));
            if !ok {
                self.error(
                    RECORD_TYPE_KEY,
                    format!("the document says {v} but the operation's record type is {rt} ({type_name})"),
                );
            }
        }
    }

    /// Attributes and fields of `ct` from `obj`, in schema order.
    fn complex_body(
        &mut self,
        reg: &'r SchemaRegistry,
        path: &str,
        ct: &'r ComplexType,
        obj: &Map<String, Value>,
        el: &mut El,
        extra_nulls: &[String],
    ) {
        for (k, v) in obj {
            // `xsiType` names the concrete type of an abstract field (read in complex_value).
            if ct.field(k).is_some()
                || (path.is_empty() && k == RECORD_TYPE_KEY)
                || k == XSI_TYPE_KEY
            {
                continue;
            }
            match ct.attribute(k) {
                Some(a) => {
                    if let Some(text) = self.scalar(reg, &join(path, k), &a.type_name, v) {
                        el.attrs.push((k.clone(), text));
                    }
                }
                None => {
                    let known: Vec<&str> = ct.fields.iter().map(|f| f.name.as_str()).collect();
                    let hint = close_names(k, &known);
                    self.error(
                        &join(path, k),
                        format!("unknown field: {} has no field `{k}`{hint}", ct.name),
                    );
                }
            }
        }
        for a in ct.attributes.iter().filter(|a| a.required) {
            if !obj.contains_key(&a.name) {
                self.error(&join(path, &a.name), "required attribute is missing");
            }
        }
        for f in &ct.fields {
            let given = obj.get(&f.name);
            if f.name == "nullFieldList" && reg.namespace(f.ns).prefix == "platformCore" {
                self.null_field_list(reg, path, ct, given, extra_nulls, el);
                continue;
            }
            let Some(v) = given else { continue };
            if v.is_null() {
                continue;
            }
            self.field(reg, &join(path, &f.name), f, v, el);
        }
    }

    fn null_field_list(
        &mut self,
        reg: &SchemaRegistry,
        path: &str,
        ct: &ComplexType,
        given: Option<&Value>,
        extra: &[String],
        el: &mut El,
    ) {
        let mut names: Vec<String> = Vec::new();
        let p = join(path, "nullFieldList");
        match given {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    match item.as_str() {
                        Some(n)
                            if ct.field(n).is_some()
                                || n.starts_with("cust")
                                || ct.name == "CustomRecord" =>
                        {
                            names.push(n.to_string())
                        }
                        Some(n) => self.error(
                            &format!("{p}[{i}]"),
                            format!("{} has no field `{n}` to clear", ct.name),
                        ),
                        None => self.error(&format!("{p}[{i}]"), "expected a field name"),
                    }
                }
            }
            Some(_) => self.error(
                &p,
                "expected an array of field names, e.g. [\"phone\", \"custentity_tier\"]",
            ),
        }
        for n in extra {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
        if names.is_empty() {
            return;
        }
        let core = self.core;
        let ns = match ct.field("nullFieldList") {
            Some(f) => self.reg_ns(reg, f.ns),
            None => core,
        };
        let mut list = El::new(ns, "nullFieldList");
        for n in names {
            let mut name = El::new(core, "name");
            name.body = Body::Text(n);
            list.push(name);
        }
        el.push(list);
    }

    /// One field (an element declaration) with its JSON value.
    fn field(&mut self, reg: &'r SchemaRegistry, path: &str, f: &'r Field, v: &Value, el: &mut El) {
        match v {
            Value::Array(items) if f.max_occurs.is_many() => {
                for (i, item) in items.iter().enumerate() {
                    if let Some(e) = self.element(reg, &format!("{path}[{i}]"), f, item) {
                        el.push(e);
                    }
                }
            }
            _ => {
                if let Some(e) = self.element(reg, path, f, v) {
                    el.push(e);
                }
            }
        }
    }

    /// One element of field `f`.
    fn element(
        &mut self,
        reg: &'r SchemaRegistry,
        path: &str,
        f: &'r Field,
        v: &Value,
    ) -> Option<El> {
        let ns = self.reg_ns(reg, f.ns);
        let mut el = El::new(ns, &f.name);
        let t = &f.type_name;
        if let Some(ct) = reg.complex_of(t) {
            let core_ns = reg.core_ns();
            if Some(t.ns) == core_ns && &*t.name == "CustomFieldList" {
                self.custom_field_list(reg, path, v, &mut el);
                return Some(el);
            }
            self.complex_value(reg, path, ct, v, &mut el);
            return Some(el);
        }
        if let Value::Array(_) = v {
            self.error(path, "expected a single value, not a list");
            return None;
        }
        let text = self.scalar(reg, path, t, v)?;
        el.body = Body::Text(text);
        Some(el)
    }

    fn complex_value(
        &mut self,
        reg: &'r SchemaRegistry,
        path: &str,
        ct: &'r ComplexType,
        v: &Value,
        el: &mut El,
    ) {
        let ct = if ct.is_abstract {
            match v.get(XSI_TYPE_KEY).and_then(Value::as_str) {
                Some(name) => match concrete_subtype(reg, ct, name) {
                    Some(sub) => {
                        let ns = self.reg_ns(reg, sub.ns);
                        el.xsi_type = Some((ns, sub.name.clone()));
                        sub
                    }
                    None => {
                        self.error(path, format!("`{name}` is not a kind of {}", ct.name));
                        return;
                    }
                },
                None => {
                    self.error(
                        path,
                        format!(
                            "{} is abstract: name the concrete type in \"xsiType\"",
                            ct.name
                        ),
                    );
                    return;
                }
            }
        } else {
            ct
        };
        if let Some(st) = &ct.simple_content {
            match v {
                Value::Object(obj) => {
                    for (k, a) in obj {
                        if k == "value" {
                            continue;
                        }
                        match ct.attribute(k) {
                            Some(attr) => {
                                if let Some(t) =
                                    self.scalar(reg, &join(path, k), &attr.type_name, a)
                                {
                                    el.attrs.push((k.clone(), t));
                                }
                            }
                            None => self
                                .error(&join(path, k), format!("unknown attribute of {}", ct.name)),
                        }
                    }
                    if let Some(t) = obj
                        .get("value")
                        .and_then(|x| self.scalar(reg, &join(path, "value"), st, x))
                    {
                        el.body = Body::Text(t);
                    }
                }
                other => {
                    if let Some(t) = self.scalar(reg, path, st, other) {
                        el.body = Body::Text(t);
                    }
                }
            }
            return;
        }
        match v {
            Value::Object(obj) => {
                self.complex_body(reg, path, ct, obj, el, &[]);
            }
            Value::Array(items) => match ct.list_item() {
                Some(item) => {
                    for (i, x) in items.iter().enumerate() {
                        if let Some(e) =
                            self.element(reg, &format!("{}[{i}]", join(path, &item.name)), item, x)
                        {
                            el.push(e);
                        }
                    }
                }
                None => self.error(path, format!("expected an object ({}), not a list", ct.name)),
            },
            _ if ct.attribute("internalId").is_some() => self.error(
                path,
                format!(
                    "expected a reference object such as {{\"internalId\": \"12\"}}, {{\"externalId\": \"A-1\"}} or \
                     {{\"name\": \"Acme\"}} ({})",
                    ct.name
                ),
            ),
            _ => self.error(path, format!("expected an object ({})", ct.name)),
        }
    }

    /// A scalar in the XSD's lexical form, checked against its type.
    fn scalar(
        &mut self,
        reg: &SchemaRegistry,
        path: &str,
        t: &TypeName,
        v: &Value,
    ) -> Option<String> {
        if reg.is_builtin(t) {
            return self.builtin_scalar(path, &t.name, v);
        }
        if let Some(st) = reg.simple_type(t.ns, &t.name) {
            if !st.enumeration.is_empty() {
                return self.enum_value(path, &st.name, &st.enumeration, v);
            }
            let base = st.base.clone();
            return match base {
                Some(b) => self.scalar(reg, path, &b, v),
                None => self.builtin_scalar(path, "string", v),
            };
        }
        self.error(path, format!("expected a value of type {}", t.name));
        None
    }

    fn enum_value(
        &mut self,
        path: &str,
        name: &str,
        values: &[String],
        v: &Value,
    ) -> Option<String> {
        let Some(s) = v.as_str() else {
            self.error(path, format!("expected one of the {name} values as text"));
            return None;
        };
        let s = s.trim();
        let bare = s.strip_prefix('_').unwrap_or(s);
        let found = values
            .iter()
            .find(|x| *x == s || x.strip_prefix('_') == Some(bare) || x.as_str() == bare)
            .or_else(|| {
                values
                    .iter()
                    .find(|x| x.strip_prefix('_').unwrap_or(x).eq_ignore_ascii_case(bare))
            });
        match found {
            Some(x) => Some(x.clone()),
            None => {
                let refs: Vec<&str> = values.iter().map(String::as_str).collect();
                let hint = close_names(bare, &refs);
                let sample: Vec<&str> = refs.iter().take(8).copied().collect();
                self.error(
                    path,
                    format!(
                        "`{s}` is not a {name} value{hint}; values are like {}{}",
                        sample.join(", "),
                        if values.len() > 8 { ", …" } else { "" }
                    ),
                );
                None
            }
        }
    }

    fn builtin_scalar(&mut self, path: &str, xsd: &str, v: &Value) -> Option<String> {
        match check_builtin(xsd, v) {
            Ok(s) => Some(s),
            Err(m) => {
                self.error(path, m);
                None
            }
        }
    }

    /// `customFieldList`: an array of `{scriptId, type, value}` or an object keyed by scriptId.
    fn custom_field_list(&mut self, reg: &'r SchemaRegistry, path: &str, v: &Value, el: &mut El) {
        let fields = match custom_fields(path, v) {
            Ok(f) => f,
            Err(errors) => {
                self.errors.extend(errors);
                return;
            }
        };
        let core_id = reg.core_ns();
        for cf in fields {
            let type_name = format!("{}CustomFieldRef", cf.kind);
            let ct = core_id.and_then(|c| reg.complex_type(c, &type_name));
            let value_field = ct.and_then(|c| c.field("value"));
            let Some(value_field) = value_field else {
                self.error(
                    &cf.path,
                    format!("SuiteTalk {} has no {type_name}", reg.version()),
                );
                continue;
            };
            let mut e = El::new(self.core, "customField");
            e.xsi_type = Some((self.core, type_name));
            if let Some(id) = cf.internal_id {
                e.attrs.push(("internalId".into(), id));
            }
            if let Some(id) = cf.script_id {
                e.attrs.push(("scriptId".into(), id));
            }
            let vpath = join(&cf.path, "value");
            match (&cf.value, value_field.max_occurs.is_many()) {
                (Value::Array(items), true) => {
                    for (i, item) in items.iter().enumerate() {
                        if let Some(x) =
                            self.element(reg, &format!("{vpath}[{i}]"), value_field, item)
                        {
                            e.push(x);
                        }
                    }
                }
                (value, _) => {
                    if let Some(x) = self.element(reg, &vpath, value_field, value) {
                        e.push(x);
                    }
                }
            }
            el.push(e);
        }
    }

    // ----- without a schema ----------------------------------------------------------------

    fn schemaless_record(&mut self, record_type: &str, obj: &Map<String, Value>) -> Option<El> {
        let Some(b) = builtin::record(self.version, record_type) else {
            self.error(
                "",
                format!(
                    "record type `{record_type}` needs the SuiteTalk schema: set the connection's schema_folder \
                     or make the account's WSDL URL reachable (known without a schema: {})",
                    builtin::record_types().collect::<Vec<_>>().join(", ")
                ),
            );
            return None;
        };
        self.check_record_type_key(obj, &b.type_name.name, b.record_type);
        let ns = self.nss.id(&b.type_name.namespace, &b.type_name.prefix);
        let mut root = El::new(ns, "record");
        root.xsi_type = Some((ns, b.type_name.name.clone()));
        let mut nulls: Vec<String> = Vec::new();
        for (k, v) in obj {
            if k == RECORD_TYPE_KEY {
                continue;
            }
            if v.is_null() {
                nulls.push(k.clone());
            }
        }
        // nullFieldList comes first in every record (it is declared on platformCore:Record).
        let mut null_names: Vec<String> = Vec::new();
        match obj.get("nullFieldList") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    match item.as_str() {
                        Some(s) => null_names.push(s.to_string()),
                        None => self.error(&format!("nullFieldList[{i}]"), "expected a field name"),
                    }
                }
            }
            Some(_) => self.error("nullFieldList", "expected an array of field names"),
        }
        for n in nulls {
            if n != "nullFieldList" && !null_names.contains(&n) {
                null_names.push(n);
            }
        }
        if !null_names.is_empty() {
            let mut list = El::new(self.core, "nullFieldList");
            for n in null_names {
                let mut e = El::new(self.core, "name");
                e.body = Body::Text(n);
                list.push(e);
            }
            root.push(list);
        }
        for (k, v) in obj {
            match k.as_str() {
                "internalId" | "externalId" => match inferred_text(v) {
                    Some(t) => root.attrs.push((k.clone(), t)),
                    None => self.error(k, "expected text or a number"),
                },
                RECORD_TYPE_KEY | "nullFieldList" => {}
                _ if v.is_null() => {}
                "customFieldList" => {
                    let mut list = El::new(ns, "customFieldList");
                    self.schemaless_custom_fields(k, v, &mut list);
                    root.push(list);
                }
                _ => self.schemaless_field(ns, k, k, v, &mut root),
            }
        }
        Some(root)
    }

    fn schemaless_field(&mut self, ns: usize, path: &str, name: &str, v: &Value, parent: &mut El) {
        match v {
            Value::Null => {}
            Value::Array(items) => {
                // `addressbookList: [..]` is the list element holding `addressbook` items.
                if let Some(item) = name.strip_suffix("List").filter(|s| !s.is_empty()) {
                    let mut list = El::new(ns, name);
                    for (i, x) in items.iter().enumerate() {
                        self.schemaless_field(
                            ns,
                            &format!("{path}.{item}[{i}]"),
                            item,
                            x,
                            &mut list,
                        );
                    }
                    parent.push(list);
                } else {
                    for (i, x) in items.iter().enumerate() {
                        self.schemaless_field(ns, &format!("{path}[{i}]"), name, x, parent);
                    }
                }
            }
            Value::Object(obj) => {
                let mut el = El::new(ns, name);
                // An address's fields are declared by platformCommon:Address.
                let inner = if builtin::is_address_field(name) {
                    let common = super::model::netsuite_uri("common", "platform", self.version);
                    self.nss.id(&common, "platformCommon")
                } else {
                    ns
                };
                let is_ref = obj.contains_key("internalId") || obj.contains_key("externalId");
                for (k, x) in obj {
                    let p = join(path, k);
                    match k.as_str() {
                        "internalId" | "externalId" | "type" | "typeId" | "scriptId"
                        | "replaceAll"
                            if !x.is_object() && !x.is_array() =>
                        {
                            match inferred_text(x) {
                                Some(t) => el.attrs.push((k.clone(), t)),
                                None => self.error(&p, "expected text or a number"),
                            }
                        }
                        // RecordRef/ListOrRecordRef `name` is platformCore.
                        "name" if is_ref || obj.len() == 1 => match inferred_text(x) {
                            Some(t) => {
                                let mut n = El::new(self.core, "name");
                                n.body = Body::Text(t);
                                el.push(n);
                            }
                            None => self.error(&p, "expected text"),
                        },
                        _ => self.schemaless_field(inner, &p, k, x, &mut el),
                    }
                }
                parent.push(el);
            }
            scalar => match inferred_text(scalar) {
                Some(t) => {
                    let mut el = El::new(ns, name);
                    el.body = Body::Text(t);
                    parent.push(el);
                }
                None => self.error(path, "unsupported value"),
            },
        }
    }

    fn schemaless_custom_fields(&mut self, path: &str, v: &Value, list: &mut El) {
        let fields = match custom_fields(path, v) {
            Ok(f) => f,
            Err(errors) => {
                self.errors.extend(errors);
                return;
            }
        };
        for cf in fields {
            let mut e = El::new(self.core, "customField");
            e.xsi_type = Some((self.core, format!("{}CustomFieldRef", cf.kind)));
            if let Some(id) = cf.internal_id {
                e.attrs.push(("internalId".into(), id));
            }
            if let Some(id) = cf.script_id {
                e.attrs.push(("scriptId".into(), id));
            }
            let values: Vec<&Value> = match &cf.value {
                Value::Array(items) => items.iter().collect(),
                one => vec![one],
            };
            for (i, x) in values.into_iter().enumerate() {
                let p = join(&cf.path, "value");
                let mut val = El::new(self.core, "value");
                match x {
                    Value::Object(obj) => {
                        for (k, a) in obj {
                            match (k.as_str(), inferred_text(a)) {
                                ("name", Some(t)) => {
                                    let mut n = El::new(self.core, "name");
                                    n.body = Body::Text(t);
                                    val.push(n);
                                }
                                ("internalId" | "externalId" | "typeId", Some(t)) => {
                                    val.attrs.push((k.clone(), t))
                                }
                                _ => self.error(&format!("{p}[{i}].{k}"), "unknown reference key"),
                            }
                        }
                    }
                    scalar => match check_builtin(custom_xsd(&cf.kind), scalar) {
                        Ok(t) => val.body = Body::Text(t),
                        Err(m) => self.error(&p, m),
                    },
                }
                e.push(val);
            }
            list.push(e);
        }
    }
}

/// A concrete subtype of an abstract type, by local name (`RecordRef` for `BaseRef`).
fn concrete_subtype<'r>(
    reg: &'r SchemaRegistry,
    ct: &ComplexType,
    name: &str,
) -> Option<&'r ComplexType> {
    let local = name.rsplit(':').next().unwrap_or(name);
    let abstract_name = TypeName {
        ns: ct.ns,
        name: ct.name.clone().into_boxed_str(),
    };
    reg.complex_types().iter().find(|c| {
        c.name == local
            && !c.is_abstract
            && reg.derives_from(
                &TypeName {
                    ns: c.ns,
                    name: c.name.clone().into_boxed_str(),
                },
                abstract_name.ns,
                &abstract_name.name,
            )
    })
}
