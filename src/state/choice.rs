//! Choices as enums: [`choice_enum!`] declares an enum whose variants are the URL values of a
//! [`Kind::Choice`](super::Kind::Choice) field (serde names, `IDS` for the field's options, `id`
//! and `from_id` for the pages' buttons), so a state holds a variant, never a free string.

/// `choice_enum! { /// doc  pub enum Name { A = "a", B = "b" } }`: the enum, `Name::IDS`,
/// `Name::ALL`, `id()` and `from_id()`. (The default is the field's, in its `Kind::Choice`.)
#[macro_export]
macro_rules! choice_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $first:ident = $first_id:literal $(, $v:ident = $id:literal)* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        $vis enum $name {
            #[serde(rename = $first_id)]
            $first,
            $(#[serde(rename = $id)] $v,)*
        }

        impl $name {
            /// Every variant, in the order the page offers them.
            pub const ALL: &'static [$name] = &[$name::$first $(, $name::$v)*];
            /// The URL values, in the same order (a choice field's options).
            pub const IDS: &'static [&'static str] = &[$first_id $(, $id)*];

            /// The URL value.
            pub fn id(self) -> &'static str {
                match self {
                    $name::$first => $first_id,
                    $($name::$v => $id,)*
                }
            }

            /// The variant of a URL value.
            pub fn from_id(id: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.id() == id)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::choice_enum! {
        /// A test choice.
        pub enum Fruit { Apple = "apple", Pear = "pear-x" }
    }

    #[test]
    fn ids_round_trip_through_serde_and_from_id() {
        assert_eq!(Fruit::IDS, ["apple", "pear-x"]);
        for f in Fruit::ALL {
            assert_eq!(Fruit::from_id(f.id()), Some(*f));
            let json = serde_json::to_string(f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.id()));
            assert_eq!(serde_json::from_str::<Fruit>(&json).unwrap(), *f);
        }
        assert_eq!(Fruit::from_id("banana"), None);
    }
}
