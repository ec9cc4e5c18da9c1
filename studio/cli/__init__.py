"""The command line: one subcommand a module, all over the application services (studio.app)."""
