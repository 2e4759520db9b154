//! What an exported figure is called and says about itself: a title naming the lesson, the
//! figure and the settings it was drawn with, a one-line credit, and a file name from them.

/// The lesson, the figure and the settings of an export.
#[derive(Clone, Debug, PartialEq)]
pub struct Caption {
    /// The lesson's title, e.g. "Receptive field".
    pub lesson: String,
    /// The figure's name on the page, e.g. "receptive field against depth".
    pub figure: String,
    /// The settings as the page's address states them (`k=3&s=2`), or empty for the defaults.
    pub query: String,
}

/// The one-line credit every export carries.
pub const CREDIT: &str = "CNN Lab: computed in the browser from the lecture on CNN architectures";

impl Caption {
    /// "Receptive field: receptive field against depth (k=3, s=2)"; "(defaults)" without settings.
    pub fn title(&self) -> String {
        let settings = settings(&self.query);
        let settings = if settings.is_empty() {
            "defaults".to_string()
        } else {
            settings
        };
        format!("{}: {} ({settings})", self.lesson, self.figure)
    }

    /// A file name from the lesson, the figure and the settings: lower case, `-` between words.
    pub fn file_name(&self, ext: &str) -> String {
        let mut parts = vec![slug(&self.lesson), slug(&self.figure)];
        let s = slug(&settings(&self.query));
        if !s.is_empty() {
            parts.push(s);
        }
        let mut stem = parts.join("_");
        if stem.len() > 120 {
            // Cut at the last word boundary before 120 characters (the stem is ASCII).
            let cut = stem[..120].rfind(['-', '_']).unwrap_or(120);
            stem.truncate(cut);
        }
        format!("cnn-lab_{stem}.{ext}")
    }
}

/// `k=3&s=2&present=1` -> `k=3, s=2`: the settings, without the display modes and anchors.
pub fn settings(query: &str) -> String {
    query
        .trim_start_matches('?')
        .split('#')
        .next()
        .unwrap_or("")
        .split('&')
        .filter(|kv| !kv.is_empty())
        .filter(|kv| {
            let key = kv.split('=').next().unwrap_or("");
            !matches!(key, "present" | "embed" | "step")
        })
        .map(|kv| kv.replace("%2C", ",").replace("%2c", ","))
        .collect::<Vec<_>>()
        .join(", ")
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cap(query: &str) -> Caption {
        Caption {
            lesson: "Receptive field".into(),
            figure: "receptive field against depth".into(),
            query: query.into(),
        }
    }

    #[test]
    fn titles_name_lesson_figure_and_settings() {
        assert_eq!(
            cap("?k=3&s=2&present=1").title(),
            "Receptive field: receptive field against depth (k=3, s=2)"
        );
        assert_eq!(
            cap("").title(),
            "Receptive field: receptive field against depth (defaults)"
        );
        assert_eq!(
            cap("embed=1").title(),
            "Receptive field: receptive field against depth (defaults)"
        );
    }

    #[test]
    fn file_names_are_plain_and_bounded() {
        assert_eq!(
            cap("k=3&s=2").file_name("svg"),
            "cnn-lab_receptive-field_receptive-field-against-depth_k-3-s-2.svg"
        );
        assert_eq!(
            cap("").file_name("png"),
            "cnn-lab_receptive-field_receptive-field-against-depth.png"
        );
        let long = cap(&"x=1&".repeat(200)).file_name("svg");
        assert!(long.len() < 140 && long.ends_with(".svg"), "{long}");
        assert!(
            !long.contains("-.svg") && !long.contains("_.svg"),
            "cut at a boundary: {long}"
        );
        assert!(!cap("a=<b>&c=\"d\"")
            .file_name("svg")
            .contains(['<', '"', '/']));
    }
}
