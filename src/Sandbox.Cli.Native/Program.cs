return await Sandbox.Cli.CliProgram.MainAsync(args);
