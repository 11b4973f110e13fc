//! The thin Yew layer: state, components, hooks and strings. Formatting and
//! events only; every figure comes from [`crate::core`].

pub mod browser;
pub mod canvas;
pub mod components;
pub mod hooks;
pub mod i18n;
pub mod options;
pub mod permalink;
pub mod render;
pub mod state;
pub mod view;
