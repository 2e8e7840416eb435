//! A field as the [`Report`](crate::Report) checks see it: a value that is always there, or an
//! optional one that is checked only when set.
//!
//! Generated code passes every field as it is declared (`&self.name`, whether its type is
//! `String` or `Option<String>`), so a check is one statement whatever the field's optionality,
//! and the "skip it when absent" rule lives here once instead of in every generated check.

use std::collections::BTreeMap;

use crate::validate::Validate;

/// A field's value, if it has one. A check looks at [`present`](FieldValue::present) and does
/// nothing when it is `None`: a constraint applies to a value that was set.
pub trait FieldValue {
    /// What a check looks at: `str` for text, the number itself, a slice for a list, the
    /// nested value for a type that validates itself.
    type Value: ?Sized;

    /// The value to check, `None` when the field was not set.
    fn present(&self) -> Option<&Self::Value>;
}

/// An optional field is checked only when set; `Option<Option<T>>` (an optional field that
/// may be `null`) unwraps both layers.
impl<T: FieldValue> FieldValue for Option<T> {
    type Value = T::Value;

    fn present(&self) -> Option<&T::Value> {
        self.as_ref().and_then(FieldValue::present)
    }
}

impl FieldValue for String {
    type Value = str;

    fn present(&self) -> Option<&str> {
        Some(self)
    }
}

impl FieldValue for str {
    type Value = str;

    fn present(&self) -> Option<&str> {
        Some(self)
    }
}

/// Numbers are checked as themselves (ranges and divisors compare the value).
macro_rules! numbers_are_field_values {
    ($($number:ty),*) => {$(
        impl FieldValue for $number {
            type Value = $number;

            fn present(&self) -> Option<&$number> {
                Some(self)
            }
        }
    )*};
}

numbers_are_field_values!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl<T> FieldValue for Vec<T> {
    type Value = [T];

    fn present(&self) -> Option<&[T]> {
        Some(self)
    }
}

impl<T> FieldValue for [T] {
    type Value = [T];

    fn present(&self) -> Option<&[T]> {
        Some(self)
    }
}

impl<T, const N: usize> FieldValue for [T; N] {
    type Value = [T];

    fn present(&self) -> Option<&[T]> {
        Some(self)
    }
}

impl<K, V> FieldValue for BTreeMap<K, V> {
    type Value = BTreeMap<K, V>;

    fn present(&self) -> Option<&Self> {
        Some(self)
    }
}

/// A nested value that validates itself (every generated struct) is checked as a whole.
impl<T: Validate> FieldValue for T {
    type Value = T;

    fn present(&self) -> Option<&T> {
        Some(self)
    }
}

/// A collection with a number of items, for `min_items` / `max_items`.
pub trait ItemCount {
    /// How many items it holds.
    fn item_count(&self) -> usize;
}

impl<T> ItemCount for [T] {
    fn item_count(&self) -> usize {
        self.len()
    }
}

impl<K, V> ItemCount for BTreeMap<K, V> {
    fn item_count(&self) -> usize {
        self.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Report;

    fn present<F: FieldValue + ?Sized>(field: &F) -> Option<&F::Value> {
        field.present()
    }

    #[test]
    fn a_set_value_is_present_and_an_unset_option_is_not() {
        assert_eq!(present(&String::from("a")), Some("a"));
        assert_eq!(present(&Some(String::from("a"))), Some("a"));
        assert_eq!(present(&None::<String>), None);
        assert_eq!(present(&Some(Some(7_i32))), Some(&7));
        assert_eq!(present(&Some(None::<i32>)), None);
        assert_eq!(present(&vec![1, 2]).map(<[i32]>::len), Some(2));
        assert_eq!(present(&None::<Vec<i32>>), None);
        let map = BTreeMap::from([("k", 1)]);
        assert_eq!(present(&Some(map)).map(ItemCount::item_count), Some(1));
    }

    struct AlwaysWrong;
    impl Validate for AlwaysWrong {
        fn validate_into(&self, path: &str, report: &mut Report) {
            report.missing(path, "inner");
        }
    }

    #[test]
    fn a_nested_value_is_present_as_itself() {
        assert!(present(&AlwaysWrong).is_some());
        assert!(present(&Some(AlwaysWrong)).is_some());
        assert!(present(&None::<AlwaysWrong>).is_none());
    }
}
