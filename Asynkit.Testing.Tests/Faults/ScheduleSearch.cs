using Asynkit.Testing.Faults;

namespace Asynkit.Testing.Tests.Faults;

/// <summary>Runs a test body under every schedule of a <see cref="DepthFirstStrategy"/>, with a fault plan attached to each fresh loop.</summary>
internal static class ScheduleSearch
{
    public sealed record Result(int Schedules, Exception? Failure, IReadOnlyList<int>? FailingChoices, IReadOnlyList<string>? FailingDecisions);

    public static Result Explore(Func<Task> test, IFaultPlan plan, int maxSchedules = 10_000)
    {
        var strategy = new DepthFirstStrategy();
        int schedules = 0;
        do
        {
            schedules++;
            Exception? failure = RunOnce(test, plan, strategy);
            if (failure is not null)
            {
                return new Result(schedules, failure, strategy.Choices, strategy.Decisions);
            }
        }
        while (strategy.Advance() && schedules < maxSchedules);

        return new Result(schedules, null, null, null);
    }

    public static Exception? RunOnce(Func<Task> test, IFaultPlan plan, IScheduleStrategy strategy)
    {
        using var loop = new AsynkitLoop(new LoopOptions { Strategy = strategy });
        using FaultSession session = FaultPoints.Attach(loop, plan);
        try
        {
            loop.RunUntilComplete(test);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
