//! Prints every concrete route of the app, one per line (used by `scripts/build.sh` to write a
//! copy of index.html per route for static hosts). With `--boot`, one JSON object per line
//! instead: the route and the words its page shows while the app's wasm is still downloading
//! (title, teaser, question), which the build writes into that route's copy.

use serde_json::json;

fn main() {
    let boot = std::env::args().any(|a| a == "--boot");
    for r in cnn_lab::catalog::routes() {
        if !boot {
            println!("{r}");
            continue;
        }
        let (title, teaser, question) = match cnn_lab::catalog::find(&r) {
            Some(l) if r != "/" => (l.title, l.teaser, l.question),
            _ => (
                "CNN Architectures, live",
                "The lecture from LeNet-5 to ResNet as lessons you can move, computed in this page.",
                "",
            ),
        };
        println!(
            "{}",
            json!({ "route": r, "title": title, "teaser": teaser, "question": question })
        );
    }
}
