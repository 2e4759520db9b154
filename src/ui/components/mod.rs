//! Reusable widgets. Each takes signals and callbacks; none knows which lesson uses it.

mod data_choice;
mod embed;
pub mod grad_cards;
mod keep_offline;
mod key_figure;
mod lesson_frame;
mod notes;
mod reveal;
mod slider;
mod table;
mod why_flops;
mod why_lower;

pub use data_choice::{DataChoice, DataCredit};
pub use embed::{start_height_poster, EmbedButton};
pub use keep_offline::KeepOffline;
pub use key_figure::KeyFigure;
pub use lesson_frame::LessonFrame;
pub use notes::{ErrorNote, UrlNotes};
pub use reveal::RevealCard;
pub use slider::{Choice, IntSlider};
pub use table::DataTable;
pub use why_flops::flops_answer;
pub use why_lower::why_lower_card;
