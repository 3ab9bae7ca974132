//! Applying add, update and upsert to the store, one record at a time: record type, required
//! fields, read-only fields, references, duplicates, merging into an existing record, and what
//! NetSuite computes (dates, transaction totals). Every failure is a per-record status detail.

use super::response::Detail;
use super::OpContext;
use crate::store::elem::{Elem, XSI_TYPE};
use crate::store::record::{Family, FieldKind, Record, RecordKind};
use crate::store::seed::{CUSTOM_RECORD_TYPE_ID, SUBSIDIARIES};
use crate::store::{dates, Lookup, Tx};

/// Which write a request makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Write {
    Add,
    Update,
    Upsert,
}

impl Write {
    pub(super) fn op(self) -> &'static str {
        match self {
            Write::Add => "add",
            Write::Update => "update",
            Write::Upsert => "upsert",
        }
    }

    pub(super) fn list_limit(self) -> usize {
        match self {
            Write::Add => 200,
            Write::Update | Write::Upsert => 100,
        }
    }
}

/// Body fields a client may not set.
fn is_read_only(kind: RecordKind, field: &str) -> bool {
    field == kind.created_field() || field == kind.modified_field()
}

pub(super) fn apply_write(
    tx: &mut Tx<'_>,
    write: Write,
    sent: &Elem,
    ctx: &OpContext<'_>,
) -> Result<(Record, Vec<Detail>), Vec<Detail>> {
    let class = sent.attr(XSI_TYPE).unwrap_or("");
    let kind = RecordKind::from_class_name(class).ok_or_else(|| {
        let what = if class.is_empty() {
            "missing".to_owned()
        } else {
            format!("[{class}]")
        };
        vec![Detail::error(
            "INVALID_RCRD_TYPE",
            format!("The record type {what} is not supported."),
        )]
    })?;
    let internal = sent.attr("internalId").filter(|v| !v.is_empty());
    let external = sent.attr("externalId").filter(|v| !v.is_empty());
    let existing = match write {
        Write::Add => None,
        Write::Update => {
            let found = match (internal, external) {
                (Some(id), _) => id.trim().parse().ok().and_then(|id| tx.get_kind(kind, id)),
                (None, Some(ext)) => tx
                    .find_external(kind.family(), ext)
                    .filter(|r| r.kind == kind),
                (None, None) => {
                    return Err(vec![Detail::error(
                        "USER_ERROR",
                        "You must specify either an internalId or an externalId.",
                    )])
                }
            };
            Some(found.ok_or_else(|| vec![Detail::not_found()])?)
        }
        Write::Upsert => {
            let ext = external.ok_or_else(|| {
                vec![Detail::error(
                    "USER_ERROR",
                    "The upsert operation requires an externalId.",
                )]
            })?;
            tx.find_external(kind.family(), ext)
                .filter(|r| r.kind == kind)
        }
    };
    if write == Write::Add {
        if let Some(ext) = external {
            if tx.find_external(kind.family(), ext).is_some() {
                return Err(vec![Detail::error(
                    "DUP_RCRD",
                    "This record already exists.",
                )]);
            }
        }
    }
    if let (Some(old), Some(ext)) = (&existing, external) {
        if old.external_id.as_deref() != Some(ext) && tx.find_external(kind.family(), ext).is_some()
        {
            return Err(vec![Detail::error(
                "DUP_RCRD",
                "This record already exists.",
            )]);
        }
    }

    let ignore_read_only = ctx.preferences.ignore_read_only_fields.unwrap_or(false);
    let mut errors = Vec::new();
    let mut warnings: Vec<Detail> = Vec::new();
    let mut fields = Vec::new();
    let mut nulls: Vec<String> = Vec::new();
    for field in &sent.children {
        if &*field.name == "nullFieldList" {
            nulls.extend(field.children_named("name").map(|n| n.text.to_string()));
            continue;
        }
        if is_read_only(kind, &field.name) {
            if !ignore_read_only {
                errors.push(Detail::error(
                    "INSUFFICIENT_PERMISSION",
                    format!(
                        "You do not have permissions to set a value for element {} due to one of the following \
                         reasons: 1) The field is read-only; 2) An associated feature is disabled; 3) The field \
                         is available either when a record is created or updated, but not in both cases.",
                        field.name
                    ),
                ));
            }
            continue;
        }
        // Fields outside the record's table (addresses, other sublists, fields of one version
        // only) reach here only when an official schema is served (`record_check`): NetSuite
        // accepts them, so they are kept, without a warning, but not written back.
        fields.push(field.clone());
    }
    errors.extend(super::record_check::invalid_values(kind, &fields));
    if !errors.is_empty() {
        return Err(errors);
    }
    for field in &mut fields {
        resolve_refs(tx, kind, field, &mut errors);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if existing.is_none() {
        if let Some(warning) = duplicate_warning(tx, kind, &fields) {
            warnings.push(warning);
        }
    }
    if ctx.preferences.warning_as_error.unwrap_or(false) && !warnings.is_empty() {
        return Err(warnings
            .into_iter()
            .map(|w| Detail { kind: "ERROR", ..w })
            .collect());
    }

    let now = dates::format(ctx.now);
    let record = match existing {
        Some(old) => {
            let mut record = (*old).clone();
            if let Some(ext) = external {
                record.external_id = Some(ext.into());
            }
            for field in fields {
                merge_field(&mut record, field);
            }
            for name in &nulls {
                record.remove(name);
                if let Some(list) = record
                    .fields
                    .iter_mut()
                    .find(|f| &*f.name == "customFieldList")
                {
                    list.children.retain(|c| c.attr("scriptId") != Some(name));
                }
            }
            record.set(Elem::leaf(kind.modified_field(), now));
            record
        }
        None => {
            let mut missing: Vec<&str> = kind
                .required()
                .iter()
                .filter(|(name, _)| !fields.iter().any(|f| &*f.name == *name && has_value(f)))
                .map(|(_, label)| *label)
                .collect();
            let skip_custom = ctx.preferences.disable_mandatory_custom_field_validation;
            if let Some((script_id, label)) = mandatory_custom_field(kind) {
                let given = fields
                    .iter()
                    .filter(|f| &*f.name == "customFieldList")
                    .flat_map(|l| l.children.iter())
                    .any(|cf| cf.attr("scriptId") == Some(script_id));
                if !given && !skip_custom.unwrap_or(false) {
                    missing.push(label);
                }
            }
            if !missing.is_empty() {
                return Err(vec![Detail::error(
                    "USER_ERROR",
                    format!("Please enter value(s) for: {}", missing.join(", ")),
                )]);
            }
            let mut record = Record {
                kind,
                internal_id: tx.allocate(kind.family()),
                external_id: external.map(Into::into),
                fields,
            };
            if kind == RecordKind::CustomRecord && record.field("recType").is_none() {
                record.set(Elem::reference(
                    "recType",
                    CUSTOM_RECORD_TYPE_ID,
                    Some("Sim Project".into()),
                ));
            }
            record.set(Elem::leaf(kind.created_field(), now.clone()));
            record.set(Elem::leaf(kind.modified_field(), now));
            record
        }
    };
    let mut record = record;
    if kind.family() == Family::Transaction {
        recompute_totals(&mut record);
    }
    tx.put(record.clone());
    Ok((record, warnings))
}

/// What NetSuite computes on a transaction: line numbers, line amounts (quantity × rate) and
/// the total.
fn recompute_totals(record: &mut Record) {
    let number = |e: &Elem, name: &str| {
        e.child(name)
            .and_then(|f| f.text.trim().parse::<f64>().ok())
    };
    let Some(list) = record.fields.iter_mut().find(|f| &*f.name == "itemList") else {
        return;
    };
    let mut next_line = list
        .children
        .iter()
        .filter_map(|l| l.child("line").and_then(|n| n.text.parse::<u64>().ok()))
        .max()
        .unwrap_or(0);
    let mut total = 0.0;
    for line in list.children.iter_mut() {
        if line.child("line").is_none() {
            next_line += 1;
            line.children
                .push(Elem::leaf("line", next_line.to_string()));
        }
        if let (Some(q), Some(r)) = (number(line, "quantity"), number(line, "rate")) {
            let amount = Elem::leaf("amount", format!("{:.2}", q * r));
            match line.children.iter_mut().find(|c| &*c.name == "amount") {
                Some(slot) => *slot = amount,
                None => line.children.push(amount),
            }
        }
        total += number(line, "amount").unwrap_or(0.0);
    }
    record.set(Elem::leaf("total", format!("{total:.2}")));
    if record.kind == RecordKind::Invoice && record.field("amountRemaining").is_none() {
        record.set(Elem::leaf("amountRemaining", format!("{total:.2}")));
    }
}

/// NetSuite's duplicate detection: a new customer, contact or vendor with the email address of
/// an existing one of its kind is added with a warning (an error under `warningAsError`).
fn duplicate_warning(tx: &Tx<'_>, kind: RecordKind, fields: &[Elem]) -> Option<Detail> {
    if !matches!(
        kind,
        RecordKind::Customer | RecordKind::Contact | RecordKind::Vendor
    ) {
        return None;
    }
    let email = fields
        .iter()
        .find(|f| &*f.name == "email")
        .map(|f| f.text.trim())?;
    let other = tx.find_by_email(kind, email)?;
    Some(Detail::warning(format!(
        "A {} with the email address {email} already exists (internal id {}): this may be a \
         duplicate record.",
        kind.type_name(),
        other.internal_id
    )))
}

/// The custom field an add must set unless `disableMandatoryCustomFieldValidation` is true:
/// (script id, label).
fn mandatory_custom_field(kind: RecordKind) -> Option<(&'static str, &'static str)> {
    (kind == RecordKind::CustomRecord).then_some(("custrecord_sim_text", "Sim Text"))
}

fn has_value(field: &Elem) -> bool {
    !field.text.is_empty() || !field.children.is_empty() || !field.attrs.is_empty()
}

/// Applies one sent field to a stored record: custom fields merge by script id, item lists
/// replace unless `replaceAll="false"`, everything else replaces.
fn merge_field(record: &mut Record, field: Elem) {
    match &*field.name {
        "customFieldList" => {
            let Some(list) = record
                .fields
                .iter_mut()
                .find(|f| &*f.name == "customFieldList")
            else {
                record.set(field);
                return;
            };
            for cf in field.children {
                match list.children.iter_mut().find(|c| {
                    c.attr("scriptId").is_some() && c.attr("scriptId") == cf.attr("scriptId")
                }) {
                    Some(slot) => *slot = cf,
                    None => list.children.push(cf),
                }
            }
        }
        "itemList" if field.attr("replaceAll") == Some("false") => {
            let Some(list) = record.fields.iter_mut().find(|f| &*f.name == "itemList") else {
                record.set(field);
                return;
            };
            for line in field.children {
                let number = line.child("line").map(|l| l.text.clone());
                let slot = number.and_then(|n| {
                    list.children
                        .iter_mut()
                        .find(|l| l.child("line").map(|x| &x.text) == Some(&n))
                });
                match slot {
                    Some(slot) => {
                        for f in line.children {
                            match slot.children.iter_mut().find(|x| x.name == f.name) {
                                Some(s) => *s = f,
                                None => slot.children.push(f),
                            }
                        }
                    }
                    None => list.children.push(line),
                }
            }
        }
        _ => record.set(field),
    }
}

/// Which family a reference field must point into, for the fields the simulator checks.
fn ref_target(kind: RecordKind, field: &str) -> Option<Family> {
    Some(match (kind.family(), field) {
        (Family::Transaction, "entity") => Family::Customer,
        (Family::Transaction, "createdFrom") => Family::Transaction,
        (Family::Contact, "company") => Family::Customer,
        (Family::Customer, "parent") => Family::Customer,
        (_, "salesRep") => Family::Employee,
        (_, "item") => Family::Item,
        _ => return None,
    })
}

/// Checks references to stored records (filling in the internal id and name of those given by
/// external id) and subsidiaries; records INVALID_KEY_OR_REF for the rest.
fn resolve_refs(tx: &Tx<'_>, kind: RecordKind, field: &mut Elem, errors: &mut Vec<Detail>) {
    let def = kind.table().get(&field.name).map(|(_, d)| d.kind);
    match def {
        Some(FieldKind::Ref) => resolve_ref_field(tx, kind, field, errors),
        Some(FieldKind::Lines(_)) => {
            for line in field.children.iter_mut() {
                for lf in line.children.iter_mut().filter(|f| &*f.name == "item") {
                    resolve_ref_field(tx, kind, lf, errors);
                }
            }
        }
        _ => {}
    }
}

fn resolve_ref_field(tx: &Tx<'_>, kind: RecordKind, field: &mut Elem, errors: &mut Vec<Detail>) {
    let invalid = |errors: &mut Vec<Detail>, key: &str| {
        errors.push(Detail::error(
            "INVALID_KEY_OR_REF",
            format!("Invalid {} reference key {key}.", field.name),
        ))
    };
    if &*field.name == "subsidiary" {
        if let Some(id) = field.attr("internalId") {
            if !id
                .parse::<usize>()
                .is_ok_and(|n| (1..=SUBSIDIARIES.len()).contains(&n))
            {
                invalid(errors, id);
            }
        }
        return;
    }
    let Some(family) = ref_target(kind, &field.name) else {
        return;
    };
    let target = match (
        field.attr("internalId").filter(|v| !v.is_empty()),
        field.attr("externalId"),
    ) {
        (Some(id), _) => id
            .parse()
            .ok()
            .and_then(|id| tx.get(id))
            .filter(|r| r.kind.family() == family),
        (None, Some(ext)) => tx.find_external(family, ext),
        (None, None) => return,
    };
    match target {
        Some(r) => {
            field.set_attr("internalId", r.internal_id.to_string());
            if field.child("name").is_none() {
                if let Some(name) = r.display_name() {
                    field.children.push(Elem::leaf("name", name.to_owned()));
                }
            }
        }
        None => {
            let key = field
                .attr("internalId")
                .or(field.attr("externalId"))
                .unwrap_or("")
                .to_owned();
            invalid(errors, &key)
        }
    }
}
