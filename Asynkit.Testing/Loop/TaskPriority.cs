namespace Asynkit.Testing;

/// <summary>Named task priorities (asynkit's Priority): lower values run first under <see cref="LoopOptions.PriorityScheduling"/>.</summary>
/// <remarks>Any int is a valid priority; these are the conventional levels.</remarks>
public static class TaskPriority
{
    /// <summary>Runs after normal tasks (10).</summary>
    public const int Low = 10;

    /// <summary>The default priority of tasks and of items that belong to no task (0).</summary>
    public const int Normal = 0;

    /// <summary>Runs before normal tasks (-10).</summary>
    public const int High = -10;
}
