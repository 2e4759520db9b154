//! `/embed`: the embedding kit for course sites: every lesson with its iframe snippet and a live
//! preview on demand, the `cnn-lab:height` message, and how to host the app under a sub-path.

use crate::catalog::{self, Lesson};
use crate::state::Note;
use crate::ui::components::LessonFrame;
use crate::ui::env;
use leptos::prelude::*;

fn snippet(path: &str) -> String {
    let src = env::absolute_url(path, "embed=1");
    format!(
        "<iframe src=\"{src}\" title=\"CNN Lab: {path}\" width=\"100%\" height=\"720\" \
         style=\"border:0\" loading=\"lazy\"></iframe>"
    )
}

const LISTENER: &str = r#"<script>
  // Resize every CNN Lab frame to the height it reports.
  addEventListener("message", (e) => {
    if (!e.data || e.data.type !== "cnn-lab:height") return;
    for (const f of document.querySelectorAll("iframe")) {
      if (f.contentWindow === e.source) f.style.height = e.data.height + "px";
    }
  });
</script>"#;

#[component]
fn Row(lesson: &'static Lesson) -> impl IntoView {
    let preview = RwSignal::new(false);
    let code = snippet(lesson.path);
    let src = env::absolute_url(lesson.path, "embed=1");
    view! {
        <li class="embed-row">
            <h3>{lesson.title}</h3>
            <p class="caption">{lesson.teaser}</p>
            <label>
                <span class="visually-hidden">{format!("Embed code for {}", lesson.title)}</span>
                <textarea readonly rows="3" class="embed-code" data-testid="embed-code" data-route=lesson.path>
                    {code}
                </textarea>
            </label>
            <button class="small secondary" on:click=move |_| preview.update(|p| *p = !*p)>
                {move || if preview.get() { "Hide preview" } else { "Show live preview" }}
            </button>
            <Show when=move || preview.get()>
                <iframe
                    class="embed-preview"
                    src=src.clone()
                    title=format!("Preview: {}", lesson.title)
                ></iframe>
            </Show>
        </li>
    }
}

#[component]
pub fn EmbedKitPage(lesson: &'static Lesson) -> impl IntoView {
    let notes = RwSignal::new(Vec::<Note>::new());
    let built: Vec<&'static Lesson> = catalog::LESSONS.iter().filter(|l| l.built).collect();
    view! {
        <LessonFrame lesson=lesson notes=notes>
            <p>
                "Every lesson can live inside your course page. Add " <code>"?embed=1"</code>
                " to any lesson URL: the site header and footer go away, the lesson fills the frame, "
                "and its state (sliders, seed) stays in the URL. Each lesson page also has a "
                <em>"Copy embed code"</em> " button that includes its current settings."
            </p>
            <h2>"Frame height"</h2>
            <p>
                "An embedded lesson posts " <code>"{type: \"cnn-lab:height\", height: <px>}"</code>
                " to its parent window whenever its height changes. Add this once to your page "
                "to size every frame automatically:"
            </p>
            <pre class="formula" data-testid="height-listener" tabindex="0" aria-label="Height listener script">{LISTENER}</pre>
            <h2>"Lessons"</h2>
            <ol class="embed-list">{built.into_iter().map(|l| view! { <Row lesson=l /> }).collect_view()}</ol>
            <h2>"Hosting CNN Lab yourself"</h2>
            <p>
                "The app is a static site. Build it for the path it will live under, e.g. "
                <code>"scripts/build.sh dist /course/cnn/"</code> " (it runs "
                <code>"trunk build --release --public-url /course/cnn/"</code>
                "), then copy " <code>"dist/"</code> " to your web server. The build writes a copy of "
                <code>"index.html"</code> " at every lesson path, so deep links work on a plain "
                "static host without rewrite rules; the end-to-end suite checks exactly this "
                "under " <code>"/course/cnn/"</code> " with a server that has no fallback. Serve "
                <code>".wasm"</code> " as " <code>"application/wasm"</code> ". After the first visit "
                "the app also works offline (service worker)."
            </p>
            <h2>"A lecture without a network"</h2>
            <p>
                "After one visit every lesson page opens offline, but the data sets "
                "(MNIST and Fashion-MNIST) and the pretrained networks are fetched only when a page "
                "needs them. Before a lecture in a room without reliable Wi-Fi, press "
                <em>"Keep this lecture offline"</em> " (here, on the home page or on /train) on the "
                "projector's machine: it saves them all on that device, shows the total size and "
                "says when it is done. Students can do the same on their laptops."
            </p>
            <crate::ui::components::KeepOffline place="embed" />
        </LessonFrame>
    }
}
