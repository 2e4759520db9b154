//! The per-layer comma lists of the URL (`k=3,3,3`), read and written.

use super::RfError;

/// Parses a comma list such as `"3, 3,3"`; `name` is the URL parameter, used in messages.
pub fn parse_list(name: &'static str, text: &str) -> Result<Vec<usize>, RfError> {
    if text.trim().is_empty() {
        return Err(RfError::EmptyList { name });
    }
    text.split(',')
        .enumerate()
        .map(|(i, tok)| {
            tok.trim().parse::<usize>().map_err(|_| RfError::Parse {
                name,
                entry: i + 1,
                token: tok.trim().to_string(),
            })
        })
        .collect()
}

/// Writes a list the way [`parse_list`] reads it: `"3,3,3"`.
pub fn format_list(values: &[usize]) -> String {
    values
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(",")
}
