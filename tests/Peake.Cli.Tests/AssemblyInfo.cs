// Node processes are CPU-hungry and the machines have two cores: one cluster at a time keeps timings meaningful.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
