//! The tensor engine. Never imports UI code.
