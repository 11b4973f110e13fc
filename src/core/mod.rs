//! The pure core: no DOM, no Yew; builds and is tested natively.

pub mod chart;
pub mod compare;
pub mod dataset;
pub mod explain;
pub mod format;
pub mod import;
pub mod json;
pub mod model;
pub mod order;
pub mod schema;
pub mod search;
pub mod validate;
