//! One component per file.

pub mod app;
pub mod chart_canvas;
pub mod compare;
pub mod data_table;
pub mod diagnostics;
pub mod picker;

pub use app::{App, AppProps};
pub use compare::{Widget, WidgetProps};
