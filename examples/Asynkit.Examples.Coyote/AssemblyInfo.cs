// Coyote engines share process-wide state; the tests of this rewritten assembly run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
