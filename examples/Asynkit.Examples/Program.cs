// The main program: hunts the races of the bug catalogue (examples/Asynkit.Examples/Catalogue) with the schedule
// explorer, checks that every fixed twin is clean, and prints what it found. `--help` lists the options and exit codes.
using Asynkit.Examples.Catalogue;
using Asynkit.Examples.Hunt;

HuntOptions options;
try
{
    options = HuntOptions.Parse(args, [.. BugCatalogue.All.Select(p => p.Name)]);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine(HuntOptions.Usage);
    return HuntOptions.ExitUsage;
}

if (options.Help)
{
    Console.WriteLine(HuntOptions.Usage);
    return HuntOptions.ExitOk;
}

if (options.Version)
{
    Console.WriteLine(CatalogueHunt.VersionText());
    return HuntOptions.ExitOk;
}

return options.Replay is { } replay
    ? CatalogueHunt.Replay(replay.Name, replay.Token, Console.Out, Console.Error)
    : CatalogueHunt.Run(options, Console.Out);
