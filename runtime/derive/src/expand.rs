//! The `impl Deserialize`: a map visitor that keeps each member in a local `Option`, matches
//! keys against the wire names, and builds the struct once the map ends.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::plan::{FieldPlan, Missing, Source, StructPlan};

pub fn deserialize_impl(plan: &StructPlan) -> TokenStream {
    let name = &plan.name;
    let expecting = format!("struct {name}");
    let label = name.to_string();
    let slot = |index: usize| format_ident!("__slot{index}");

    let mut slots = Vec::new();
    let mut adapters = Vec::new();
    let mut arms = Vec::new();
    let mut wires = Vec::new();
    let mut inits = Vec::new();
    let has_rest = plan.fields.iter().any(|field| matches!(field.source, Source::Rest));
    for (index, field) in plan.fields.iter().enumerate() {
        let FieldPlan { ident, ty, source } = field;
        let slot = slot(index);
        match source {
            Source::Member { wire, with, missing } => {
                slots.push(
                    quote! { let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None; },
                );
                wires.push(wire.clone());
                arms.push(match with {
                    None => quote! { #wire => __decode::member(&mut __map, &mut #slot, #wire)?, },
                    Some(module) => {
                        let adapter = format_ident!("__With{index}");
                        adapters.push(quote! {
                            struct #adapter(#ty);
                            impl<'de> __serde::Deserialize<'de> for #adapter {
                                fn deserialize<__D: __serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                                    #module::deserialize(deserializer).map(#adapter)
                                }
                            }
                        });
                        quote! { #wire => __decode::member_with(&mut __map, &mut #slot, #wire, |value: #adapter| value.0)?, }
                    }
                });
                inits.push(match missing {
                    Missing::Default => quote! { #ident: #slot.unwrap_or_default(), },
                    Missing::Error => quote! { #ident: __decode::required(#slot, #wire)?, },
                });
            }
            Source::Skipped => inits.push(quote! { #ident: ::core::default::Default::default(), }),
            Source::Rest => inits.push(quote! { #ident: __rest.into_map(), }),
        }
    }
    let (rest_slot, other_arm, entry) = if has_rest {
        (
            quote! { let mut __rest = __decode::Rest::new(); },
            quote! { _ => __rest.insert(&mut __map, __key)?, },
            // serde reads a struct with a `flatten` field as a map, and any other as a struct.
            quote! { deserializer.deserialize_map(__Visitor) },
        )
    } else {
        (
            quote! {},
            quote! { _ => __decode::skip(&mut __map)?, },
            quote! { deserializer.deserialize_struct(#label, &[#(#wires),*], __Visitor) },
        )
    };
    quote! {
        #[allow(deprecated, non_local_definitions)]
        const _: () = {
            use ::cloudspec_runtime::serde as __serde;
            use ::cloudspec_runtime::decode as __decode;
            impl<'de> __serde::Deserialize<'de> for #name {
                fn deserialize<__D: __serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                    struct __Visitor;
                    impl<'de> __serde::de::Visitor<'de> for __Visitor {
                        type Value = #name;
                        fn expecting(&self, formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                            formatter.write_str(#expecting)
                        }
                        fn visit_map<__A: __serde::de::MapAccess<'de>>(self, mut __map: __A) -> ::core::result::Result<#name, __A::Error> {
                            #(#adapters)*
                            #(#slots)*
                            #rest_slot
                            while let ::core::option::Option::Some(__key) = __map.next_key::<__decode::Key<'de>>()? {
                                match __key.as_str() { #(#arms)* #other_arm }
                            }
                            ::core::result::Result::Ok(#name { #(#inits)* })
                        }
                    }
                    #entry
                }
            }
        };
    }
}
