//! Workspace-level integration tests; see `tests/*.rs`. This library is
//! empty: it exists only so that the package has a target besides its tests.
