// Each multi-node test starts several ActorSystems, Kestrel servers and dcmtk processes: one at a time keeps the
// failure detectors and the time bounds honest on a small CI machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
