//! The two pieces generated builders need so that a missing required field is a compile error.
//!
//! A builder has one type parameter per required field. It starts as [`Unset`]; the field's
//! setter turns it into the field's own type, holding the value. `build()` asks every
//! parameter to be [`Required`] of its field's type, which only the value's type is, so
//! `build()` on a builder with a field still `Unset` does not compile, and the error points at
//! the `where` clause line that names the field.
//!
//! Why this shape: the builder stores each required value directly in its typed slot (no
//! `Option`, so `build()` has no "missing" branch that could never run), every setter lives in
//! one generic `impl` block, and the bound names the field in rustc's message. A bitset-like
//! single parameter would need a tuple rebuilt per setter and would print `(Set, Unset, Set)`
//! instead of a field name.

/// A required field of a generated builder that has not been set yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unset;

/// Satisfied by a required field's slot once its setter has run: the slot then holds a `T`.
#[diagnostic::on_unimplemented(
    message = "a required field is not set: `build()` needs a `{T}` here, the builder holds `{Self}`",
    label = "a required field of this builder is not set",
    note = "the `where` clause of `build` below names the field (its setter has the same name in snake_case): call that setter before `build()`"
)]
pub trait Required<T> {
    /// The field's value.
    fn into_value(self) -> T;
}

impl<T> Required<T> for T {
    fn into_value(self) -> T {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_slot_yields_its_value() {
        assert_eq!(Required::<String>::into_value("kept".to_owned()), "kept");
        assert_eq!(Required::<Option<i64>>::into_value(None::<i64>), None);
    }
}
