namespace Asynkit.Testing.Tests;

/// <summary>The per-task and per-loop extension slots through which features above the loop keep their state.</summary>
public sealed class ExtensionSlotsTests
{
    [Fact]
    public void Get_Empty_NullAndNoValues()
    {
        var slots = default(ExtensionSlots);

        slots.Get<string>().ShouldBeNull();
        slots.Values.Length.ShouldBe(0);
    }

    [Fact]
    public void GetOrAdd_SameTypeTwice_OneValue()
    {
        var slots = default(ExtensionSlots);

        List<int> first = slots.GetOrAdd<List<int>>();
        slots.GetOrAdd<List<int>>().ShouldBeSameAs(first);
        slots.Get<List<int>>().ShouldBeSameAs(first);
        slots.Values.Length.ShouldBe(1);
    }

    [Fact]
    public void TryAdd_TypeAlreadyThere_FalseAndTheFirstStays()
    {
        var slots = default(ExtensionSlots);
        slots.TryAdd("first").ShouldBeTrue();

        slots.TryAdd("second").ShouldBeFalse();
        slots.Get<string>().ShouldBe("first");
    }

    [Fact]
    public void Remove_OnlyThatInstance_OthersStay()
    {
        var slots = default(ExtensionSlots);
        var list = new List<int>();
        slots.TryAdd("text");
        slots.TryAdd(list);

        slots.Remove(new List<int>());
        slots.Get<List<int>>().ShouldBeSameAs(list);
        slots.Remove(list);
        slots.Get<List<int>>().ShouldBeNull();
        slots.Get<string>().ShouldBe("text");
        slots.Remove("text");
        slots.Values.Length.ShouldBe(0);
    }

    [Fact]
    public void EffectivePriority_ExtensionLendsABetterPriority_TaskRunsAtItAndTheExtensionHears()
    {
        AsynkitLoop.Run(async () =>
        {
            LoopTask task = AsynkitLoop.Current!.CreateTask(() => Task.CompletedTask, TaskPriority.Low);
            var lender = new Lender();
            task.Extensions.TryAdd(lender).ShouldBeTrue();

            lender.Lent = TaskPriority.High;
            task.UpdateEffectivePriority();
            task.EffectivePriority.ShouldBe(TaskPriority.High);
            task.Priority = TaskPriority.Normal;
            task.EffectivePriority.ShouldBe(TaskPriority.High);
            lender.Lent = null;
            task.UpdateEffectivePriority();
            task.EffectivePriority.ShouldBe(TaskPriority.Normal);

            lender.Heard.ShouldBe([TaskPriority.High, TaskPriority.Normal]);
            await task;
        });
    }

    private sealed class Lender : TaskExtension
    {
        public int? Lent { get; set; }

        public List<int> Heard { get; } = [];

        internal override int? LentPriority => Lent;

        internal override void OnEffectivePriorityChanged(LoopTask task, int depth) => Heard.Add(task.EffectivePriority);
    }
}
