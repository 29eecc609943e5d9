using Asynkit.Examples.Catalogue;
using Asynkit.Examples.Hunt;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.RoughEdges;

/// <summary>The main program follows .NET tool conventions: --version, --replay, exit codes in --help, names checked.</summary>
public sealed class HuntOptionsTests
{
    private static readonly string[] s_programs = [.. BugCatalogue.All.Select(p => p.Name)];

    [Fact]
    public void Parse_MisspelledTraceName_RejectedWithTheValidNames()
    {
        ArgumentException error = Should.Throw<ArgumentException>(() => HuntOptions.Parse(["--trace", "lost-updat"], s_programs));

        error.Message.ShouldStartWith("--trace: no program is named 'lost-updat'; the programs are: ");
        error.Message.ShouldContain("lost-update");
    }

    [Fact]
    public void Parse_UnknownOnlyPrefix_RejectedWithTheValidNames() =>
        Should.Throw<ArgumentException>(() => HuntOptions.Parse(["--only", "philosofers"], s_programs)).Message.ShouldContain("the programs are: ");

    [Fact]
    public void Parse_VersionAndReplay_AreOptions()
    {
        HuntOptions.Parse(["--version"], s_programs).Version.ShouldBeTrue();
        HuntOptions.Parse(["--replay", "Lost-Update", "ak1_x"], s_programs).Replay.ShouldBe(("lost-update", "ak1_x"));
        CatalogueHunt.VersionText().ShouldMatch(@"^Asynkit\.Examples \S+ \(Asynkit\.Testing \S+\)$");
    }

    [Fact]
    public void Usage_Help_ListsTheExitCodes()
    {
        HuntOptions.Usage.ShouldContain("exit codes:");
        HuntOptions.Usage.ShouldContain($"  {HuntOptions.ExitOk}  every bug found");
        HuntOptions.Usage.ShouldContain($"  {HuntOptions.ExitFound}  a bug not found");
        HuntOptions.Usage.ShouldContain($"  {HuntOptions.ExitUsage}  a wrong command line");
        HuntOptions.Usage.ShouldContain("--replay NAME TOKEN");
        HuntOptions.Usage.ShouldContain("--version");
    }

    [Fact]
    public void Replay_TheTokenAHuntPrints_FailsAgainAndExitsZero()
    {
        BugProgram program = BugCatalogue.All.Single(p => p.Name == "lost-update");
        string token = Explorer.Explore(program.Buggy, new ExplorationOptions { Iterations = 1000, Seed = 2026 }).ReplayToken.ShouldNotBeNull();
        var output = new StringWriter();

        int exit = CatalogueHunt.Replay("lost-update", token, output, new StringWriter());

        exit.ShouldBe(HuntOptions.ExitOk);
        output.ToString().ShouldStartWith("'lost-update' fails in the replayed schedule, as when it was found:");
        output.ToString().ShouldContain("resumed at");
    }

    [Fact]
    public void Replay_MalformedToken_ExitsWithTheUsageCode()
    {
        var error = new StringWriter();

        CatalogueHunt.Replay("lost-update", "ak1_not-a-token", new StringWriter(), error).ShouldBe(HuntOptions.ExitUsage);
        error.ToString().ShouldStartWith("error: --replay lost-update: ");
    }

    [Fact]
    public void Run_UnwritableReportFolder_PrintsWhyAndStillReportsTheBugs()
    {
        string file = Path.GetTempFileName();
        try
        {
            var output = new StringWriter();
            var options = new HuntOptions { Only = ["lost-update"], Iterations = 1000, ReportDirectory = Path.Combine(file, "reports") };

            int exit = CatalogueHunt.Run(options, output);

            exit.ShouldBe(HuntOptions.ExitOk);
            output.ToString().ShouldContain("1 of 1 bugs found");
            output.ToString().ShouldContain("HTML timelines not written: ");
            output.ToString().ShouldContain("--replay lost-update ak1_");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
