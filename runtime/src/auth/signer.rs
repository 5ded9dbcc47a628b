//! Request signing (in progress).
