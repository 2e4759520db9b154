//! URL query-string state shared by every lesson page.
