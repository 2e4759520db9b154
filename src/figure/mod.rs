//! The pure side of every chart and figure the lessons draw: tick labels in the data's own units,
//! the boxes a drawing's texts occupy and the checks on them (no overlap, nothing off the canvas,
//! no legend over a data point), the legend's flow into rows, the palette and its contrast, and
//! the export's title and file name. The UI's one chart component (`ui::viz::chart`) draws with
//! these; everything here is tested natively.

pub mod export;
pub mod layout;
pub mod palette;
pub mod units;

pub use layout::{Layout, Rect};
pub use units::Units;
