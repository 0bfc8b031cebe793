//! Part of stage 3, lower, first pass: the home (module) and name of every named type, the
//! items each operation adds to its module, and the empty types for Unit inputs and outputs,
//! with every collision reported naming both model elements.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, Result};
use crate::ir::{Home, TypePath};
use crate::model::{Model, ShapeId, ShapeKind, UNIT};
use crate::names;
use crate::select::Selection;

/// Where every type goes.
#[derive(Debug, Default)]
pub struct Placement {
    /// The Rust path of every shape that becomes a named type.
    pub paths: BTreeMap<ShapeId, TypePath>,
    /// Its home.
    pub homes: BTreeMap<ShapeId, Home>,
    /// Empty `{Op}Input` / `{Op}Output` types for operations whose input or output is Unit,
    /// keyed by operation and `true` for input.
    pub unit_io: BTreeMap<(ShapeId, bool), TypePath>,
}

/// The module names taken in `types` and in `types::error`.
struct TypeModules {
    types: names::Scope,
    errors: names::Scope,
}

/// Names taken in a module, with the shape that took each.
type Taken = BTreeMap<(Vec<String>, String), ShapeId>;

/// For each input or output structure, the operations that use it and whether as `Input` or
/// `Output`.
type IoUsers<'m> = BTreeMap<&'m ShapeId, Vec<(&'m ShapeId, &'static str)>>;

/// Places every named type of the selection.
pub fn place(model: &Model, selection: &Selection) -> Result<Placement> {
    let cx = Cx { model, selection };
    let mut placement = Placement::default();
    let mut taken = Taken::new();
    cx.named_types(&mut placement, &mut taken)?;
    cx.operation_items(&mut taken)?;
    cx.unit_io(&mut placement, &mut taken)?;
    Ok(placement)
}

struct Cx<'a> {
    model: &'a Model,
    selection: &'a Selection,
}

