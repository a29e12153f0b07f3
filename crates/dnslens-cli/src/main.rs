//! The `dnslens` binary: see the library for the commands.

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let code = dnslens_cli::run(
        std::env::args_os(),
        &mut std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
        // Not held locked: a notice from another thread (`read`'s "still reading") must get
        // through while the main thread waits for its input.
        &mut std::io::stderr(),
    );
    ExitCode::from(code)
}
