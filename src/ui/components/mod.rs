//! Reusable widgets. Each takes signals and callbacks; none knows which lesson uses it.

mod data_choice;
mod embed;
mod key_figure;
mod lesson_frame;
mod notes;
mod reveal;
mod slider;

pub use data_choice::{DataChoice, DataCredit};
pub use embed::{start_height_poster, EmbedButton};
pub use key_figure::KeyFigure;
pub use lesson_frame::LessonFrame;
pub use notes::{ErrorNote, UrlNotes};
pub use reveal::RevealCard;
pub use slider::{Choice, IntSlider};