impl Cx<'_> {
    fn err(&self, shape: &ShapeId, message: String) -> Error {
        Error::Model {
            path: self.model.path.clone(),
            shape: shape.to_string(),
            message,
        }
    }

    fn claim(
        &self,
        taken: &mut Taken,
        module: &[String],
        item: &str,
        owner: &ShapeId,
        what: &str,
    ) -> Result<()> {
        match taken.insert((module.to_vec(), item.to_owned()), owner.clone()) {
            None => Ok(()),
            Some(other) => Err(self.err(
                owner,
                format!(
                    "{what} `{item}` in `crate::{}` is also used by {other}",
                    module.join("::")
                ),
            )),
        }
    }

    /// For each input or output structure, the operations that use it and whether as `Input`
    /// or `Output`; and every shape some member, list or map targets. A structure used by
    /// exactly one operation and targeted by nothing lives with that operation.
    fn operation_io_users(&self) -> (IoUsers<'_>, BTreeSet<&ShapeId>) {
        let mut io_users: IoUsers<'_> = BTreeMap::new();
        for op_id in &self.selection.operations {
            if let ShapeKind::Operation(op) = &self.model.shapes[op_id].kind {
                for (t, role) in [(&op.input, "Input"), (&op.output, "Output")] {
                    io_users.entry(t).or_default().push((op_id, role));
                }
            }
        }
        let mut targeted = BTreeSet::new();
        for id in &self.selection.shapes {
            match &self.model.shapes[id].kind {
                ShapeKind::Structure(ms) | ShapeKind::Union(ms) => {
                    targeted.extend(ms.iter().map(|m| &m.target))
                }
                ShapeKind::List(m) => {
                    targeted.insert(&m.target);
                }
                ShapeKind::Map { key, value } => targeted.extend([&key.target, &value.target]),
                _ => {}
            }
        }
        (io_users, targeted)
    }

    /// The home and name of every structure, union and enum; its module file claimed in its
    /// parent module. A structure that lives with its operation is named `{Op}Input` /
    /// `{Op}Output` whatever the model calls it, as in the official SDKs.
    fn named_types(&self, placement: &mut Placement, taken: &mut Taken) -> Result<()> {
        let (io_users, targeted) = self.operation_io_users();
        // One module per type in `types` and `types::error`, next to the generator's own.
        let mut modules = TypeModules {
            types: names::Scope::new(names::TYPES_MODULES, "_"),
            errors: names::Scope::new(names::TYPES_MODULES, "_"),
        };
        for id in &self.selection.shapes {
            let shape = &self.model.shapes[id];
            if !matches!(
                shape.kind,
                ShapeKind::Structure(_)
                    | ShapeKind::Union(_)
                    | ShapeKind::Enum(_)
                    | ShapeKind::IntEnum(_)
            ) {
                continue;
            }
            let is_error = shape.traits.error.is_some();
            let (home, path) = match io_users.get(id).map(Vec::as_slice) {
                Some([(op, role)]) if !targeted.contains(id) && !is_error => {
                    let module = names::module_name(op.name());
                    let path = TypePath {
                        module: names::operation_module(&module),
                        name: names::io_type_name(op.name(), role),
                    };
                    self.claim(taken, &path.module, &path.name, id, "its Rust name")?;
                    (Home::Operation { module }, path)
                }
                _ => self.own_module(id, is_error, &mut modules, taken)?,
            };
            let builder = names::builder_name(&path.name);
            self.claim(taken, &path.module, &builder, id, "its Rust name")?;
            placement.paths.insert(id.clone(), path);
            placement.homes.insert(id.clone(), home);
        }
        Ok(())
    }

    /// A type in a module of its own under `types` (or `types::error`): its name claimed in
    /// the parent module, then its module's name.
    fn own_module(
        &self,
        id: &ShapeId,
        is_error: bool,
        modules: &mut TypeModules,
        taken: &mut Taken,
    ) -> Result<(Home, TypePath)> {
        let (scope, module_path) = if is_error {
            (&mut modules.errors, names::errors_module())
        } else {
            (&mut modules.types, names::types_module())
        };
        // The type's name first: two shapes meeting in one Rust name is the clearer report
        // than the module names that follow from it.
        let name = names::type_name(id.name());
        self.claim(taken, &module_path, &name, id, "its Rust name")?;
        let wanted = names::module_name(id.name());
        let module = scope.claim(&wanted, id.as_str()).map_err(|other| {
            let resolved = scope.resolve(&wanted);
            self.err(
                id,
                format!("its module name `{resolved}` is also used by {other}"),
            )
        })?;
        let home = if is_error {
            Home::Errors { module }
        } else {
            Home::Types { module }
        };
        Ok((
            home,
            TypePath {
                module: module_path,
                name,
            },
        ))
    }

    /// The error enum and fluent builder each operation adds to its module.
    fn operation_items(&self, taken: &mut Taken) -> Result<()> {
        for op_id in &self.selection.operations {
            let module = names::operation_module(&names::module_name(op_id.name()));
            for item in [
                names::error_enum_name(op_id.name()),
                names::fluent_builder_name(op_id.name()),
            ] {
                self.claim(taken, &module, &item, op_id, "the type it needs,")?;
            }
        }
        Ok(())
    }

    /// `{Op}Input` / `{Op}Output` for operations whose input or output is Unit.
    fn unit_io(&self, placement: &mut Placement, taken: &mut Taken) -> Result<()> {
        for op_id in &self.selection.operations {
            let ShapeKind::Operation(op) = &self.model.shapes[op_id].kind else {
                continue;
            };
            for (is_input, target, role) in
                [(true, &op.input, "Input"), (false, &op.output, "Output")]
            {
                if target.as_str() != UNIT {
                    continue;
                }
                let path = TypePath {
                    module: names::operation_module(&names::module_name(op_id.name())),
                    name: names::io_type_name(op_id.name(), role),
                };
                for item in [path.name.clone(), names::builder_name(&path.name)] {
                    self.claim(
                        taken,
                        &path.module,
                        &item,
                        op_id,
                        &format!("the empty {role} type"),
                    )?;
                }
                placement.unit_io.insert((op_id.clone(), is_input), path);
            }
        }
        Ok(())
    }
}
