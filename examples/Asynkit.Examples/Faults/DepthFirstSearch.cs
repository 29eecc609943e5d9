namespace Asynkit.Examples.Faults;

using Asynkit.Testing;
using Asynkit.Testing.Faults;

/// <summary>A minimal exhaustive search through the IScheduleStrategy seam: depth-first over every choice (ready items and fault
/// decisions), a fresh loop per schedule. A stand-in for the Explorer (Asynkit.Testing.Exploration), which does this and more.</summary>
internal sealed class DepthFirstSearch : IScheduleStrategy
{
    private readonly List<(int Chosen, int Count)> _path = [];
    private int _position;

    /// <summary>Runs <paramref name="test"/> under every schedule until one fails; returns the failure and its choices, or nulls.</summary>
    public static (int Schedules, Exception? Failure, IReadOnlyList<int>? Choices) Explore(Func<Task> test, IFaultPlan plan)
    {
        var search = new DepthFirstSearch();
        int schedules = 0;
        do
        {
            schedules++;
            if (RunOnce(test, plan, search) is { } failure)
            {
                return (schedules, failure, search._path.Take(search._position).Select(c => c.Chosen).ToList());
            }
        }
        while (search.Advance());

        return (schedules, null, null);
    }

    /// <summary>Runs <paramref name="test"/> once on a fresh loop with <paramref name="strategy"/> and <paramref name="plan"/>.</summary>
    public static Exception? RunOnce(Func<Task> test, IFaultPlan plan, IScheduleStrategy strategy)
    {
        using var loop = new AsynkitLoop(new LoopOptions { Strategy = strategy, IdleGracePeriod = TimeSpan.Zero });
        using FaultSession session = Faults.Attach(loop, plan);
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

    public int Choose(in ChoicePoint point)
    {
        if (_position == _path.Count)
        {
            _path.Add((0, point.Count));
        }

        return _path[_position++].Chosen;
    }

    private bool Advance()
    {
        _path.RemoveRange(_position, _path.Count - _position);
        _position = 0;
        while (_path.Count > 0)
        {
            (int chosen, int count) = _path[^1];
            _path.RemoveAt(_path.Count - 1);
            if (chosen + 1 < count)
            {
                _path.Add((chosen + 1, count));
                return true;
            }
        }

        return false;
    }
}
