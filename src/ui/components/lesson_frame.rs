use super::{EmbedButton, UrlNotes};
use crate::catalog::Lesson;
use crate::state::Note;
use leptos::prelude::*;

/// The frame every lesson page shares: title, the slide question, the URL notes, the embed
/// button, then the lesson's own content.
#[component]
pub fn LessonFrame(
    lesson: &'static Lesson,
    notes: RwSignal<Vec<Note>>,
    children: Children,
) -> impl IntoView {
    let section = crate::catalog::SECTIONS
        .iter()
        .find(|s| s.number == lesson.section)
        .map(|s| format!("Section {}: {}", s.number, s.title))
        .unwrap_or_default();
    view! {
        <article class="lesson" data-lesson=lesson.path>
            <header class="lesson-header">
                <p class="lesson-section">{section}</p>
                <h1>{lesson.title}</h1>
                <p class="lesson-question">{lesson.question}</p>
            </header>
            <UrlNotes notes=notes />
            {children()}
            <footer class="lesson-footer">
                <EmbedButton />
            </footer>
        </article>
    }
}
