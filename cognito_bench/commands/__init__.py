"""One module per `cognito-bench` subcommand, each with `run(args) -> int`."""
