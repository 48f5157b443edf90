// One swarm, shared by every test; the tests disturb it (kill, drain, update), so they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: AssemblyFixture(typeof(Sandbox.ScaleOut.Tests.SwarmCluster))]
[assembly: TestCaseOrderer(typeof(Sandbox.ScaleOut.Tests.StepOrderer))]
