//! GoogLeNet's auxiliary classifiers: the slide's question and its answer, on the GoogLeNet and
//! inception lessons.

use crate::ui::components::RevealCard;
use crate::ui::env;
use leptos::prelude::*;

/// "Q: why output prediction from lower layers?" (GoogLeNet's auxiliary classifiers).
pub fn why_lower_card(beat: u32) -> impl IntoView {
    view! {
        <RevealCard question="Q: why output prediction from lower layers?" beat=beat>
            <p>
                "Hint: gradient vanishing. The auxiliary losses (weighted 0.3) inject gradient "
                "into the middle of a 22-layer network, so the lower layers get a strong signal "
                "that has not passed through the whole chain of layers above. They also push "
                "the middle features to be discriminative on their own (Szegedy et al. 2015, "
                "Sec. 5)."
            </p>
            <p>
                <a href=env::href("/vanishing-gradients")>"See the gradient vanish, layer by layer"</a>
                ", and "
                <a href=env::href("/inception")>"what an inception module costs"</a>
                "."
            </p>
        </RevealCard>
    }
}
