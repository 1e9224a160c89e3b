//! Start-up: the command line, or the desktop window.

use clap::{CommandFactory as _, Parser as _};

use agreement_explorer::cli::{Cli, run};

fn main() {
    let cli = Cli::parse();
    let code = match &cli.command {
        Some(command) => run(command, &mut std::io::stdout().lock(), &mut std::io::stderr()),
        None => {
            let _ = Cli::command().print_help();
            0
        }
    };
    std::process::exit(code);
}
