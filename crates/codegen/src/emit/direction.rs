//! Which way each struct crosses the wire, so that it derives only the serde half it needs.
//!
//! `#[derive(Deserialize)]` is by far the largest expansion in the generated crate (about 220
//! lines per struct, most of the time `cargo check` spends); a request is only ever serialized
//! by the client and a response only deserialized. The other half is derived under the crate's
//! `round-trip` feature (fixtures, logging, the examples test).

use std::collections::HashMap;

use crate::ir::{Service, StructDef, Ty, TypeDef, TypeKind};

/// How a struct is used by the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Only inside requests: `Serialize`, `Deserialize` under `round-trip`.
    Sent,
    /// Only inside responses: `Deserialize`, `Serialize` under `round-trip`.
    Received,
    /// Both, or neither (a documented shape such as an error body): both derives.
    Both,
}

impl Direction {
    fn join(self, other: Direction) -> Direction {
        if self == other { self } else { Direction::Both }
    }
}

/// The direction of every struct type of `service` (its shared types and every operation's own
/// types, which any operation of the service may use), keyed by Rust type name.
pub fn of_service(service: &Service) -> HashMap<String, Direction> {
    let own = service.operations.iter().flat_map(|op| op.types.iter());
    walk(service.types.iter().chain(own), service.operations.iter().map(|op| (&op.input, &op.output)))
}

/// Directions from operations given as (input, output) pairs.
fn walk<'a>(
    types: impl Iterator<Item = &'a TypeDef>,
    ops: impl Iterator<Item = (&'a StructDef, &'a StructDef)>,
) -> HashMap<String, Direction> {
    let structs: HashMap<&str, &StructDef> = types
        .filter_map(|def| match &def.kind {
            TypeKind::Struct(s) => Some((def.name.as_str(), s)),
            TypeKind::Enum(_) => None,
        })
        .collect();
    let mut found = HashMap::new();
    for (input, output) in ops {
        mark(input, Direction::Sent, &structs, &mut found);
        mark(output, Direction::Received, &structs, &mut found);
    }
    // A struct no operation reaches derives both halves, so everything it holds needs both too.
    let unreached: Vec<&StructDef> =
        structs.iter().filter(|(name, _)| !found.contains_key(**name)).map(|(_, def)| *def).collect();
    for def in unreached {
        found.insert(def.name.clone(), Direction::Both);
        mark(def, Direction::Both, &structs, &mut found);
    }
    found
}

/// Marks every struct reachable from `def`'s fields with `direction`; a struct reached both
/// ways becomes `Both` and is walked again so that its fields follow.
fn mark(
    def: &StructDef,
    direction: Direction,
    structs: &HashMap<&str, &StructDef>,
    found: &mut HashMap<String, Direction>,
) {
    for field in &def.fields {
        let Some(name) = named_struct(&field.ty) else { continue };
        let Some(inner) = structs.get(name) else { continue };
        let joined = found.get(name).map_or(direction, |seen| seen.join(direction));
        if found.get(name) == Some(&joined) {
            continue; // already walked with this direction (this also ends recursion)
        }
        found.insert(name.to_owned(), joined);
        mark(inner, joined, structs, found);
    }
}

/// The struct name inside `ty`, through lists, maps and JSON strings.
fn named_struct(ty: &Ty) -> Option<&str> {
    match ty {
        Ty::Named { name, is_enum: false, .. } => Some(name),
        Ty::List(inner) | Ty::Map(inner) | Ty::JsonString(inner) | Ty::Nullable(inner) => named_struct(inner),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Constraints, Field};
    use crate::spec::Location;

    /// A struct with one field of type `holds` (or none).
    fn strukt(name: &str, holds: Option<&str>) -> StructDef {
        let fields = holds
            .map(|holds| Field {
                wire: "inner".into(),
                rust: "inner".into(),
                ty: Ty::List(Box::new(Ty::Named {
                    name: holds.into(),
                    key: holds.into(),
                    is_enum: false,
                    enum_kind: None,
                })),
                required: false,
                nullable: false,
                default: None,
                doc: None,
                example: None,
                constraints: Constraints::default(),
                location: Location::Body,
                sensitive: false,
                deprecated: false,
                presigned: None,
                style: None,
                item_constraints: Constraints::default(),
            })
            .into_iter()
            .collect();
        StructDef { name: name.into(), doc: None, fields, open: false }
    }

    fn declared(name: &str, holds: Option<&str>) -> TypeDef {
        TypeDef { name: name.into(), doc: None, kind: TypeKind::Struct(strukt(name, holds)) }
    }

    #[test]
    fn each_struct_derives_the_halves_its_users_need() {
        let types = [
            declared("Spec", Some("Leaf")),   // sent by A, received from B
            declared("Leaf", Some("Leaf")),   // recursive, reached through Spec
            declared("Out", Some("OutLeaf")), // received only
            declared("OutLeaf", None),
            declared("In", None),             // sent only
            declared("Unused", Some("Deep")), // reached by no operation: both, and so is what it holds
            declared("Deep", Some("Out")),
        ];
        let ops = [
            (strukt("AInput", Some("Spec")), strukt("AOutput", Some("Out"))),
            (strukt("BInput", Some("In")), strukt("BOutput", Some("Spec"))),
        ];
        let found = walk(types.iter(), ops.iter().map(|(input, output)| (input, output)));
        let direction = |name: &str| found.get(name).copied();
        assert_eq!(direction("Spec"), Some(Direction::Both));
        assert_eq!(direction("Leaf"), Some(Direction::Both));
        assert_eq!(direction("In"), Some(Direction::Sent));
        assert_eq!(direction("Unused"), Some(Direction::Both));
        assert_eq!(direction("Deep"), Some(Direction::Both));
        // Received by an operation, and held by a type that derives both.
        assert_eq!(direction("Out"), Some(Direction::Both));
        assert_eq!(direction("OutLeaf"), Some(Direction::Both));
    }

    #[test]
    fn a_type_only_received_derives_deserialize_only() {
        let types = [declared("Out", Some("OutLeaf")), declared("OutLeaf", None)];
        let ops = [(strukt("Input", None), strukt("Output", Some("Out")))];
        let found = walk(types.iter(), ops.iter().map(|(input, output)| (input, output)));
        assert_eq!(found.get("Out"), Some(&Direction::Received));
        assert_eq!(found.get("OutLeaf"), Some(&Direction::Received));
    }
}
