//! The thin Yew layer.
