// The main program: hunts the races of the bug catalogue (examples/Asynkit.Examples/Catalogue) with the schedule
// explorer, checks that every fixed twin is clean, and prints what it found. Exit code 0 only if every bug was found and
// every fixed twin passed. `--help` lists the options.
using Asynkit.Examples.Hunt;

HuntOptions options;
try
{
    options = HuntOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine(HuntOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(HuntOptions.Usage);
    return 0;
}

return CatalogueHunt.Run(options, Console.Out);
