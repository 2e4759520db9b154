use super::{EmbedButton, UrlNotes};
use crate::catalog::Lesson;
use crate::state::Note;
use leptos::prelude::*;

/// Test builds count page mounts: `data-mount` changes whenever a lesson is (re)built from its
/// URL, which lets the end-to-end suite wait for the re-mount after a history navigation.
#[cfg(feature = "selftest")]
fn mount_id() -> Option<String> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static MOUNTS: AtomicU32 = AtomicU32::new(0);
    // Unique across page loads too (a reload restarts the counter).
    let origin = web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.time_origin() as u64)
        .unwrap_or(0);
    Some(format!(
        "{origin}-{}",
        MOUNTS.fetch_add(1, Ordering::Relaxed) + 1
    ))
}

#[cfg(not(feature = "selftest"))]
fn mount_id() -> Option<String> {
    None
}

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
    let mount = mount_id();
    view! {
        <article class="lesson" data-lesson=lesson.path data-mount=mount>
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
