//! The `regelwerk` binary; everything is in the `cli` library.

fn main() -> std::process::ExitCode {
    cli::run()
}
