namespace Sandbox.Benchmarks;

/// <summary>One benchmark: prints its figures to the console. Add a class implementing this and list it in <see cref="Program"/>.</summary>
internal interface IBenchmark
{
    /// <summary>Name used on the command line.</summary>
    string Name { get; }

    /// <summary>One line saying what it measures.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark and prints its figures.</summary>
    Task RunAsync(string[] args, CancellationToken cancellationToken);
}
