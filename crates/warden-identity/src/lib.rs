//! Agent identity for Warden (work in progress).
