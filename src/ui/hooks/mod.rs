//! Hooks: loading data, and the view models each tab renders.

pub mod use_dataset;
pub mod use_settled;
pub mod use_views;

pub use use_dataset::{use_dataset, LoadState, SharedDataset};
pub use use_settled::use_settled;
pub use use_views::{use_compare, use_hover, use_over_time, CompareModels};
