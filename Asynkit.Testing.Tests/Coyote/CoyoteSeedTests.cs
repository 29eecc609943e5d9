using Asynkit.Testing.Coyote;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Coyote;

public sealed class CoyoteSeedTests
{
    [Theory]
    [InlineData(CoyoteStrategy.Random)]
    [InlineData(CoyoteStrategy.Portfolio)]
    public void Explore_ConsecutiveSeeds_ExploreIndependentSchedules(CoyoteStrategy strategy)
    {
        List<string> first = Interleavings(seed: 40, strategy);
        List<string> second = Interleavings(seed: 41, strategy);

        // Unmixed, iteration i of seed 40 was iteration i - 1 of seed 41: every shifted pair matched.
        int shifted = Enumerable.Range(1, first.Count - 1).Count(i => first[i] == second[i - 1]);
        shifted.ShouldBeLessThan(3, $"seed 40: {string.Join(' ', first)}; seed 41: {string.Join(' ', second)}");
        first.Distinct().Count().ShouldBeGreaterThan(5);
    }

    [Fact]
    public void ForCoyote_ConsecutiveSeeds_AreFarApart()
    {
        for (int seed = -5; seed < 5; seed++)
        {
            long distance = Math.Abs((long)CoyoteSeeds.ForCoyote(seed + 1) - CoyoteSeeds.ForCoyote(seed));
            distance.ShouldBeGreaterThan(1_000_000);
        }

        CoyoteSeeds.ForCoyote(7).ShouldBe(CoyoteSeeds.ForCoyote(7));
    }

    /// <summary>The interleaving of three tasks of three yields each, one string per Coyote iteration.</summary>
    private static List<string> Interleavings(int seed, CoyoteStrategy strategy)
    {
        var runs = new List<string>();
        ExplorationResult result = CoyoteExplorer.Explore(
            async () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                var order = new System.Text.StringBuilder();
                var tasks = new Task[3];
                for (int t = 0; t < tasks.Length; t++)
                {
                    char name = (char)('a' + t);
                    tasks[t] = loop.CreateTask(async () =>
                    {
                        for (int i = 0; i < 3; i++)
                        {
                            order.Append(name);
                            await Task.Yield();
                        }
                    }).Task;
                }

                await Task.WhenAll(tasks);
                runs.Add(order.ToString());
            },
            new ExplorationOptions { Strategy = StrategyKind.Coyote, Iterations = 12, Seed = seed },
            new CoyoteOptions { Strategy = strategy });
        result.Failed.ShouldBeFalse(result.ToString());
        return runs;
    }
}
