// The meta-tests run the FailureExpected tests programmatically and time nothing; but exploration is CPU-bound and the
// machine small, so the tests of this project run one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
